package dev.sealdex.api.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealdex.api.ApiContext;
import dev.sealdex.api.Main;
import dev.sealdex.api.SealdexVersion;
import dev.sealdex.engine.kernel.KernelSelector;
import dev.sealdex.engine.kernel.KernelSettings;
import io.helidon.http.Status;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.http.HttpRouting;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code /v1/health}, written once and run both without a socket ({@link HealthRoutingTest})
 * and against a real server ({@link HealthServerTest}).
 */
abstract class HealthContract {

    private final Http1Client client;

    HealthContract(Http1Client client) {
        this.client = client;
    }

    static void routes(HttpRouting.Builder routing) {
        ApiContext context = new ApiContext(SealdexVersion.get(),
                new KernelSelector().select(KernelSettings.auto()), "memory");
        Main.routing(routing, context);
    }

    @Test
    @SuppressWarnings("unchecked")
    void healthIsOpenAndNamesTheKernels() {
        try (Http1ClientResponse response = client.get("/v1/health").request()) {
            assertEquals(Status.OK_200, response.status());
            Map<String, Object> body = response.as(Map.class);
            assertEquals("healthy", body.get("status"));
            assertEquals("v1", body.get("api_version"));
            assertEquals(SealdexVersion.get(), body.get("version"));
            // The test JVM runs with the incubator module, so the Panama backend must be in use.
            assertTrue(String.valueOf(body.get("kernels")).startsWith("panama-"), body.toString());
            assertTrue(String.valueOf(body.get("gpu")).startsWith("unavailable: ")
                    || "in use".equals(body.get("gpu")), body.toString());
            body.values().forEach(value -> assertTrue(value instanceof String, "health values are strings"));
        }
    }

    @Test
    void unknownRouteIs404() {
        try (Http1ClientResponse response = client.get("/v1/nope").request()) {
            assertEquals(Status.NOT_FOUND_404, response.status());
        }
    }
}
