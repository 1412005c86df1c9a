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
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The index routes in both dialects: create, list, describe, delete, train, training-status,
 * rotate-key, embedding-models, with their error paths. Single-key mode.
 */
abstract class IndexRoutesContract {

    private static final AtomicInteger NAMES = new AtomicInteger();
    static final String KEY = TestApi.key(1);
    static final String OTHER_KEY = TestApi.key(2);

    private final Api api;

    IndexRoutesContract(Http1Client client) {
        this.api = new Api(client).withKey(TestApi.SERVICE_KEY);
    }

    static ApiContext context() {
        return TestApi.context(AuthPolicy.singleKey(TestApi.SERVICE_KEY));
    }

    private static String name() {
        return "idx_" + NAMES.incrementAndGet();
    }

    private Api.Response create(Object... fields) {
        return api.post("/v1/indexes/create", json(fields));
    }

    private JsonNode describe(String name, String key) {
        Api.Response response = api.post("/v1/indexes/describe", json("index_name", name, "index_key", key));
        assertEquals(200, response.status(), response.toString());
        return response.body();
    }

    @Test
    void createListDescribeDeleteAndRecreate() {
        String name = name();
        Api.Response created = create("index_name", name, "index_key", KEY, "dimension", 8, "metric", "cosine");
        assertEquals(200, created.status(), created.toString());
        assertEquals("success", created.body().get("status").asText());
        assertEquals("Index '" + name + "' created successfully", created.body().get("message").asText());

        Api.Response duplicate = create("index_name", name, "index_key", KEY, "dimension", 8);
        assertEquals(409, duplicate.status());
        assertEquals(409, duplicate.body().get("status_code").asInt());
        assertTrue(duplicate.detail().contains("already exists"), duplicate.toString());

        Api.Response list = api.get("/v1/indexes/list");
        assertEquals(200, list.status());
        assertTrue(list.body().get("indexes").toString().contains("\"" + name + "\""), list.toString());

        JsonNode info = describe(name, KEY);
        assertEquals(name, info.get("index_name").asText());
        assertFalse(info.get("is_trained").asBoolean());
        assertEquals(8, info.get("dimension").asInt());
        assertEquals("cosine", info.get("metric").asText());
        assertEquals(1, info.get("n_lists").asInt());
        assertTrue(info.get("metadata_schema").isObject());
        assertTrue(info.get("bm25").isNull());
        // The <=0.16 half of the union.
        assertEquals("ivfflat", info.get("index_type").asText());
        assertEquals("ivfflat", info.get("index_config").get("type").asText());
        assertEquals("ivfflat", info.get("index_config").get("index_type").asText());
        assertEquals(8, info.get("index_config").get("dimension").asInt());
        assertEquals("cosine", info.get("index_config").get("metric").asText());

        Api.Response deleted = api.post("/v1/indexes/delete", json("index_name", name, "index_key", KEY));
        assertEquals(200, deleted.status(), deleted.toString());
        assertEquals("Index '" + name + "' deleted successfully", deleted.body().get("message").asText());
        assertFalse(api.get("/v1/indexes/list").body().get("indexes").toString().contains("\"" + name + "\""));
        assertEquals(404, api.post("/v1/indexes/describe", json("index_name", name, "index_key", KEY)).status());
        assertEquals(200, create("index_name", name, "index_key", OTHER_KEY).status(), "a deleted name is free again");
        describe(name, OTHER_KEY);
    }

    @Test
    void dimensionIsZeroUntilTheFirstUpsert() {
        String name = name();
        assertEquals(200, create("index_name", name, "index_key", KEY).status());
        JsonNode info = describe(name, KEY);
        assertEquals(0, info.get("dimension").asInt());
        assertEquals("euclidean", info.get("metric").asText());
        Api.Response upsert = api.post("/v1/vectors/upsert", json("index_name", name, "index_key", KEY, "items",
                List.of(json("id", "a", "vector", List.of(1, 2, 3)))));
        assertEquals(200, upsert.status(), upsert.toString());
        assertEquals(3, describe(name, KEY).get("dimension").asInt());
    }

    @Test
    void nullMeansAbsentAndUnknownFieldsAreIgnored() {
        String name = name();
        Map<String, Object> body = json("index_name", name, "index_key", KEY, "kms_name", null, "dimension", null,
                "metric", null, "storage_precision", null, "embedding_model", null, "index_config", null,
                "metadata_schema", null, "cache_policy", json("vectors", true), "some_future_field", List.of(1, 2));
        Api.Response created = api.post("/v1/indexes/create", body);
        assertEquals(200, created.status(), created.toString());
        JsonNode info = describe(name, KEY);
        assertEquals("euclidean", info.get("metric").asText());
        assertEquals("float32", info.get("storage_precision").asText());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "'{\"type\":\"ivf\",\"dimension\":8}', ivf, 8, euclidean, '{}'",
        "'{\"type\":\"ivfflat\",\"dimension\":8,\"metric\":\"cosine\"}', ivfflat, 8, cosine, '{}'",
        "'{\"type\":\"ivf_flat\"}', ivfflat, 0, euclidean, '{}'",
        "'{\"type\":\"ivfpq\",\"dimension\":8,\"pq_dim\":4,\"pq_bits\":8}', ivfpq, 8, euclidean, '{\"pq_dim\":4,\"pq_bits\":8}'",
        "'{\"type\":\"ivf_pq\",\"pq_dim\":32,\"pq_bits\":8}', ivfpq, 0, euclidean, '{\"pq_dim\":32,\"pq_bits\":8}'",
        "'{\"type\":\"ivfsq\",\"dimension\":8}', ivfsq, 8, euclidean, '{\"sq_bits\":16}'",
        "'{\"type\":\"ivfsq\",\"dimension\":8,\"sq_bits\":8,\"metric\":\"squared_euclidean\"}', ivfsq, 8, squared_euclidean, '{\"sq_bits\":8}'",
    })
    void legacyIndexConfigIsEchoedByDescribe(String config, String type, int dimension, String metric, String params)
            throws Exception {
        String name = name();
        String body = "{\"index_name\":\"" + name + "\",\"index_key\":\"" + KEY + "\",\"index_config\":" + config
                + ",\"embedding_model\":null}";
        Api.Response created = api.post("/v1/indexes/create", body);
        assertEquals(200, created.status(), created.toString());
        JsonNode info = describe(name, KEY);
        assertEquals(type, info.get("index_type").asText());
        JsonNode legacy = info.get("index_config");
        assertEquals(type, legacy.get("type").asText());
        assertEquals(type, legacy.get("index_type").asText());
        assertEquals(dimension, legacy.get("dimension").asInt());
        assertEquals(dimension, info.get("dimension").asInt());
        assertEquals(metric, legacy.get("metric").asText());
        assertEquals(metric, info.get("metric").asText());
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(params).properties()
                .forEach(e -> assertEquals(e.getValue().asInt(), legacy.get(e.getKey()).asInt(), e.getKey()));
    }

    @Test
    void legacyIndexConfigErrorsAre422WithTheirLocation() {
        Api.Response badType = create("index_name", name(), "index_key", KEY, "index_config", json("type", "hnsw"));
        assertEquals(422, badType.status());
        assertEquals("[\"body\",\"index_config\",\"type\"]", badType.body().get("detail").get(0).get("loc").toString());
        Api.Response noPq = create("index_name", name(), "index_key", KEY, "index_config", json("type", "ivfpq",
                "dimension", 8));
        assertEquals(422, noPq.status());
        assertTrue(noPq.detail().contains("pq_dim") && noPq.detail().contains("pq_bits"), noPq.toString());
        Api.Response badPq = create("index_name", name(), "index_key", KEY, "index_config", json("type", "ivfpq",
                "dimension", 8, "pq_dim", 3, "pq_bits", 8));
        assertEquals(422, badPq.status());
        assertTrue(badPq.detail().contains("pq_dim"), badPq.toString());
        Api.Response badSq = create("index_name", name(), "index_key", KEY, "index_config", json("type", "ivfsq",
                "sq_bits", 4));
        assertEquals(422, badSq.status());
    }

    @Test
    void createErrors() {
        Api.Response both = create("index_name", name(), "index_key", KEY, "kms_name", "aws");
        assertEquals(400, both.status());
        assertEquals("index_key and kms_name are mutually exclusive", both.detail());
        assertEquals(400, create("index_name", name()).status(), "neither index_key nor kms_name");
        assertEquals(400, create("index_name", name(), "kms_name", "nowhere").status(), "unknown KMS slot");
        Api.Response model = create("index_name", name(), "index_key", KEY, "embedding_model", "all-MiniLM-L6-v2");
        assertEquals(400, model.status());
        assertTrue(model.detail().startsWith("embedding_model is not supported"), model.toString());
        Api.Response bm25 = create("index_name", name(), "index_key", KEY, "text_fields", List.of("body"));
        assertEquals(400, bm25.status());
        assertTrue(bm25.detail().startsWith("text_fields"), bm25.toString());
        Api.Response metric = create("index_name", name(), "index_key", KEY, "metric", "manhattan");
        assertEquals(422, metric.status());
        assertEquals("[\"body\",\"metric\"]", metric.body().get("detail").get(0).get("loc").toString());
        assertEquals(422, create("index_name", name(), "index_key", KEY, "storage_precision", "float8").status());
        Api.Response dimension = create("index_name", name(), "index_key", KEY, "dimension", 16_385);
        assertEquals(422, dimension.status());
        assertEquals("less_than_equal", dimension.body().get("detail").get(0).get("type").asText());
        assertEquals(422, create("index_name", name(), "index_key", KEY, "dimension", -1).status());
        assertEquals(422, create("index_name", name(), "index_key", KEY, "dimension", "8").status());
        assertEquals(422, create("index_name", "has space", "index_key", KEY).status());
        assertEquals(422, create("index_name", "x".repeat(256), "index_key", KEY).status());
        assertEquals(422, create("index_name", "", "index_key", KEY).status());
        assertEquals(422, create("index_name", "ok", "index_key", "abc").status());
        Api.Response missing = create("index_key", KEY);
        assertEquals(422, missing.status());
        JsonNode error = missing.body().get("detail").get(0);
        assertEquals("missing", error.get("type").asText());
        assertEquals("[\"body\",\"index_name\"]", error.get("loc").toString());
        assertEquals("Field required", error.get("msg").asText());
        Api.Response badKey = create("index_name", name(), "index_key", "zz".repeat(32));
        assertFalse(badKey.text().contains("zz".repeat(32)), "a key is never echoed");
    }

    @Test
    void describeErrors() {
        String name = name();
        assertEquals(200, create("index_name", name, "index_key", KEY, "dimension", 4).status());
        Api.Response wrongKey = api.post("/v1/indexes/describe", json("index_name", name, "index_key", OTHER_KEY));
        assertEquals(401, wrongKey.status());
        assertEquals("Invalid encryption key for index", wrongKey.detail());
        Api.Response missing = api.post("/v1/indexes/describe", json("index_name", "no_such_index", "index_key", KEY));
        assertEquals(404, missing.status());
        assertTrue(missing.detail().contains("does not exist"), missing.toString());
        assertEquals(400, api.post("/v1/indexes/describe", json("index_name", name)).status(), "no index_key");
        assertEquals(404, api.post("/v1/indexes/delete", json("index_name", "no_such_index", "index_key", KEY)).status());
        assertEquals(401, api.post("/v1/indexes/delete", json("index_name", name, "index_key", OTHER_KEY)).status());
        describe(name, KEY);
    }

    @Test
    void trainBelowTheFloorIsSkippedWithSuccess() {
        String name = name();
        assertEquals(200, create("index_name", name, "index_key", KEY, "dimension", 2).status());
        api.post("/v1/vectors/upsert", json("index_name", name, "index_key", KEY, "items",
                List.of(json("id", "a", "vector", List.of(1, 2)), json("id", "b", "vector", List.of(2, 1)))));
        // The 0.15/0.16 Python contract test trains a ~20-vector index with each parameter set.
        for (Map<String, Object> extra : List.of(json(), json("n_lists", 10, "batch_size", 512, "max_iters", 50,
                "tolerance", 1e-5), json("n_lists", 5, "batch_size", 1024), json("n_lists", null, "max_memory", 0))) {
            Map<String, Object> body = json("index_name", name, "index_key", KEY);
            body.putAll(extra);
            Api.Response trained = api.post("/v1/indexes/train", body);
            assertEquals(200, trained.status(), trained.toString());
            assertEquals("success", trained.body().get("status").asText());
        }
        assertFalse(describe(name, KEY).get("is_trained").asBoolean());
        assertEquals(422, api.post("/v1/indexes/train", json("index_name", name, "index_key", KEY, "n_lists", -1))
                .status());
        assertEquals(422, api.post("/v1/indexes/train", json("index_name", name, "index_key", KEY, "n_lists", 70_000))
                .status());
        assertEquals(422, api.post("/v1/indexes/train", json("index_name", name, "index_key", KEY, "tolerance", "x"))
                .status());
        assertEquals(404, api.post("/v1/indexes/train", json("index_name", "no_such_index", "index_key", KEY))
                .status());
        assertEquals(401, api.post("/v1/indexes/train", json("index_name", name, "index_key", OTHER_KEY)).status());
    }

    @Test
    void trainingStatusHasTheCyborgDbShape() {
        Api.Response keyless = new Api(clientOf(api)).get("/v1/indexes/training-status");
        assertEquals(401, keyless.status(), "training-status names indexes: it needs the key: " + keyless);
        Api.Response status = api.get("/v1/indexes/training-status");
        assertEquals(200, status.status(), status.toString());
        JsonNode body = status.body();
        assertTrue(body.get("training_indexes").isArray());
        assertEquals(10_000, body.get("retrain_threshold").asInt());
        assertTrue(body.has("currently_training"));
        assertTrue(body.get("queued_indexes").isArray());
        assertTrue(body.get("worker_running").asBoolean());
        assertEquals(0, body.get("worker_pid").asInt());
        assertEquals("{}", body.get("global_training").toString());
    }

    @Test
    void rotateKeyReplacesTheKey() {
        String name = name();
        assertEquals(200, create("index_name", name, "index_key", KEY, "dimension", 4).status());
        Api.Response missingNew = api.post("/v1/indexes/rotate-key", json("index_name", name, "index_key", KEY));
        assertEquals(422, missingNew.status());
        assertTrue(missingNew.detail().contains("new_index_key"), missingNew.toString());
        assertEquals(422, api.post("/v1/indexes/rotate-key", json("index_name", name, "index_key", KEY,
                "new_index_key", "short")).status());
        assertEquals(404, api.post("/v1/indexes/rotate-key", json("index_name", "no_such_index", "index_key", KEY,
                "new_index_key", OTHER_KEY)).status());
        assertEquals(401, api.post("/v1/indexes/rotate-key", json("index_name", name, "index_key", OTHER_KEY,
                "new_index_key", KEY)).status());
        Api.Response rotated = api.post("/v1/indexes/rotate-key", json("index_name", name, "index_key", KEY,
                "new_index_key", OTHER_KEY));
        assertEquals(200, rotated.status(), rotated.toString());
        assertEquals("Index key of '" + name + "' rotated successfully", rotated.body().get("message").asText());
        assertEquals(401, api.post("/v1/indexes/describe", json("index_name", name, "index_key", KEY)).status());
        describe(name, OTHER_KEY);
    }

    @Test
    void embeddingModelsIsAnEmptyList() {
        Api.Response models = api.get("/v1/embedding-models");
        assertEquals(200, models.status());
        assertEquals("{\"models\":[]}", models.body().toString());
    }

    private static Http1Client clientOf(Api api) {
        return api.client();
    }
}
