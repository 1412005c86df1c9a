package dev.sealdex.api.routes;

import static dev.sealdex.api.testing.Api.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sealdex.api.ApiContext;
import dev.sealdex.api.auth.AuthPolicy;
import dev.sealdex.api.http.Limits;
import dev.sealdex.api.testing.Api;
import dev.sealdex.api.testing.TestApi;
import dev.sealdex.engine.db.DatabaseSettings;
import io.helidon.webclient.http1.Http1Client;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Automatic training after an upsert ({@code training_triggered}, {@code training_message}) and
 * the training status while the worker runs. Small thresholds ({@code RETRAIN_THRESHOLD=100},
 * 200 vectors at least) keep it quick.
 */
abstract class AutoTrainingContract {

    static final String KEY = TestApi.key(41);

    private final Api api;

    AutoTrainingContract(Http1Client client) {
        this.api = new Api(client).withKey(TestApi.SERVICE_KEY);
    }

    static ApiContext context() {
        return TestApi.context(AuthPolicy.singleKey(TestApi.SERVICE_KEY), Limits.defaults(),
                new DatabaseSettings(100, false, 200));
    }

    @Test
    void upsertPastTheThresholdTrainsInTheBackground() throws InterruptedException {
        String index = "auto_" + System.nanoTime();
        assertEquals(200, api.post("/v1/indexes/create", json("index_name", index, "index_key", KEY, "dimension", 4))
                .status());
        SplittableRandom random = new SplittableRandom(7);
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            items.add(json("id", "v" + i, "vector", List.of(random.nextDouble(), random.nextDouble(),
                    random.nextDouble(), random.nextDouble())));
        }
        Api.Response first = api.post("/v1/vectors/upsert", json("index_name", index, "index_key", KEY, "items", items));
        assertEquals(200, first.status(), first.toString());
        assertFalse(first.body().has("training_triggered"), "150 vectors: below the floor of 200");
        items.clear();
        for (int i = 150; i < 260; i++) {
            items.add(json("id", "v" + i, "vector", List.of(random.nextDouble(), random.nextDouble(),
                    random.nextDouble(), random.nextDouble())));
        }
        Api.Response second = api.post("/v1/vectors/upsert", json("index_name", index, "index_key", KEY, "items",
                items));
        assertEquals(200, second.status(), second.toString());
        assertTrue(second.body().get("training_triggered").asBoolean(), second.toString());
        assertEquals("Index training has been triggered (vectors: 260, threshold: 100)",
                second.body().get("training_message").asText());
        long deadline = System.nanoTime() + 60_000_000_000L;
        JsonNode info;
        do {
            Thread.sleep(100);
            info = api.post("/v1/indexes/describe", json("index_name", index, "index_key", KEY)).body();
        } while (!info.get("is_trained").asBoolean() && System.nanoTime() < deadline);
        assertTrue(info.get("is_trained").asBoolean(), "the automatic training finished: " + info);
        assertTrue(info.get("n_lists").asInt() > 1, info.toString());
        JsonNode status;
        do {
            // The worker lets go of the index just after the trained layout is published.
            status = api.get("/v1/indexes/training-status").body();
        } while (status.get("training_indexes").toString().contains(index) && System.nanoTime() < deadline);
        assertEquals(100, status.get("retrain_threshold").asInt());
        assertFalse(status.get("training_indexes").toString().contains(index), status.toString());
        assertTrue(status.get("progress").isNull(), status.toString());
    }
}
