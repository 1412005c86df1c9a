package dev.sealdex.api.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealdex.api.ApiContext;
import dev.sealdex.api.SealdexVersion;
import dev.sealdex.api.auth.AuthPolicy;
import dev.sealdex.api.testing.Api;
import dev.sealdex.api.testing.TestApi;
import io.helidon.webclient.http1.Http1Client;
import java.util.Iterator;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * {@code /v1/health} and the cross-cutting basics (request ids, 404 and 405 bodies), written once
 * and run both without a socket ({@link HealthRoutingTest}) and against a real server
 * ({@link HealthServerTest}). The server runs in single-key mode: health must stay open.
 */
abstract class HealthContract {

    private final Api api;

    HealthContract(Http1Client client) {
        this.api = new Api(client);
    }

    static ApiContext context() {
        return TestApi.context(AuthPolicy.singleKey(TestApi.SERVICE_KEY));
    }

    @Test
    void healthIsOpenAndNamesTheKernels() {
        Api.Response response = api.get("/v1/health");
        assertEquals(200, response.status());
        JsonNode body = response.body();
        assertEquals("healthy", body.get("status").asText());
        assertEquals("v1", body.get("api_version").asText());
        assertEquals(SealdexVersion.get(), body.get("version").asText());
        assertEquals("memory", body.get("storage").asText());
        // The test JVM runs with the incubator module, so the Panama backend must be in use.
        assertTrue(body.get("kernels").asText().startsWith("panama-"), body.toString());
        assertTrue(body.get("gpu").asText().startsWith("unavailable: ") || "in use".equals(body.get("gpu").asText()),
                body.toString());
        for (Iterator<Map.Entry<String, JsonNode>> it = body.properties().iterator(); it.hasNext(); ) {
            assertTrue(it.next().getValue().isTextual(), "health values are strings");
        }
    }

    @Test
    void everyResponseHasARequestId() {
        Api.Response response = api.get("/v1/health");
        assertTrue(response.header("X-Request-Id").matches("[0-9a-f]{24}"), response.headers().toString());
        Api.Response echoed = api.get("/v1/health", "X-Request-Id", "client-chosen-42");
        assertEquals("client-chosen-42", echoed.header("X-Request-Id"));
        Api.Response odd = api.get("/v1/health", "X-Request-Id", "has spaces and \"quotes\"");
        assertTrue(odd.header("X-Request-Id").matches("[0-9a-f]{24}"), "an unsafe id is replaced");
        Api.Response error = api.get("/v1/nope");
        assertTrue(error.header("X-Request-Id") != null, "errors carry a request id too");
    }

    @Test
    void unknownRouteIs404InTheErrorShape() {
        Api.Response response = api.get("/v1/nope");
        assertEquals(404, response.status());
        assertEquals(404, response.body().get("status_code").asInt());
        assertEquals("Not Found", response.detail());
    }

    @Test
    void wrongMethodIs405WithAllow() {
        Api.Response response = api.post("/v1/health", "{}");
        assertEquals(405, response.status());
        assertEquals("GET", response.header("Allow"));
        assertEquals(405, response.body().get("status_code").asInt());
        Api.Response list = api.delete("/v1/indexes/create");
        assertEquals(405, list.status());
        assertEquals("POST", list.header("Allow"));
    }
}
