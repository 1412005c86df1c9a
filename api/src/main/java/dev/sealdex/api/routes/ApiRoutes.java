package dev.sealdex.api.routes;

import dev.sealdex.api.ApiContext;
import dev.sealdex.api.http.Limits;
import dev.sealdex.api.http.RequestLog;
import dev.sealdex.api.http.RouteSpec;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import java.util.List;

/**
 * Every route Sealdex serves, in one place: the services, the request log, the error mapper and
 * the fallback. The server and the tests both build their routing here, so routes are tested
 * with and without a socket exactly as they are served.
 */
public final class ApiRoutes {

    private ApiRoutes() {
    }

    /** The services, in registration order. */
    static List<ApiService> services(ApiContext context) {
        return List.of(new HealthService(context), new IndexesService(context), new VectorsService(context),
                new UsersService(context), new ObserveService(context), new OpenApiService(context),
                new DocsService(context));
    }

    /** Every route served, as the OpenAPI document must describe them. */
    public static List<RouteSpec> routes(ApiContext context) {
        return services(context).stream().flatMap(service -> service.endpoints().stream())
                .map(endpoint -> endpoint.spec()).toList();
    }

    /** Registers every route on {@code routing}, behind the request log and the error mapper. */
    public static void routing(HttpRouting.Builder routing, ApiContext context) {
        List<ApiService> services = services(context);
        routing.addFilter(new RequestLog(context.metrics()));
        ErrorMapper.register(routing, context.metrics());
        services.forEach(routing::register);
        routing.any(new Fallback(services.stream().flatMap(s -> s.endpoints().stream()).map(e -> e.spec()).toList()));
    }

    /**
     * Applies the listener settings every server needs (the body limit, JSON bodies for errors
     * Helidon answers itself) and the routing; tests with a socket call this too.
     */
    public static void configure(WebServerConfig.Builder server, ApiContext context) {
        // Bodies over the limit are refused by Json.readBody (413, then a bounded discard so the
        // client sees it); Helidon refuses outright only what is beyond the discard allowance too.
        server.maxPayloadSize(context.limits().maxBodyBytes() + Limits.DISCARD_BYTES)
                .directHandlers(ErrorMapper.directHandlers())
                .routing(routing -> routing(routing, context));
    }
}
