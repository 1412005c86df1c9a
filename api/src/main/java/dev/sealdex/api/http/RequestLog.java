package dev.sealdex.api.http;

import dev.sealdex.api.metrics.ApiMetrics;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Runs around every request: gives it an {@code X-Request-Id} (the client's, when it sent a sane
 * one), then once the response is sent counts it in the metrics and writes one access-log line.
 * The line holds the method, the path without its query string (which may carry an
 * {@code index_key}), the status, the time taken and the request id: never a header value, a key
 * or a body.
 */
public final class RequestLog implements Filter {

    /** The request and response header carrying the request id. */
    public static final HeaderName REQUEST_ID = HeaderNames.create("X-Request-Id");
    /** The logger of the access log. */
    public static final String ACCESS_LOGGER = "dev.sealdex.api.access";
    /** Context key under which the route template of the matched endpoint is registered. */
    public static final String ROUTE_KEY = "sealdex.route";

    private static final Logger ACCESS = System.getLogger(ACCESS_LOGGER);
    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiMetrics metrics;

    /** A filter reporting to {@code metrics}. */
    public RequestLog(ApiMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        long started = System.nanoTime();
        String id = request.headers().first(REQUEST_ID).filter(v -> SANE_ID.matcher(v).matches())
                .orElseGet(RequestLog::newRequestId);
        response.header(REQUEST_ID, id);
        String method = request.prologue().method().text();
        response.whenSent(() -> {
            long nanos = System.nanoTime() - started;
            int status = response.status().code();
            // The route template registered by the matched endpoint, never the raw path: a client cannot mint labels.
            String route = request.context().get(ROUTE_KEY, String.class).orElse("unmatched");
            metrics.request(route, method, status, nanos);
            if (ACCESS.isLoggable(Level.INFO)) {
                ACCESS.log(Level.INFO, "{0} {1} {2} {3} ms id={4}", method,
                        Json.printable(request.path().rawPath()), String.valueOf(status),
                        String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6), id);
            }
        });
        chain.proceed();
    }

    /** A new random request id: 24 hex characters. */
    public static String newRequestId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
