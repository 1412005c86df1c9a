package dev.sealdex.api.routes;

import static dev.sealdex.api.testing.Api.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sealdex.api.ApiContext;
import dev.sealdex.api.auth.AuthPolicy;
import dev.sealdex.api.http.Limits;
import dev.sealdex.engine.db.DatabaseSettings;
import dev.sealdex.api.testing.Api;
import dev.sealdex.api.testing.TestApi;
import io.helidon.webclient.http1.Http1Client;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A whole index life, the way an SDK drives it: create with a freshly generated key, upsert
 * 10,240 vectors of dimension 8 with metadata and contents (JSON and binary batches), query with filters and each include, get, train (enough
 * vectors that it really trains), query again, delete items, rotate the key, delete the index.
 */
abstract class ScenarioContract {

    static final int DIMENSION = 8;
    static final int COUNT = 10_240;
    static final int BATCH = 2_048;

    private final Api api;

    ScenarioContract(Http1Client client) {
        this.api = new Api(client).withKey(TestApi.SERVICE_KEY);
    }

    static ApiContext context() {
        // Automatic training is off here so that the explicit train below is the only one
        // (AutoTrainingContract covers the automatic kind).
        return TestApi.context(AuthPolicy.singleKey(TestApi.SERVICE_KEY), Limits.defaults(),
                new DatabaseSettings(10_000, true, 10_000));
    }

    private static float[][] vectors() {
        SplittableRandom random = new SplittableRandom(20_240_601);
        float[][] vectors = new float[COUNT][DIMENSION];
        for (float[] vector : vectors) {
            for (int i = 0; i < DIMENSION; i++) {
                vector[i] = (float) random.nextDouble(-1, 1);
            }
        }
        return vectors;
    }

    private static List<Float> list(float[] vector) {
        List<Float> out = new ArrayList<>(vector.length);
        for (float v : vector) {
            out.add(v);
        }
        return out;
    }

    private Api.Response ok(Api.Response response) {
        assertEquals(200, response.status(), response.toString());
        return response;
    }

    private Api.Response post(String path, String index, String key, Object... fields) {
        Map<String, Object> body = json("index_name", index, "index_key", key);
        body.putAll(json(fields));
        return api.post(path, body);
    }

    @Test
    void wholeIndexLife() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        String key = HexFormat.of().formatHex(raw);
        String index = "scenario_" + System.nanoTime();
        float[][] vectors = vectors();

        ok(post("/v1/indexes/create", index, key, "dimension", DIMENSION, "metric", "euclidean"));

        for (int start = 0; start < COUNT; start += BATCH) {
            int end = Math.min(COUNT, start + BATCH);
            Api.Response response;
            if ((start / BATCH) % 2 == 0) {
                List<Map<String, Object>> items = new ArrayList<>();
                for (int i = start; i < end; i++) {
                    Map<String, Object> item = json("id", "item-" + i, "vector", list(vectors[i]), "metadata",
                            json("group", i % 4, "tag", "t" + (i % 10), "nested", json("even", i % 2 == 0)));
                    if (i % 3 == 0) {
                        item.put("contents", "document " + i);
                    }
                    items.add(item);
                }
                response = ok(post("/v1/vectors/upsert", index, key, "items", items));
            } else {
                List<String> ids = new ArrayList<>();
                List<Object> metadata = new ArrayList<>();
                for (int i = start; i < end; i++) {
                    ids.add("item-" + i);
                    metadata.add(json("group", i % 4, "tag", "t" + (i % 10), "nested", json("even", i % 2 == 0)));
                }
                float[][] rows = java.util.Arrays.copyOfRange(vectors, start, end);
                response = ok(post("/v1/vectors/upsert_binary", index, key, "batch", json("ids", ids, "dimension",
                        DIMENSION, "vectors_b64", VectorRoutesContract.b64(rows), "metadata", metadata)));
            }
            assertEquals("Upserted " + (end - start) + " vectors", response.body().get("message").asText());
            assertFalse(response.body().has("training_triggered"), "automatic training is off");
        }
        assertEquals(COUNT, ok(post("/v1/vectors/num_vectors", index, key)).body().get("result").asInt());

        // Queries before (or while) training: exact vectors come back first at distance ~0.
        JsonNode first = ok(post("/v1/vectors/query", index, key, "query_vectors", list(vectors[17]), "top_k", 5,
                "include", List.of("distance", "metadata"))).body().get("results");
        assertEquals("item-17", first.get(0).get("id").asText());
        assertEquals(0.0, first.get(0).get("distance").asDouble(), 1e-5);
        assertEquals(1, first.get(0).get("metadata").get("group").asInt());
        JsonNode filtered = ok(post("/v1/vectors/query", index, key, "query_vectors", list(vectors[17]), "top_k", 20,
                "filters", json("$and", List.of(json("group", 2), json("nested.even", true))), "include",
                List.of("metadata"))).body().get("results");
        assertEquals(20, filtered.size());
        filtered.forEach(row -> {
            assertEquals(2, row.get("metadata").get("group").asInt());
            assertTrue(row.get("metadata").get("nested").get("even").asBoolean());
        });
        JsonNode withVectors = ok(post("/v1/vectors/query", index, key, "query_vectors",
                List.of(list(vectors[3]), list(vectors[4])), "top_k", 2, "include", List.of("vector"))).body()
                .get("results");
        assertEquals("item-3", withVectors.get(0).get(0).get("id").asText());
        assertEquals(vectors[4][0], (float) withVectors.get(1).get(0).get("vector").get(0).asDouble(), 1e-6);

        JsonNode got = ok(post("/v1/vectors/get", index, key, "ids", List.of("item-9", "item-10", "nope"))).body()
                .get("results");
        assertEquals(2, got.size());
        assertEquals("document 9", got.get(0).get("contents").asText());
        assertTrue(got.get(1).get("contents").isNull());
        assertEquals("t0", got.get(1).get("metadata").get("tag").asText());

        // Train (blocking).
        Api.Response trained = ok(post("/v1/indexes/train", index, key, "n_lists", 16));
        assertEquals("success", trained.body().get("status").asText(), trained.toString());
        JsonNode info = ok(post("/v1/indexes/describe", index, key)).body();
        assertTrue(info.get("is_trained").asBoolean(), info.toString());
        int lists = info.get("n_lists").asInt();
        assertTrue(lists > 1, info.toString());
        JsonNode status = ok(api.get("/v1/indexes/training-status")).body();
        assertFalse(status.get("training_indexes").toString().contains(index), status.toString());

        // Trained: probing every list finds every exact vector; the automatic probes find most.
        for (int i : new int[] {0, 1234, 5000, COUNT - 1}) {
            JsonNode hit = ok(post("/v1/vectors/query", index, key, "query_vectors", list(vectors[i]), "top_k", 1,
                    "n_probes", lists, "include", List.of("distance"))).body().get("results").get(0);
            assertEquals("item-" + i, hit.get("id").asText());
            assertEquals(0.0, hit.get("distance").asDouble(), 1e-5);
        }
        JsonNode auto = ok(post("/v1/vectors/query", index, key, "query_vectors", list(vectors[42]), "top_k", 10,
                "include", List.of("distance"))).body().get("results");
        assertEquals(10, auto.size());
        assertEquals("item-42", auto.get(0).get("id").asText());
        for (int i = 1; i < auto.size(); i++) {
            assertTrue(auto.get(i).get("distance").asDouble() >= auto.get(i - 1).get("distance").asDouble());
        }
        JsonNode filteredTrained = ok(post("/v1/vectors/query", index, key, "query_vectors", list(vectors[42]),
                "top_k", 5, "filters", json("tag", json("$in", List.of("t1", "t2"))), "include",
                List.of("metadata"))).body().get("results");
        filteredTrained.forEach(row -> assertTrue(List.of("t1", "t2").contains(row.get("metadata").get("tag")
                .asText())));

        // Delete items.
        List<String> doomed = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            doomed.add("item-" + i);
        }
        ok(post("/v1/vectors/delete", index, key, "ids", doomed));
        assertEquals(COUNT - 100, ok(post("/v1/vectors/num_vectors", index, key)).body().get("result").asInt());
        JsonNode gone = ok(post("/v1/vectors/query", index, key, "query_vectors", list(vectors[5]), "top_k", 3,
                "n_probes", lists)).body().get("results");
        assertFalse(gone.get(0).get("id").asText().equals("item-5"));
        assertEquals(0, ok(post("/v1/vectors/get", index, key, "ids", List.of("item-5"))).body().get("results").size());

        // Rotate the key (a Sealdex extension).
        byte[] newRaw = new byte[32];
        new SecureRandom().nextBytes(newRaw);
        String newKey = HexFormat.of().formatHex(newRaw);
        ok(post("/v1/indexes/rotate-key", index, key, "new_index_key", newKey));
        assertEquals(401, post("/v1/indexes/describe", index, key).status(), "the old key no longer opens it");
        key = newKey;
        assertEquals(COUNT - 100, ok(post("/v1/vectors/num_vectors", index, key)).body().get("result").asInt());
        JsonNode afterRotation = ok(post("/v1/vectors/query", index, key, "query_vectors", list(vectors[777]),
                "top_k", 1, "n_probes", lists)).body().get("results");
        assertEquals("item-777", afterRotation.get(0).get("id").asText());

        ok(post("/v1/indexes/delete", index, key));
        assertFalse(ok(api.get("/v1/indexes/list")).body().get("indexes").toString().contains(index));
        assertEquals(404, post("/v1/vectors/query", index, key, "query_vectors", list(vectors[0])).status());
    }
}
