package dev.sealdex.api.routes;

import static dev.sealdex.api.testing.Api.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sealdex.api.ApiContext;
import dev.sealdex.api.auth.AuthPolicy;
import dev.sealdex.api.testing.Api;
import dev.sealdex.api.testing.TestApi;
import io.helidon.webclient.http1.Http1Client;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The vector routes: upsert (JSON and binary), query (1-D, 2-D, binary, each include, filters,
 * distances per metric), get, delete, list_ids, num_vectors, query_metadata, with their error
 * paths. Single-key mode.
 */
abstract class VectorRoutesContract {

    private static final AtomicInteger NAMES = new AtomicInteger();
    static final String KEY = TestApi.key(11);

    private final Api api;

    VectorRoutesContract(Http1Client client) {
        this.api = new Api(client).withKey(TestApi.SERVICE_KEY);
    }

    static ApiContext context() {
        return TestApi.context(AuthPolicy.singleKey(TestApi.SERVICE_KEY));
    }

    /** A new index of dimension 4 with {@code metric}, holding the three standard items. */
    private String seeded(String metric) {
        String name = "vec_" + NAMES.incrementAndGet();
        Api.Response created = api.post("/v1/indexes/create", json("index_name", name, "index_key", KEY, "dimension", 4,
                "metric", metric));
        assertEquals(200, created.status(), created.toString());
        Api.Response upserted = upsert(name, List.of(
                json("id", "a", "vector", List.of(1, 0, 0, 0), "metadata", json("color", "red", "rank", 1),
                        "contents", "alpha text"),
                json("id", "b", "vector", List.of(0, 1, 0, 0), "metadata", json("color", "green", "rank", 2)),
                json("id", "c", "vector", List.of(0, 0, 2, 0))));
        assertEquals(200, upserted.status(), upserted.toString());
        assertEquals("Upserted 3 vectors", upserted.body().get("message").asText());
        return name;
    }

    private Api.Response upsert(String name, List<Map<String, Object>> items) {
        return api.post("/v1/vectors/upsert", json("index_name", name, "index_key", KEY, "items", items));
    }

    private Api.Response post(String path, String name, Object... fields) {
        Map<String, Object> body = json("index_name", name, "index_key", KEY);
        body.putAll(json(fields));
        return api.post(path, body);
    }

    private Api.Response ok(Api.Response response) {
        assertEquals(200, response.status(), response.toString());
        return response;
    }

    private static List<String> ids(JsonNode results) {
        List<String> ids = new ArrayList<>();
        results.forEach(r -> ids.add(r.get("id").asText()));
        return ids;
    }

    private static List<String> keys(JsonNode row) {
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = row.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        return keys;
    }

    static String b64(float[]... rows) {
        ByteBuffer buffer = ByteBuffer.allocate(rows.length * rows[0].length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] row : rows) {
            for (float v : row) {
                buffer.putFloat(v);
            }
        }
        return Base64.getEncoder().encodeToString(buffer.array());
    }

    @Test
    void getKeepsRequestOrderOmitsMissingAndNullsAbsentFields() {
        String name = seeded("euclidean");
        JsonNode results = ok(post("/v1/vectors/get", name, "ids", List.of("c", "missing", "a"))).body().get("results");
        assertEquals(List.of("c", "a"), ids(results));
        JsonNode c = results.get(0);
        assertEquals(List.of("id", "vector", "contents", "metadata"), keys(c));
        assertEquals("[0.0,0.0,2.0,0.0]", c.get("vector").toString());
        assertTrue(c.get("contents").isNull());
        assertTrue(c.get("metadata").isNull());
        JsonNode a = results.get(1);
        assertEquals("alpha text", a.get("contents").asText());
        assertEquals("{\"color\":\"red\",\"rank\":1}", a.get("metadata").toString());

        JsonNode onlyMetadata = ok(post("/v1/vectors/get", name, "ids", List.of("a"), "include", List.of("metadata")))
                .body().get("results").get(0);
        assertEquals(List.of("id", "metadata"), keys(onlyMetadata));
        JsonNode nothing = ok(post("/v1/vectors/get", name, "ids", List.of("a"), "include", List.of())).body()
                .get("results").get(0);
        assertEquals(List.of("id"), keys(nothing));
        JsonNode nullInclude = ok(post("/v1/vectors/get", name, "ids", List.of("b"), "include", null)).body()
                .get("results").get(0);
        assertEquals(List.of("id", "vector", "contents", "metadata"), keys(nullInclude), "null include = default");
    }

    @Test
    void contentsComeBackVerbatim() {
        String name = seeded("euclidean");
        String base64 = Base64.getEncoder().encodeToString("binary \u0000 payload".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String unicode = "Grüße, 世界 \uD83D\uDE80 \"quoted\" \\ back\nslash";
        ok(upsert(name, List.of(json("id", "bin", "vector", List.of(1, 1, 1, 1), "contents", base64),
                json("id", "txt", "vector", List.of(2, 2, 2, 2), "contents", unicode),
                json("id", "empty", "vector", List.of(3, 3, 3, 3), "contents", ""))));
        JsonNode results = ok(post("/v1/vectors/get", name, "ids", List.of("bin", "txt", "empty"), "include",
                List.of("contents"))).body().get("results");
        assertEquals(base64, results.get(0).get("contents").asText());
        assertEquals(unicode, results.get(1).get("contents").asText());
        assertEquals("", results.get(2).get("contents").asText());
    }

    @Test
    void upsertOverwritesWholeItems() {
        String name = seeded("euclidean");
        ok(upsert(name, List.of(json("id", "a", "vector", List.of(5, 5, 5, 5)))));
        JsonNode a = ok(post("/v1/vectors/get", name, "ids", List.of("a"))).body().get("results").get(0);
        assertEquals("[5.0,5.0,5.0,5.0]", a.get("vector").toString());
        assertTrue(a.get("metadata").isNull(), "overwrite replaces metadata too");
        assertTrue(a.get("contents").isNull());
        assertEquals(3, ok(post("/v1/vectors/num_vectors", name)).body().get("result").asInt());
        Api.Response empty = ok(upsert(name, List.of()));
        assertEquals("Upserted 0 vectors", empty.body().get("message").asText());
    }

    @Test
    void singleQueryIsFlatWithOnlyTheIdByDefault() {
        String name = seeded("euclidean");
        JsonNode results = ok(post("/v1/vectors/query", name, "query_vectors", List.of(1, 0, 0, 0))).body()
                .get("results");
        assertEquals(List.of("a", "b", "c"), ids(results));
        results.forEach(r -> assertEquals(List.of("id"), keys(r)));
        // The JS SDK wraps a single vector in a batch of one: still a flat list.
        JsonNode wrapped = ok(post("/v1/vectors/query", name, "query_vectors", List.of(List.of(1, 0, 0, 0)))).body()
                .get("results");
        assertEquals(List.of("a", "b", "c"), ids(wrapped));
    }

    @Test
    void batchQueryIsNestedInRequestOrder() {
        String name = seeded("euclidean");
        JsonNode results = ok(post("/v1/vectors/query", name, "query_vectors", List.of(List.of(0, 0, 2, 0),
                List.of(0, 1, 0, 0)), "top_k", 1, "include", List.of("distance"))).body().get("results");
        assertEquals(2, results.size());
        assertEquals("c", results.get(0).get(0).get("id").asText());
        assertEquals(0.0, results.get(0).get(0).get("distance").asDouble(), 1e-6);
        assertEquals("b", results.get(1).get(0).get("id").asText());
        assertEquals(1, results.get(1).size());
    }

    @Test
    void includeNamesTheFieldsAndDistancesAscend() {
        String name = seeded("euclidean");
        JsonNode results = ok(post("/v1/vectors/query", name, "query_vectors", List.of(1, 0, 0, 0), "include",
                List.of("distance", "metadata", "vector"))).body().get("results");
        JsonNode a = results.get(0);
        assertEquals(List.of("id", "distance", "metadata", "vector"), keys(a));
        assertEquals(0.0, a.get("distance").asDouble(), 1e-5);
        assertEquals("red", a.get("metadata").get("color").asText());
        assertEquals("[1.0,0.0,0.0,0.0]", a.get("vector").toString());
        assertTrue(results.get(2).get("metadata").isNull(), "requested but absent metadata is null");
        double previous = -1;
        for (JsonNode row : results) {
            assertTrue(row.get("distance").asDouble() >= previous, "ascending");
            previous = row.get("distance").asDouble();
        }
        JsonNode onlyMetadata = ok(post("/v1/vectors/query", name, "query_vectors", List.of(1, 0, 0, 0), "include",
                List.of("metadata"))).body().get("results").get(0);
        assertEquals(List.of("id", "metadata"), keys(onlyMetadata));
    }

    @Test
    void distancesFollowTheMetric() {
        // From (1,0,0,0) to c=(0,0,2,0): L2 sqrt(5), squared 5, cosine 1 - 0 = 1; to b=(0,1,0,0): sqrt 2, 2, 1.
        Map<String, double[]> expected = Map.of("euclidean", new double[] {0, Math.sqrt(2), Math.sqrt(5)},
                "squared_euclidean", new double[] {0, 2, 5}, "cosine", new double[] {0, 1, 1});
        expected.forEach((metric, distances) -> {
            String name = seeded(metric);
            JsonNode results = ok(post("/v1/vectors/query", name, "query_vectors", List.of(1, 0, 0, 0), "include",
                    List.of("distance"))).body().get("results");
            for (int i = 0; i < distances.length; i++) {
                assertEquals(distances[i], results.get(i).get("distance").asDouble(), 1e-4, metric + " " + i);
            }
        });
        String cosine = seeded("cosine");
        JsonNode opposite = ok(post("/v1/vectors/query", cosine, "query_vectors", List.of(-1, 0, 0, 0), "top_k", 1,
                "include", List.of("distance"))).body().get("results").get(0);
        assertEquals(0.0, opposite.get("distance").asDouble() - 1.0, 1e-4, "orthogonal neighbours are at 1");
    }

    @Test
    void filtersAndTopK() {
        String name = seeded("euclidean");
        JsonNode red = ok(post("/v1/vectors/query", name, "query_vectors", List.of(0, 1, 0, 0), "filters",
                json("color", "red"))).body().get("results");
        assertEquals(List.of("a"), ids(red));
        JsonNode ranked = ok(post("/v1/vectors/query", name, "query_vectors", List.of(0, 1, 0, 0), "filters",
                json("rank", json("$gte", 1)), "top_k", 1)).body().get("results");
        assertEquals(List.of("b"), ids(ranked));
        JsonNode none = ok(post("/v1/vectors/query", name, "query_vectors", List.of(0, 1, 0, 0), "filters",
                json("color", "blue"))).body().get("results");
        assertEquals(0, none.size());
        JsonNode all = ok(post("/v1/vectors/query", name, "query_vectors", List.of(0, 1, 0, 0), "filters", json(),
                "top_k", null, "n_probes", null, "greedy", null, "rerank_mult", null)).body().get("results");
        assertEquals(3, all.size());
        Api.Response bad = post("/v1/vectors/query", name, "query_vectors", List.of(0, 1, 0, 0), "filters",
                json("$nope", 1));
        assertEquals(400, bad.status());
        assertEquals(422, post("/v1/vectors/query", name, "query_vectors", List.of(0, 1, 0, 0), "filters", "red")
                .status());
    }

    @Test
    void queryVectorsMustBeThere() {
        String name = seeded("euclidean");
        Api.Response contents = post("/v1/vectors/query", name, "query_vectors", List.of(), "query_contents", "hello");
        assertEquals(400, contents.status(), "[] with query_contents is the JS SDK's text query");
        assertTrue(contents.detail().startsWith("query_contents is not supported"), contents.toString());
        Api.Response py = post("/v1/vectors/query", name, "query_vectors", null, "query_contents", "hello");
        assertEquals(400, py.status(), "null with query_contents is the Python SDK's text query");
        Api.Response none = post("/v1/vectors/query", name, "query_vectors", List.of());
        assertEquals(422, none.status());
        assertEquals("missing", none.body().get("detail").get(0).get("type").asText());
        assertEquals(422, post("/v1/vectors/query", name).status());
        assertEquals(422, post("/v1/vectors/query", name, "query_vectors", List.of(List.of())).status());
        assertEquals(422, post("/v1/vectors/query", name, "query_vectors", List.of(List.of(1, 0, 0, 0), 5)).status());
        assertEquals(422, post("/v1/vectors/query", name, "query_vectors", List.of(1, 0, 0, 0), "top_k", 0).status());
        assertEquals(422, post("/v1/vectors/query", name, "query_vectors", List.of(1, 0, 0, 0), "top_k", 10_001)
                .status());
        assertEquals(422, post("/v1/vectors/query", name, "query_vectors", List.of(1, 0, 0, 0), "top_k", 10_000,
                "rerank_mult", 11).status());
        assertEquals(422, post("/v1/vectors/query", name, "query_vectors", List.of(1, 0, 0), "top_k", 1).status(),
                "wrong dimension");
        assertEquals(400, post("/v1/vectors/query", name, "query_vectors", List.of(1, 0, 0, 0), "text", "hello")
                .status(), "hybrid search is refused, not ignored");
    }

    @Test
    void binaryUpsertAndQuery() {
        String name = seeded("euclidean");
        Api.Response upserted = api.post("/v1/vectors/upsert_binary", json("index_name", name, "index_key", KEY,
                "batch", json("ids", List.of("x", "y"), "dimension", 4,
                        "vectors_b64", b64(new float[] {0.1f, 0.2f, 0.3f, 0.4f}, new float[] {-1, -1, -1, -1}),
                        "metadata", java.util.Arrays.asList(json("kind", "bin"), null),
                        "contents", java.util.Arrays.asList(null, "why"))));
        assertEquals(200, upserted.status(), upserted.toString());
        assertEquals("Upserted 2 vectors", upserted.body().get("message").asText());
        JsonNode got = ok(post("/v1/vectors/get", name, "ids", List.of("x", "y"))).body().get("results");
        assertEquals(0.1f, (float) got.get(0).get("vector").get(0).asDouble(), 1e-7);
        assertEquals("bin", got.get(0).get("metadata").get("kind").asText());
        assertTrue(got.get(0).get("contents").isNull());
        assertEquals("why", got.get(1).get("contents").asText());
        // The docs' example: "zczMPc3MTD6amZk+zczMPg==" is [0.1, 0.2, 0.3, 0.4].
        JsonNode one = ok(post("/v1/vectors/query_binary", name, "batch", json("vectors_b64",
                "zczMPc3MTD6amZk+zczMPg==", "dimension", 4), "top_k", 1, "include", List.of("distance"))).body()
                .get("results");
        assertTrue(one.get(0).isObject(), "one binary query vector answers a flat list");
        assertEquals("x", one.get(0).get("id").asText());
        JsonNode two = ok(post("/v1/vectors/query_binary", name, "batch", json("vectors_b64",
                b64(new float[] {1, 0, 0, 0}, new float[] {-1, -1, -1, -1}), "dimension", 4), "top_k", 2)).body()
                .get("results");
        assertEquals("a", two.get(0).get(0).get("id").asText());
        assertEquals("y", two.get(1).get(0).get("id").asText());
    }

    @Test
    void binaryErrors() {
        String name = seeded("euclidean");
        Map<String, Object> good = json("ids", List.of("x"), "dimension", 4, "vectors_b64",
                b64(new float[] {1, 2, 3, 4}));
        Map<String, Object> shortBytes = new java.util.LinkedHashMap<>(good);
        shortBytes.put("vectors_b64", b64(new float[] {1, 2, 3}));
        Api.Response count = api.post("/v1/vectors/upsert_binary", json("index_name", name, "index_key", KEY, "batch",
                shortBytes));
        assertEquals(422, count.status());
        assertTrue(count.detail().contains("12 bytes"), count.toString());
        Map<String, Object> notBase64 = new java.util.LinkedHashMap<>(good);
        notBase64.put("vectors_b64", "***");
        assertEquals(422, api.post("/v1/vectors/upsert_binary", json("index_name", name, "index_key", KEY, "batch",
                notBase64)).status());
        Map<String, Object> nan = new java.util.LinkedHashMap<>(good);
        nan.put("vectors_b64", b64(new float[] {1, Float.NaN, 3, 4}));
        assertEquals(422, api.post("/v1/vectors/upsert_binary", json("index_name", name, "index_key", KEY, "batch",
                nan)).status());
        Map<String, Object> metadata = new java.util.LinkedHashMap<>(good);
        metadata.put("metadata", List.of(json(), json()));
        assertEquals(422, api.post("/v1/vectors/upsert_binary", json("index_name", name, "index_key", KEY, "batch",
                metadata)).status());
        Map<String, Object> wrongDimension = json("ids", List.of("x"), "dimension", 3, "vectors_b64",
                b64(new float[] {1, 2, 3}));
        assertEquals(422, api.post("/v1/vectors/upsert_binary", json("index_name", name, "index_key", KEY, "batch",
                wrongDimension)).status());
        assertEquals(422, api.post("/v1/vectors/upsert_binary", json("index_name", name, "index_key", KEY)).status());
        assertEquals(422, post("/v1/vectors/query_binary", name, "batch", json("vectors_b64", "AAAA", "dimension", 4))
                .status(), "3 bytes are not a row");
        assertEquals(422, post("/v1/vectors/query_binary", name, "batch", json("vectors_b64", "", "dimension", 4))
                .status());
        assertEquals(3, ok(post("/v1/vectors/num_vectors", name)).body().get("result").asInt(), "nothing stored");
    }

    /** One request keeps at most Limits.MAX_REQUEST_CANDIDATES stage-1 candidates over all its queries. */
    @Test
    void oneRequestKeepsABoundedNumberOfCandidates() {
        String name = seeded("euclidean");
        List<List<Integer>> vectors = new ArrayList<>();
        for (int q = 0; q < 1_000; q++) {
            vectors.add(List.of(1, q % 7, 0, 0));
        }
        // Each factor and each pair is within its own limit; the product (100,000,000) is not.
        Api.Response tooMany = post("/v1/vectors/query", name, "query_vectors", vectors, "top_k", 1_000,
                "rerank_mult", 100);
        assertEquals(422, tooMany.status(), tooMany.toString());
        JsonNode error = tooMany.body().get("detail").get(0);
        assertEquals("[\"body\",\"rerank_mult\"]", error.get("loc").toString());
        assertTrue(error.get("msg").asText().contains("must be at most 10000000, got 100000000"), error.toString());
        JsonNode answered = ok(post("/v1/vectors/query", name, "query_vectors", vectors, "top_k", 1_000,
                "rerank_mult", 10)).body().get("results");
        assertEquals(1_000, answered.size());
        assertEquals(3, answered.get(0).size(), "all three items, for the largest request within the bound");
    }

    @Test
    void badUpsertsStoreNothing() {
        String name = seeded("euclidean");
        Api.Response dimension = upsert(name, List.of(json("id", "new1", "vector", List.of(1, 2, 3, 4)),
                json("id", "new2", "vector", List.of(1, 2, 3))));
        assertEquals(422, dimension.status());
        assertEquals("[\"body\",\"items\",1,\"vector\"]", dimension.body().get("detail").get(0).get("loc").toString());
        Api.Response infinite = api.post("/v1/vectors/upsert", "{\"index_name\":\"" + name + "\",\"index_key\":\"" + KEY
                + "\",\"items\":[{\"id\":\"new3\",\"vector\":[1,2,3,1e39]}]}");
        assertEquals(422, infinite.status(), "beyond float32 is infinite");
        assertEquals("finite_number", infinite.body().get("detail").get(0).get("type").asText());
        assertEquals(422, upsert(name, List.of(json("id", 7, "vector", List.of(1, 2, 3, 4)))).status());
        assertEquals(422, upsert(name, List.of(json("id", "new4", "contents", "no vector"))).status());
        assertEquals(422, upsert(name, List.of(json("id", "new5", "vector", List.of(1, 2, 3, 4), "metadata", "x")))
                .status());
        assertEquals(422, upsert(name, List.of(json("id", "", "vector", List.of(1, 2, 3, 4)))).status());
        assertEquals(422, api.post("/v1/vectors/upsert", json("index_name", name, "index_key", KEY, "items", "x"))
                .status());
        assertEquals(List.of("a", "b", "c"), sortedIds(name));
        assertEquals(3, ok(post("/v1/vectors/num_vectors", name)).body().get("result").asInt());
    }

    private List<String> sortedIds(String name) {
        List<String> ids = new ArrayList<>();
        ok(post("/v1/vectors/list_ids", name)).body().get("ids").forEach(id -> ids.add(id.asText()));
        ids.sort(null);
        return ids;
    }

    @Test
    void deleteListIdsAndNumVectors() {
        String name = seeded("euclidean");
        JsonNode listed = ok(post("/v1/vectors/list_ids", name)).body();
        assertEquals(3, listed.get("count").asInt());
        assertEquals(List.of("a", "b", "c"), sortedIds(name));
        assertEquals("{\"result\":3}", ok(post("/v1/vectors/num_vectors", name)).body().toString());
        Api.Response deleted = ok(post("/v1/vectors/delete", name, "ids", List.of("a", "nope")));
        assertEquals("Deleted 2 vectors", deleted.body().get("message").asText());
        assertEquals(List.of("b", "c"), sortedIds(name));
        assertEquals(0, ok(post("/v1/vectors/get", name, "ids", List.of("a"))).body().get("results").size());
        JsonNode results = ok(post("/v1/vectors/query", name, "query_vectors", List.of(1, 0, 0, 0))).body()
                .get("results");
        assertFalse(ids(results).contains("a"));
        assertEquals(422, post("/v1/vectors/delete", name).status(), "ids are required");
        assertEquals(422, post("/v1/vectors/get", name, "ids", "a").status());
    }

    @Test
    void batchLimitsAre422() {
        String name = seeded("euclidean");
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i <= dev.sealdex.api.http.Limits.MAX_IDS; i++) {
            ids.append(i == 0 ? "" : ",").append("\"").append(i).append('"');
        }
        Api.Response get = api.post("/v1/vectors/get", "{\"index_name\":\"" + name + "\",\"index_key\":\"" + KEY
                + "\",\"ids\":[" + ids + "]}");
        assertEquals(422, get.status());
        assertEquals("too_long", get.body().get("detail").get(0).get("type").asText());
        StringBuilder queries = new StringBuilder();
        for (int i = 0; i <= dev.sealdex.api.http.Limits.MAX_QUERIES; i++) {
            queries.append(i == 0 ? "" : ",").append("[1,0,0,0]");
        }
        Api.Response query = api.post("/v1/vectors/query", "{\"index_name\":\"" + name + "\",\"index_key\":\"" + KEY
                + "\",\"query_vectors\":[" + queries + "]}");
        assertEquals(422, query.status());
        assertEquals("too_long", query.body().get("detail").get(0).get("type").asText());
        Api.Response results = api.post("/v1/vectors/query", "{\"index_name\":\"" + name + "\",\"index_key\":\""
                + KEY + "\",\"top_k\":200,\"query_vectors\":[" + queries.substring(0, 10 * 5_001 - 1) + "]}");
        assertEquals(422, results.status(), "5,001 queries x top_k 200 is over 1,000,000 results");
        assertEquals(3, ok(post("/v1/vectors/num_vectors", name)).body().get("result").asInt());
    }

    @Test
    void queryMetadataFindsByFilterAndOrders() {
        String name = seeded("euclidean");
        JsonNode red = ok(post("/v1/vectors/query_metadata", name, "filters", json("color", "red"))).body();
        assertEquals("[{\"id\":\"a\"}]", red.get("results").toString());
        assertEquals("[\"a\"]", red.get("ids").toString());
        assertEquals(1, red.get("count").asInt());
        JsonNode ordered = ok(post("/v1/vectors/query_metadata", name, "order_by", json("rank", -1))).body();
        assertEquals("[\"b\",\"a\",\"c\"]", ordered.get("ids").toString(), "missing values sort last");
        JsonNode top = ok(post("/v1/vectors/query_metadata", name, "order_by", "rank", "top_k", 1)).body();
        assertEquals("[\"a\"]", top.get("ids").toString());
        assertEquals(3, ok(post("/v1/vectors/query_metadata", name)).body().get("count").asInt());
        assertEquals(400, post("/v1/vectors/query_metadata", name, "text", "hello").status());
    }

    @Test
    void missingIndexAndWrongKey() {
        String name = seeded("euclidean");
        for (String path : List.of("/v1/vectors/get", "/v1/vectors/delete", "/v1/vectors/list_ids",
                "/v1/vectors/num_vectors")) {
            Map<String, Object> body = json("index_name", "no_such_index", "index_key", KEY, "ids", List.of("a"));
            Api.Response missing = api.post(path, body);
            assertEquals(404, missing.status(), path);
            assertTrue(missing.detail().contains("does not exist"), path);
            body.put("index_name", name);
            body.put("index_key", TestApi.key(99));
            Api.Response wrong = api.post(path, body);
            assertEquals(401, wrong.status(), path);
            assertEquals("Invalid encryption key for index", wrong.detail(), path);
        }
    }
}
