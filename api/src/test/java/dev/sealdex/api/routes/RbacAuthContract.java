package dev.sealdex.api.routes;

import static dev.sealdex.api.testing.Api.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealdex.api.ApiContext;
import dev.sealdex.api.auth.AuthPolicy;
import dev.sealdex.api.auth.RouteAccess;
import dev.sealdex.api.http.RouteSpec;
import dev.sealdex.api.testing.Api;
import dev.sealdex.api.testing.TestApi;
import io.helidon.webclient.http1.Http1Client;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * RBAC mode ({@code CYBORGDB_SERVICE_ROOT_KEY}): the root key may do everything; a {@code cdbk_}
 * user key only reads or writes its own index; admin and user routes are root-only (403 for a
 * user key); a bad or missing key is 401 {@code Invalid API Key}. Real user keys are minted
 * through the API for the read, write, other-index and revoked cases.
 */
abstract class RbacAuthContract extends AuthMatrixContract {

    RbacAuthContract(Http1Client client) {
        super(client, TestApi.ROOT_KEY);
    }

    static ApiContext context() {
        return TestApi.context(AuthPolicy.rbac(TestApi.ROOT_KEY));
    }

    @Override
    String rootKey() {
        return TestApi.ROOT_KEY;
    }

    @Override
    Set<Integer> expected(RouteSpec route, Credential credential) {
        if (route.access() == RouteAccess.PUBLIC) {
            return Set.of(200);
        }
        return switch (credential) {
            case NONE, WRONG -> Set.of(401);
            case ROOT -> success(route);
            // A token no user holds is no credential: 401 on every route.
            case UNKNOWN_TOKEN -> Set.of(401);
        };
    }

    /** A new user of {@code index} with {@code permissions}, as (user id, token). */
    private String[] user(String index, String key, List<String> permissions) {
        Api.Response created = root.post("/v1/indexes/" + index + "/users", json("permissions", permissions,
                "index_key", key));
        assertEquals(200, created.status(), created.toString());
        String token = created.body().get("api_key").asText();
        assertTrue(token.startsWith("cdbk_"), token);
        assertTrue(created.body().get("user_id").asText().matches("[0-9a-f]{32}"), created.toString());
        return new String[] {created.body().get("user_id").asText(), token};
    }

    private void tokenMatrix(String token, Set<RouteAccess> allowed, int denied, int refusedData) {
        List<String> failures = new ArrayList<>();
        for (RouteSpec route : ApiRoutes.routes(TestApi.context(AuthPolicy.open()))) {
            if (route.access() == RouteAccess.PUBLIC) {
                continue;
            }
            Call call = call(route);
            Api.Response response = new Api(root.client()).withKey(token).send(route.method(), call.path(), call.body(),
                    call.body() != null, call.headers());
            int expected = allowed.contains(route.access()) ? 200
                    : (route.access() == RouteAccess.READ || route.access() == RouteAccess.WRITE) ? refusedData : denied;
            if (response.status() != expected) {
                failures.add(route.method().text() + " " + route.path() + ": expected " + expected + ", got " + response);
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void readTokenReadsItsIndexOnly() {
        String[] user = user(INDEX, KEY, List.of("read"));
        tokenMatrix(user[1], Set.of(RouteAccess.READ, RouteAccess.ANY), 403, 403);
    }

    @Test
    void writeTokenWritesItsIndexOnly() {
        String[] user = user(INDEX, KEY, List.of("write"));
        tokenMatrix(user[1], Set.of(RouteAccess.WRITE, RouteAccess.ANY), 403, 403);
    }

    @Test
    void tokenForAnotherIndexIsRefused() {
        String other = "auth_other";
        root.post("/v1/indexes/create", json("index_name", other, "index_key", TestApi.key(32), "dimension", 2));
        String[] user = user(other, TestApi.key(32), List.of("read", "write"));
        tokenMatrix(user[1], Set.of(RouteAccess.ANY), 403, 403);
    }

    @Test
    void revokedTokenIs401() {
        String[] user = user(INDEX, KEY, List.of("read", "write"));
        Api.Response revoked = root.delete("/v1/indexes/" + INDEX + "/users/" + user[0], "X-Index-Key", KEY);
        assertEquals(204, revoked.status(), revoked.toString());
        assertEquals("", revoked.text());
        tokenMatrix(user[1], Set.of(), 401, 401);
        assertEquals(204, root.delete("/v1/indexes/" + INDEX + "/users/" + user[0], "X-Index-Key", KEY).status(),
                "revoking twice is fine");
    }

    @Test
    void usersAreListedWithTheirPermissions() {
        String[] reader = user(INDEX, KEY, List.of("read"));
        String[] writer = user(INDEX, KEY, List.of("write", "read"));
        Api.Response byHeader = root.get("/v1/indexes/" + INDEX + "/users", "X-Index-Key", KEY);
        assertEquals(200, byHeader.status(), byHeader.toString());
        String users = byHeader.body().get("users").toString();
        assertTrue(users.contains("{\"user_id\":\"" + reader[0] + "\",\"permissions\":[\"read\"]}"), users);
        assertTrue(users.contains("{\"user_id\":\"" + writer[0] + "\",\"permissions\":[\"read\",\"write\"]}"), users);
    }

    @Test
    void indexKeyInTheUrlIsRefused() {
        // A key in the URL ends up in access logs and proxies: the query form is a 400 that says where the key goes.
        String base = "/v1/indexes/" + INDEX + "/users";
        for (Api.Response refused : List.of(root.get(base + "?index_key=" + KEY),
                root.get(base + "?index_key=" + KEY, "X-Index-Key", KEY),
                root.delete(base + "/" + USER_ID + "?index_key=" + KEY),
                root.post(base + "?index_key=" + KEY, json("permissions", List.of("read"))))) {
            assertEquals(400, refused.status(), refused.toString());
            assertTrue(refused.detail().contains("X-Index-Key") && refused.detail().contains("query"),
                    refused.toString());
            assertFalse(refused.text().contains(KEY), refused.toString());
        }
        assertEquals(200, root.get(base, "X-Index-Key", KEY).status());
        assertEquals(200, root.post(base, json("permissions", List.of("read"), "index_key", KEY)).status());
        assertEquals(204, root.delete(base + "/" + USER_ID, "X-Index-Key", KEY).status());
    }

    @Test
    void userRoutesCheckTheIndexKeyAndTheirInput() {
        String base = "/v1/indexes/" + INDEX + "/users";
        String wrong = TestApi.key(33);
        assertEquals(401, root.post(base, json("permissions", List.of("read"), "index_key", wrong)).status());
        assertEquals(404, root.post("/v1/indexes/no_such_index/users", json("permissions", List.of("read"),
                "index_key", KEY)).status());
        Api.Response badPermission = root.post(base, json("permissions", List.of("admin"), "index_key", KEY));
        assertEquals(400, badPermission.status());
        assertEquals(400, root.post(base, json("permissions", List.of(), "index_key", KEY)).status());
        assertEquals(422, root.post(base, json("index_key", KEY)).status(), "permissions are required");
        assertEquals(422, root.post("/v1/indexes/bad%20name/users", json("permissions", List.of("read"),
                "index_key", KEY)).status());
        // The index key travels in X-Index-Key (never in the URL: see indexKeyInTheUrlIsRefused).
        assertEquals(401, root.get(base, "X-Index-Key", wrong).status());
        assertEquals(400, root.get(base + "?index_key=" + wrong).status());
        assertEquals(422, root.get(base, "X-Index-Key", "nothex").status());
        assertEquals(404, root.get("/v1/indexes/no_such_index/users", "X-Index-Key", KEY).status());
        assertEquals(200, root.get(base, "X-Index-Key", KEY).status());
        assertEquals(400, root.delete(base + "/not-hex", "X-Index-Key", KEY).status());
        assertEquals(400, root.delete(base + "/abcd", "X-Index-Key", KEY).status());
        assertEquals(401, root.delete(base + "/" + USER_ID, "X-Index-Key", wrong).status());
        assertEquals(400, root.delete(base + "/" + USER_ID + "?index_key=" + wrong).status());
        assertEquals(404, root.delete("/v1/indexes/no_such_index/users/" + USER_ID, "X-Index-Key", KEY).status());
        assertEquals(204, root.delete(base + "/" + USER_ID, "X-Index-Key", KEY).status(),
                "revoking an unknown user is not an error");
    }
}
