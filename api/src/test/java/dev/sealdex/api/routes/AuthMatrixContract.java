package dev.sealdex.api.routes;

import static dev.sealdex.api.testing.Api.json;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealdex.api.auth.AuthPolicy;
import dev.sealdex.api.auth.RouteAccess;
import dev.sealdex.api.http.RouteSpec;
import dev.sealdex.api.testing.Api;
import dev.sealdex.api.testing.TestApi;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every route with every kind of credential gets exactly the documented status (API.md §1.2 and
 * "Sealdex decisions"). Each request is otherwise valid, so the status shows the auth decision.
 * Subclasses fix the mode and the expectations.
 */
abstract class AuthMatrixContract {

    static final String KEY = TestApi.key(31);
    static final String INDEX = "auth_idx";
    static final String USER_ID = "0123456789abcdef0123456789abcdef";
    private static final AtomicInteger NAMES = new AtomicInteger();

    /** The credentials tried on every route. */
    enum Credential {
        /** No X-API-Key. */
        NONE,
        /** A key that is no credential. */
        WRONG,
        /** The mode's key (root or service key). */
        ROOT,
        /** A well-formed user token that no user holds (unknown or revoked). */
        UNKNOWN_TOKEN
    }

    final Api anonymous;
    final Api root;

    AuthMatrixContract(Http1Client client, String rootKey) {
        this.anonymous = new Api(client);
        this.root = new Api(client).withKey(rootKey);
    }

    /** The key of {@link Credential#ROOT}, or null in open mode. */
    abstract String rootKey();

    /** The status {@code credential} must get on {@code route}. */
    abstract Set<Integer> expected(RouteSpec route, Credential credential);

    @BeforeEach
    void index() {
        root.post("/v1/indexes/create", json("index_name", INDEX, "index_key", KEY, "dimension", 2));
        root.post("/v1/vectors/upsert", json("index_name", INDEX, "index_key", KEY, "items",
                List.of(json("id", "m", "vector", List.of(1, 2)))));
    }

    /** A valid request to {@code route} as (path, body or null, extra headers). */
    record Call(String path, byte[] body, String[] headers) {
    }

    Call call(RouteSpec route) {
        String path = route.path().replace("{index_name}", INDEX).replace("{user_id}", USER_ID)
                .replace("{asset}", "swagger-ui.css");
        Map<String, Object> body = switch (route.path()) {
            case "/v1/indexes/create" -> json("index_name", "auth_new_" + NAMES.incrementAndGet(), "index_key", KEY,
                    "dimension", 2);
            case "/v1/indexes/delete" -> json("index_name", victim(), "index_key", KEY);
            case "/v1/indexes/rotate-key" -> json("index_name", INDEX, "index_key", KEY, "new_index_key", KEY);
            case "/v1/vectors/upsert" -> json("index_name", INDEX, "index_key", KEY, "items",
                    List.of(json("id", "m", "vector", List.of(1, 2))));
            case "/v1/vectors/upsert_binary" -> json("index_name", INDEX, "index_key", KEY, "batch",
                    json("ids", List.of("m"), "dimension", 2, "vectors_b64", "AACAPwAAAEA="));
            case "/v1/vectors/query" -> json("index_name", INDEX, "index_key", KEY, "query_vectors", List.of(1, 2));
            case "/v1/vectors/query_binary" -> json("index_name", INDEX, "index_key", KEY, "batch",
                    json("dimension", 2, "vectors_b64", "AACAPwAAAEA="));
            case "/v1/vectors/get", "/v1/vectors/delete" -> json("index_name", INDEX, "index_key", KEY, "ids",
                    List.of("m"));
            case "/v1/indexes/{index_name}/users" -> json("permissions", List.of("read"), "index_key", KEY);
            default -> json("index_name", INDEX, "index_key", KEY);
        };
        boolean post = route.method() == Method.POST;
        String[] headers = route.path().contains("/users") && !post ? new String[] {"X-Index-Key", KEY} : new String[0];
        return new Call(path, post ? dev.sealdex.api.testing.TestJson.bytes(body) : null, headers);
    }

    /** A fresh index for the delete route to delete. */
    private String victim() {
        String name = "auth_victim_" + NAMES.incrementAndGet();
        root.post("/v1/indexes/create", json("index_name", name, "index_key", KEY, "dimension", 2));
        return name;
    }

    Api as(Credential credential, Http1Client client) {
        return switch (credential) {
            case NONE -> new Api(client);
            case WRONG -> new Api(client).withKey("not-the-key");
            case ROOT -> rootKey() == null ? new Api(client) : new Api(client).withKey(rootKey());
            case UNKNOWN_TOKEN -> new Api(client).withKey("cdbk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        };
    }

    @Test
    void everyRouteWithEveryCredential() {
        List<String> failures = new ArrayList<>();
        for (RouteSpec route : ApiRoutes.routes(TestApi.context(AuthPolicy.open()))) {
            for (Credential credential : Credential.values()) {
                Call call = call(route);
                Api.Response response = as(credential, root.client()).send(route.method(), call.path(), call.body(),
                        call.body() != null, call.headers());
                Set<Integer> expected = expected(route, credential);
                if (!expected.contains(response.status())) {
                    failures.add(route.method().text() + " " + route.path() + " with " + credential + ": expected "
                            + expected + ", got " + response);
                }
                if (response.status() == 401 && route.access() != RouteAccess.PUBLIC
                        && (credential == Credential.NONE || credential == Credential.WRONG)) {
                    if (!AuthPolicy.INVALID_API_KEY.equals(response.detail())) {
                        failures.add(route.path() + ": a bad X-API-Key says '" + AuthPolicy.INVALID_API_KEY + "'");
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void keysNeverComeBackInResponses() {
        for (RouteSpec route : ApiRoutes.routes(TestApi.context(AuthPolicy.open()))) {
            Call call = call(route);
            Api.Response response = as(Credential.WRONG, root.client()).send(route.method(), call.path(), call.body(),
                    call.body() != null, call.headers());
            assertTrue(!response.text().contains(KEY) && !response.text().contains("not-the-key"),
                    route.path() + " echoed a key: " + response);
        }
    }

    /** The status of a successful call of {@code route}: 204 for revoking a user, else 200. */
    static Set<Integer> success(RouteSpec route) {
        return Set.of(route.method() == Method.DELETE ? 204 : 200);
    }

}
