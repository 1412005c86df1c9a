package dev.sealdex.api.routes;

import static dev.sealdex.api.testing.Api.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sealdex.api.ApiContext;
import dev.sealdex.api.auth.AuthPolicy;
import dev.sealdex.api.testing.Api;
import dev.sealdex.api.testing.TestApi;
import io.helidon.webclient.http1.Http1Client;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Operations routes: probes, Prometheus metrics, the OpenAPI document as served, and the
 * Swagger UI page. Single-key mode: probes, the document and the docs stay open.
 */
abstract class ObserveContract {

    static final String KEY = TestApi.key(51);

    private final Api anonymous;
    private final Api api;

    ObserveContract(Http1Client client) {
        this.anonymous = new Api(client);
        this.api = anonymous.withKey(TestApi.SERVICE_KEY);
    }

    static ApiContext context() {
        return TestApi.context(AuthPolicy.singleKey(TestApi.SERVICE_KEY));
    }

    @Test
    void probesAreOpenAndUp() {
        for (String path : List.of("/observe/health", "/observe/health/live", "/observe/health/ready")) {
            Api.Response response = anonymous.get(path);
            assertEquals(200, response.status(), path);
            assertEquals("UP", response.body().get("status").asText(), path);
            assertTrue(response.body().get("checks").isArray(), path);
        }
        JsonNode ready = anonymous.get("/observe/health/ready").body().get("checks").get(0);
        assertEquals("database", ready.get("name").asText());
        assertEquals("memory", ready.get("data").get("storage").asText());
    }

    @Test
    void metricsCountRequestsItemsAndBackends() {
        assertEquals(401, anonymous.get("/observe/metrics").status());
        String index = "observed";
        api.post("/v1/indexes/create", json("index_name", index, "index_key", KEY, "dimension", 2));
        api.post("/v1/vectors/upsert", json("index_name", index, "index_key", KEY, "items",
                List.of(json("id", "a", "vector", List.of(1, 2)), json("id", "b", "vector", List.of(2, 1)))));
        api.post("/v1/indexes/describe", json("index_name", index, "index_key", TestApi.key(52)));
        // A request is counted when its response has been sent, which can be just after the client
        // has read it: wait (boundedly) until the last one is in.
        Api.Response metrics = api.get("/observe/metrics");
        for (int tries = 0; tries < 100 && !metrics.text().contains("route=\"/v1/indexes/describe\""); tries++) {
            sleep(20);
            metrics = api.get("/observe/metrics");
        }
        assertEquals(200, metrics.status());
        assertTrue(metrics.header("Content-Type").startsWith("text/plain"), metrics.headers().toString());
        String text = metrics.text();
        assertTrue(text.contains("sealdex_http_requests_total{route=\"/v1/vectors/upsert\",method=\"POST\",status=\"200\"}"),
                text);
        assertTrue(text.contains("sealdex_http_requests_total{route=\"/v1/indexes/describe\",method=\"POST\",status=\"401\"}"),
                text);
        assertTrue(text.contains("sealdex_http_request_duration_seconds_bucket{route=\"/v1/vectors/upsert\","
                + "method=\"POST\",status=\"200\",le=\"+Inf\"}"), text);
        assertTrue(text.contains("sealdex_index_items{index=\"observed\"} 2"), text);
        assertTrue(text.contains("sealdex_kernel_backend{backend=\"" + TestApi.KERNELS.id() + "\""), text);
        assertTrue(text.contains("sealdex_gpu_fallbacks_total 0"), text);
        assertTrue(text.contains("sealdex_integrity_failures_total 0"), text);
        assertTrue(text.contains("sealdex_training_queue_length 0"), text);
        assertFalse(text.contains(KEY) || text.contains(TestApi.SERVICE_KEY), "no key in the metrics");
        for (String line : text.split("\n")) {
            assertTrue(line.startsWith("#") || line.matches("[a-z_]+(\\{.*})? [-+0-9.eE]+|[a-z_]+(\\{.*})? \\+?Inf"),
                    "not Prometheus text: " + line);
        }
        api.post("/v1/indexes/delete", json("index_name", index, "index_key", KEY));
        assertFalse(api.get("/observe/metrics").text().contains("sealdex_index_items{index=\"observed\"}"));
    }

    @Test
    void inventedMethodsAndPathsDoNotGrowTheMetrics() {
        // Requests are counted before authentication, so the labels must not take values from the client.
        invented(0);
        api.get("/observe/metrics");
        int before = requestSeries(api.get("/observe/metrics").text()).size();
        for (int i = 1; i <= 40; i++) {
            invented(i);
        }
        String text = api.get("/observe/metrics").text();
        List<String> series = requestSeries(text);
        assertEquals(before, series.size(), "40 invented methods and paths added series:\n" + String.join("\n", series));
        assertFalse(text.contains("INVENTED") || text.contains("no-such-path"), text);
        assertTrue(text.contains("method=\"OTHER\""), text);
        assertTrue(text.contains("route=\"unmatched\""), text);
    }

    /** Sends one request with an invented method to an unknown path, and one GET to another unknown path. */
    private void invented(int i) {
        Api.Response odd = api.send(io.helidon.http.Method.create("INVENTED" + i), "/no-such-path/" + i, null, false);
        assertTrue(odd.status() >= 400 && odd.status() < 500, odd.toString());
        assertEquals(404, anonymous.get("/v1/no-such-path-" + i).status());
    }

    private static List<String> requestSeries(String text) {
        return text.lines().filter(line -> line.startsWith("sealdex_http_requests_total{"))
                .map(line -> line.substring(0, line.lastIndexOf(' '))).toList();
    }

    @Test
    void openApiIsServedAsYamlAndJson() throws Exception {
        Api.Response yaml = anonymous.get("/openapi");
        assertEquals(200, yaml.status());
        assertTrue(yaml.header("Content-Type").startsWith("application/yaml"), yaml.headers().toString());
        assertTrue(yaml.text().startsWith("openapi: 3"), yaml.text().substring(0, 40));
        Api.Response json = anonymous.get("/openapi?format=json");
        assertEquals(200, json.status());
        assertTrue(json.body().get("paths").has("/v1/vectors/query"), json.text().substring(0, 100));
        Api.Response accept = anonymous.get("/openapi", "Accept", "application/json");
        assertEquals(json.body(), accept.body());
        assertEquals(new ObjectMapper().valueToTree(OpenApiService.parse(OpenApiService.read())), json.body());
    }

    @Test
    void docsPageLoadsSwaggerUi() {
        Api.Response page = anonymous.get("/docs");
        assertEquals(200, page.status());
        assertTrue(page.header("Content-Type").startsWith("text/html"));
        assertTrue(page.text().contains("/docs/swagger-ui-bundle.js") && page.text().contains("url: \"/openapi\""));
        for (String asset : DocsService.ASSETS.keySet()) {
            Api.Response response = anonymous.get("/docs/" + asset);
            assertEquals(200, response.status(), asset);
            assertEquals(DocsService.ASSETS.get(asset), response.header("Content-Type"), asset);
        }
        assertEquals(404, anonymous.get("/docs/index.html").status());
        assertEquals(404, anonymous.get("/docs/..%2F..%2Fpom.xml").status());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
