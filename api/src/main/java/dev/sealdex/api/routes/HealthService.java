package dev.sealdex.api.routes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sealdex.api.ApiContext;
import dev.sealdex.api.auth.Caller;
import dev.sealdex.api.auth.RouteAccess;
import dev.sealdex.api.http.Endpoint;
import dev.sealdex.api.http.Json;
import dev.sealdex.api.http.RouteSpec;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;

/**
 * {@code GET /v1/health}: always open, always {@code "healthy"} while the server answers, and,
 * beyond CyborgDB, which kernel backend and storage are in use and why the GPU is not. Every
 * value is a string, as the CyborgDB schema says.
 */
public final class HealthService extends ApiService {

    private final ObjectNode body;

    /** Builds the (fixed) health body from the start-up context. */
    public HealthService(ApiContext context) {
        super(context);
        ObjectNode map = Json.object();
        map.put("status", "healthy");
        map.put("api_version", "v1");
        map.put("version", context.version());
        map.put("kernels", context.kernels().kernels().name());
        String gpu = context.kernels().id().equals("gpu") ? "in use" : context.kernels().rejected().get("gpu");
        if (gpu != null) {
            map.put("gpu", gpu);
        }
        map.put("storage", context.storageType());
        this.body = map;
    }

    @Override
    public List<Endpoint> endpoints() {
        return List.of(new Endpoint(new RouteSpec(Method.GET, "/v1/health", RouteAccess.PUBLIC), this::health));
    }

    private void health(ServerRequest request, ServerResponse response, Caller caller) {
        Json.ok(response, body);
    }
}
