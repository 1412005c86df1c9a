package dev.sealdex.api.routes;

import dev.sealdex.api.http.ApiException;
import dev.sealdex.api.http.RouteSpec;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The last route: a known path with another method is 405 (with {@code Allow}), anything else
 * 404, both as JSON error bodies.
 */
public final class Fallback implements Handler {

    private final List<RouteSpec> routes;

    /** A fallback knowing {@code routes}. */
    public Fallback(List<RouteSpec> routes) {
        this.routes = List.copyOf(routes);
    }

    @Override
    public void handle(ServerRequest request, ServerResponse response) {
        String path = request.path().path();
        String allowed = routes.stream().filter(route -> route.matchesPath(path))
                .map(route -> route.method().text()).distinct().sorted().collect(Collectors.joining(", "));
        if (!allowed.isEmpty()) {
            throw new ApiException(405, "Method Not Allowed", Map.of("Allow", allowed));
        }
        throw new ApiException(404, "Not Found");
    }
}
