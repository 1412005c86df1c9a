package dev.sealdex.api.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sealdex.api.ApiContext;
import dev.sealdex.api.auth.AuthPolicy;
import dev.sealdex.api.auth.RouteAccess;
import dev.sealdex.api.http.RouteSpec;
import dev.sealdex.api.testing.TestApi;
import io.helidon.webclient.http1.Http1Client;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Single-key mode ({@code REQUIRE_API_KEY=true}, the default): {@code X-API-Key} must be the one
 * service key on every route but health (training-status too: it names indexes); user routes are
 * 403 (no RBAC).
 */
abstract class SingleKeyAuthContract extends AuthMatrixContract {

    SingleKeyAuthContract(Http1Client client) {
        super(client, TestApi.SERVICE_KEY);
    }

    static ApiContext context() {
        return TestApi.context(AuthPolicy.singleKey(TestApi.SERVICE_KEY));
    }

    @Override
    String rootKey() {
        return TestApi.SERVICE_KEY;
    }

    @Override
    Set<Integer> expected(RouteSpec route, Credential credential) {
        if (route.access() == RouteAccess.PUBLIC) {
            return Set.of(200);
        }
        if (credential != Credential.ROOT) {
            return Set.of(401);
        }
        return route.access() == RouteAccess.USERS ? Set.of(403) : success(route);
    }

    @Test
    void headerNameIsCaseInsensitive() {
        assertEquals(200, anonymous.get("/v1/indexes/list", "x-api-key", TestApi.SERVICE_KEY).status());
        assertEquals(200, anonymous.get("/v1/indexes/list", "X-API-KEY", TestApi.SERVICE_KEY).status());
        assertEquals(401, anonymous.get("/v1/indexes/list", "X-API-Key", TestApi.SERVICE_KEY + "x").status());
        assertEquals(401, anonymous.get("/v1/indexes/list", "X-API-Key", TestApi.SERVICE_KEY.substring(1)).status());
    }

    @Test
    void metricsAcceptTheKeyAsABearerToken() {
        assertEquals(200, anonymous.get("/observe/metrics", "Authorization", "Bearer " + TestApi.SERVICE_KEY).status());
        assertEquals(401, anonymous.get("/observe/metrics", "Authorization", "Bearer nope").status());
        assertEquals(401, anonymous.get("/v1/indexes/list", "Authorization", "Bearer " + TestApi.SERVICE_KEY).status(),
                "only metrics take a bearer token");
    }
}
