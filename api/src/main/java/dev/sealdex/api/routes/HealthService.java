package dev.sealdex.api.routes;

import dev.sealdex.api.ApiContext;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /v1/health}: always open, always {@code "healthy"} while the server answers, and,
 * beyond CyborgDB, which kernel backend and storage are in use and why the GPU is not.
 */
public final class HealthService implements HttpService {

    private final Map<String, String> body;

    /** Builds the (fixed) health body from the start-up context. */
    public HealthService(ApiContext context) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("status", "healthy");
        map.put("api_version", "v1");
        map.put("version", context.version());
        map.put("kernels", context.kernels().kernels().name());
        String gpu = context.kernels().id().equals("gpu") ? "in use" : context.kernels().rejected().get("gpu");
        if (gpu != null) {
            map.put("gpu", gpu);
        }
        map.put("storage", context.storageType());
        this.body = Collections.unmodifiableMap(map);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::health);
    }

    private void health(ServerRequest request, ServerResponse response) {
        response.send(body);
    }
}
