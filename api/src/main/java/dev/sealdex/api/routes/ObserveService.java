package dev.sealdex.api.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sealdex.api.ApiContext;
import dev.sealdex.api.auth.Caller;
import dev.sealdex.api.auth.RouteAccess;
import dev.sealdex.api.http.Endpoint;
import dev.sealdex.api.http.Json;
import dev.sealdex.api.http.RouteSpec;
import dev.sealdex.engine.db.TrainingStatus;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Operations routes: liveness and readiness probes at {@code /observe/health} (MicroProfile
 * Health's shape: {@code {"status": "UP", "checks": [...]}}, 503 when down) and Prometheus
 * metrics at {@code /observe/metrics}.
 */
public final class ObserveService extends ApiService {

    /** Operations routes over {@code context}. */
    public ObserveService(ApiContext context) {
        super(context);
    }

    @Override
    public List<Endpoint> endpoints() {
        return List.of(
                new Endpoint(new RouteSpec(Method.GET, "/observe/health", RouteAccess.PUBLIC), this::all),
                new Endpoint(new RouteSpec(Method.GET, "/observe/health/live", RouteAccess.PUBLIC), this::live),
                new Endpoint(new RouteSpec(Method.GET, "/observe/health/ready", RouteAccess.PUBLIC), this::ready),
                new Endpoint(new RouteSpec(Method.GET, "/observe/metrics", RouteAccess.METRICS), this::metrics));
    }

    private void all(ServerRequest request, ServerResponse response, Caller caller) {
        send(response, List.of(liveCheck(), readyCheck()));
    }

    private void live(ServerRequest request, ServerResponse response, Caller caller) {
        send(response, List.of(liveCheck()));
    }

    private void ready(ServerRequest request, ServerResponse response, Caller caller) {
        send(response, List.of(readyCheck()));
    }

    private void metrics(ServerRequest request, ServerResponse response, Caller caller) {
        String text = context.metrics().render(context.kernels(), context.storageType(), context.version(),
                context.database().trainingStatus(), context.database().indexNames().size());
        response.header(HeaderValues.create("Content-Type", "text/plain; version=0.0.4; charset=utf-8"));
        response.send(text.getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectNode liveCheck() {
        ObjectNode check = Json.object();
        check.put("name", "server");
        check.put("status", "UP");
        return check;
    }

    private ObjectNode readyCheck() {
        ObjectNode check = Json.object();
        check.put("name", "database");
        boolean up;
        try {
            TrainingStatus training = context.database().trainingStatus();
            int indexes = context.database().indexNames().size();
            up = training.workerRunning();
            ObjectNode data = check.putObject("data");
            data.put("storage", context.storageType());
            data.put("indexes", indexes);
            data.put("training_worker", training.workerRunning() ? "running" : "stopped");
            data.put("kernels", context.kernels().kernels().name());
        } catch (RuntimeException e) {
            up = false;
            check.putObject("data").put("error", "the catalog cannot be read");
        }
        check.put("status", up ? "UP" : "DOWN");
        return check;
    }

    private static void send(ServerResponse response, List<ObjectNode> checks) {
        boolean up = checks.stream().allMatch(c -> "UP".equals(c.get("status").asText()));
        ObjectNode body = Json.object();
        body.put("status", up ? "UP" : "DOWN");
        ArrayNode list = body.putArray("checks");
        checks.forEach(list::add);
        Json.send(response, up ? 200 : 503, body);
    }
}
