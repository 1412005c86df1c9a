package dev.sealdex.api.routes;

import static dev.sealdex.api.testing.Api.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sealdex.api.ApiContext;
import dev.sealdex.api.auth.AuthPolicy;
import dev.sealdex.api.http.Limits;
import dev.sealdex.api.http.RouteSpec;
import dev.sealdex.api.testing.Api;
import dev.sealdex.api.testing.TestApi;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile and malformed requests on every route: each is a 4xx with a JSON error body, never a
 * 5xx, and nothing is stored. Runs in open mode with a 64 KiB body limit.
 */
abstract class ErrorContract {

    /** The body limit of these servers. */
    static final int BODY_LIMIT = 64 << 10;
    static final String KEY = TestApi.key(21);
    static final String INDEX = "errors";

    final Api api;

    ErrorContract(Http1Client client) {
        this.api = new Api(client);
    }

    static ApiContext context() {
        return TestApi.context(AuthPolicy.open(), new Limits(BODY_LIMIT));
    }

    /** Every POST route, with path parameters filled in. */
    static List<String> postRoutes() {
        return ApiRoutes.routes(TestApi.context(AuthPolicy.open())).stream().filter(r -> r.method() == Method.POST)
                .map(RouteSpec::path).map(p -> p.replace("{index_name}", INDEX)).toList();
    }

    @BeforeEach
    void index() {
        api.post("/v1/indexes/create", json("index_name", INDEX, "index_key", KEY, "dimension", 2));
        api.post("/v1/vectors/upsert", json("index_name", INDEX, "index_key", KEY, "items",
                List.of(json("id", "kept", "vector", List.of(1, 2)))));
    }

    /** Asserts a 4xx with a well-formed error body, and that the index still holds exactly its one item. */
    void assertClientError(Api.Response response, String what) {
        assertTrue(response.status() >= 400 && response.status() < 500, what + " -> " + response);
        assertEquals(response.status(), response.body().path("status_code").asInt(), what + " -> " + response);
        assertTrue(response.body().has("detail"), what + " -> " + response);
    }

    private void assertNothingChanged() {
        Api.Response count = api.post("/v1/vectors/num_vectors", json("index_name", INDEX, "index_key", KEY));
        assertEquals(1, count.body().get("result").asInt(), count.toString());
    }

    @Test
    void malformedBodiesOnEveryRoute() {
        List<String> bodies = List.of("", "{", "{\"index_name\":", "}", "[]", "[1,2]", "null", "42", "\"text\"",
                "{\"index_name\": 5}", "{\"index_name\": [\"x\"]}", "{\"index_name\": {\"a\": 1}}",
                "{\"index_name\": \"" + INDEX + "\", \"index_key\": 12}", "{\"index_name\": \"" + INDEX + "\"} trailing",
                "{'single': 'quotes'}", "{\"a\":1,}", "{\"index_name\":\"" + INDEX + "\",\"top_k\":NaN}",
                "{\"index_name\":\"" + INDEX + "\",\"x\":Infinity}", "{\"index_name\":\"" + INDEX + "\",\"x\":-Infinity}",
                "{\"index_name\":\"\\ud800\"}", "\u0000", "{\"index_name\":\"" + INDEX + "\",\"items\":[{\"id\":\"z\","
                        + "\"vector\":[1e400, 1]}]}");
        for (String path : postRoutes()) {
            for (String body : bodies) {
                assertClientError(api.post(path, body), path + " " + body);
            }
        }
        assertNothingChanged();
    }

    @Test
    void anUnquotedKeyIsNotEchoed() {
        String key = TestApi.key(22);
        Api.Response response = api.post("/v1/indexes/describe", "{\"index_name\":\"" + INDEX + "\",\"index_key\":"
                + key + "}");
        assertEquals(422, response.status());
        assertTrue(!response.text().contains(key.substring(0, 16)), response.toString());
    }

    @Test
    void invalidUtf8IsAClientError() {
        byte[] body = "{\"index_name\":\"\u00ff\u00fe\"}".getBytes(StandardCharsets.ISO_8859_1);
        for (String path : postRoutes()) {
            assertClientError(api.send(Method.POST, path, body, true), path);
        }
    }

    @Test
    void nestingTooDeepIs422() {
        String deep = "{\"index_name\":\"" + INDEX + "\",\"filters\":" + "{\"a\":".repeat(Limits.MAX_JSON_DEPTH)
                + "1" + "}".repeat(Limits.MAX_JSON_DEPTH) + "}";
        Api.Response response = api.post("/v1/vectors/query", deep);
        assertEquals(422, response.status(), response.toString());
        assertEquals("json_invalid", response.body().get("detail").get(0).get("type").asText());
        assertTrue(response.detail().contains("nesting depth"), response.toString());
        long started = System.nanoTime();
        String hostile = "[".repeat(30_000);
        assertEquals(422, api.post("/v1/vectors/upsert", hostile).status());
        assertTrue(System.nanoTime() - started < 5_000_000_000L, "a 30,000-deep body is refused quickly");
    }

    @Test
    void hugeNumbersAndWrongNumberTypes() {
        String digits = "9".repeat(Limits.MAX_JSON_NUMBER_CHARS + 1);
        assertEquals(422, api.post("/v1/vectors/query", "{\"index_name\":\"" + INDEX + "\",\"top_k\":" + digits + "}")
                .status());
        Api.Response big = api.post("/v1/vectors/query", json("index_name", INDEX, "index_key", KEY, "query_vectors",
                List.of(1, 2), "top_k", 1e30));
        assertEquals(422, big.status());
        assertEquals("less_than_equal", big.body().get("detail").get(0).get("type").asText());
        Api.Response fraction = api.post("/v1/vectors/query", json("index_name", INDEX, "index_key", KEY,
                "query_vectors", List.of(1, 2), "top_k", 1.5));
        assertEquals("int_from_float", fraction.body().get("detail").get(0).get("type").asText());
        Api.Response whole = api.post("/v1/vectors/query", json("index_name", INDEX, "index_key", KEY,
                "query_vectors", List.of(1, 2), "top_k", 2.0));
        assertEquals(200, whole.status(), "2.0 is a whole number, as pydantic accepts");
        Api.Response negative = api.post("/v1/vectors/query", json("index_name", INDEX, "index_key", KEY,
                "query_vectors", List.of(1, 2), "top_k", -5, "n_probes", -1, "rerank_mult", 0, "greedy", "yes"));
        assertEquals(422, negative.status());
        assertEquals(4, negative.body().get("detail").size(), "every problem is listed: " + negative);
    }

    @Test
    void contentTypeMustBeJson() {
        for (String path : postRoutes()) {
            Api.Response response = api.post(path, "{}", "Content-Type", "text/plain");
            assertEquals(path.contains("/users") ? 403 : 415, response.status(), path + " " + response);
        }
        Api.Response form = api.post("/v1/indexes/describe", "index_name=x", "Content-Type",
                "application/x-www-form-urlencoded");
        assertEquals(415, form.status());
        Api.Response charset = api.post("/v1/indexes/describe", json("index_name", INDEX, "index_key", KEY),
                "Content-Type", "application/json; charset=utf-8");
        assertEquals(200, charset.status(), charset.toString());
        Api.Response untyped = api.send(Method.POST, "/v1/indexes/describe",
                ("{\"index_name\":\"" + INDEX + "\",\"index_key\":\"" + KEY + "\"}").getBytes(StandardCharsets.UTF_8),
                false);
        // This contract runs with REQUIRE_API_KEY=false, where a typeless body is what a web page could
        // send unasked; with a key required it is read as JSON (AuthPolicyTest, Json.readBody).
        assertEquals(415, untyped.status(), "open mode refuses a body without Content-Type: " + untyped);
    }

    @Test
    void oversizeBodyIs413() {
        String big = "{\"index_name\":\"" + INDEX + "\",\"pad\":\"" + "x".repeat(BODY_LIMIT) + "\"}";
        Api.Response response = api.post("/v1/indexes/describe", big);
        assertEquals(413, response.status(), response.toString());
        assertEquals(413, response.body().get("status_code").asInt());
        assertTrue(response.detail().contains("limit"), response.toString());
        String fits = "{\"index_name\":\"" + INDEX + "\",\"index_key\":\"" + KEY + "\",\"pad\":\""
                + "x".repeat(BODY_LIMIT - 200) + "\"}";
        assertEquals(200, api.post("/v1/indexes/describe", fits).status(), "just under the limit is read");
    }

    @Test
    void oddIndexNamesAre422() {
        for (String name : List.of("", " ", "a b", "../etc", "a/b", "tab\there", "new\nline", "ünïcode", "x".repeat(256),
                "semi;colon", "quote\"d")) {
            Api.Response response = api.post("/v1/indexes/create", json("index_name", name, "index_key", KEY));
            assertEquals(422, response.status(), "'" + name + "' -> " + response);
            JsonNode loc = response.body().get("detail").get(0).get("loc");
            assertEquals("[\"body\",\"index_name\"]", loc.toString());
        }
        assertEquals(200, api.post("/v1/indexes/create", json("index_name", "Ok-name_1.2", "index_key", KEY)).status());
    }

    @Test
    void overlongIdIs422() {
        Api.Response longId = api.post("/v1/vectors/upsert", json("index_name", INDEX, "index_key", KEY, "items",
                List.of(json("id", "i".repeat(Limits.MAX_ID_BYTES + 1), "vector", List.of(1, 2)))));
        assertEquals(422, longId.status());
        assertNothingChanged();
    }

    @Test
    void validationErrorsHaveTheFastApiShape() {
        Api.Response response = api.post("/v1/vectors/upsert", json("index_name", INDEX, "index_key", KEY, "items",
                List.of(json("id", "x", "vector", List.of(1, "two")))));
        assertEquals(422, response.status());
        JsonNode error = response.body().get("detail").get(0);
        assertEquals("float_type", error.get("type").asText());
        assertEquals("[\"body\",\"items\",0,\"vector\",1]", error.get("loc").toString());
        assertEquals("Input should be a valid number", error.get("msg").asText());
        assertEquals("two", error.get("input").asText());
        assertEquals(422, response.body().get("status_code").asInt());
    }
}
