package dev.sealdex.api.routes;

import dev.sealdex.api.ApiContext;
import dev.sealdex.api.auth.Caller;
import dev.sealdex.api.http.Endpoint;
import dev.sealdex.api.http.RequestLog;
import dev.sealdex.api.http.RouteSpec;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Locale;

/**
 * A resource group: a list of {@link Endpoint}s, each registered at its absolute path and called
 * only after {@link dev.sealdex.api.auth.AuthPolicy} has checked {@code X-API-Key} for the route.
 * The same list feeds the OpenAPI check, so what is served and what is documented cannot drift.
 */
public abstract class ApiService implements HttpService {

    /** The request header carrying the API key. */
    public static final HeaderName API_KEY = HeaderNames.create("X-API-Key");

    /** What every service shares. */
    protected final ApiContext context;

    /** A service over {@code context}. */
    protected ApiService(ApiContext context) {
        this.context = context;
    }

    /** The endpoints of this group. */
    public abstract List<Endpoint> endpoints();

    @Override
    public final void routing(HttpRules rules) {
        for (Endpoint endpoint : endpoints()) {
            RouteSpec spec = endpoint.spec();
            rules.route(spec.method(), spec.path(), (request, response) -> {
                request.context().register(RequestLog.ROUTE_KEY, spec.path());
                context.auth().checkBrowserSafe(request.headers().first(HeaderNames.HOST).orElse(null),
                        hasBody(request), request.headers().contains(HeaderNames.CONTENT_TYPE));
                Caller caller = context.auth().authenticate(spec.access(), request.headers().first(API_KEY).orElse(null),
                        bearer(request));
                endpoint.handler().handle(request, response, caller);
            });
        }
    }

    private static boolean hasBody(ServerRequest request) {
        return request.headers().contains(HeaderNames.TRANSFER_ENCODING)
                || request.headers().first(HeaderNames.CONTENT_LENGTH).map(v -> !v.trim().equals("0")).orElse(false);
    }

    private static String bearer(ServerRequest request) {
        return request.headers().first(HeaderNames.AUTHORIZATION)
                .filter(value -> value.length() > 7 && value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer "))
                .map(value -> value.substring(7).trim())
                .orElse(null);
    }

    /** Sends 204 No Content. */
    protected static void noContent(ServerResponse response) {
        response.status(204).send();
    }
}
