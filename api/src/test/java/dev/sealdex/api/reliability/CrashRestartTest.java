package dev.sealdex.api.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash and restart, on one server process and one data folder:
 *
 * <ol>
 *   <li>Kill -9 during training: a blocking {@code train} of a 10,240-vector index is running
 *       when the server is killed. After the restart the index is not stuck "training", answers
 *       queries, keeps every item, and trains again.
 *   <li>Kill -9 during ingest, at seeded moments: 4 writers upsert (batches of 1 to 200) and delete
 *       on two indexes until a seeded number of acknowledgements, then the server is killed
 *       mid-stream. After each restart, which must be ready within 30 s, every acknowledged item is
 *       there and identical, every acknowledged delete is gone, and each item with a write in flight
 *       is absent or one whole written version.
 *   <li>Restarts with no writes: the state digest (every item of every index, the description and
 *       fixed query answers) is identical after each.
 *   <li>Recall@10 of fixed queries on the trained index, against exact nearest neighbours, never
 *       drops after a kill or a restart.
 * </ol>
 */
@Tag("reliability")
@ExtendWith(Seeds.class)
class CrashRestartTest {

    private static final int INGEST_KILLS = TestSizes.pick(2, 20);
    private static final int CLEAN_RESTARTS = TestSizes.pick(1, 5);
    private static final Duration READY_WITHIN = Duration.ofSeconds(30);
    private static final String[] INGEST = {"ingest_a", "ingest_b"};
    private static final int[] INGEST_DIMENSIONS = {16, 8};
    private static final String RECALL = "recall";
    private static final int RECALL_DIMENSION = 8;
    private static final int RECALL_VECTORS = 10_240;
    private static final int RECALL_QUERIES = 40;
    private static final int WRITERS = 4;
    private static final int IDS_PER_INDEX = 4_000;

    @TempDir
    Path dir;

    private final long seed = Seeds.of("crash");
    private final SplittableRandom random = new SplittableRandom(seed);
    private final Items items = new Items(seed);
    private final Ledger ledger = new Ledger();
    private final String apiKey = Indexes.key(seed + 1);
    private final String key = Indexes.key(seed + 2);
    private final AtomicInteger versions = new AtomicInteger();
    private final float[] recallData = RecallData.clustered(RECALL_VECTORS, RECALL_DIMENSION, 64, 7);
    private final float[] recallQueries = RecallData.uniform(RECALL_QUERIES, RECALL_DIMENSION, 8);
    private ServerProcess server;
    private Http http;

    @Test
    void killsAndRestartsLoseNothingAcknowledged() throws Exception {
        server = ServerProcess.create("crash", dir, Map.of("CYBORGDB_API_KEY", apiKey, "AUTO_TRAIN_DISABLED", "true"));
        try (Http client = Http.of(server).withKey(apiKey).withTimeout(Duration.ofSeconds(120))) {
            http = client;
            server.start();
            for (int i = 0; i < INGEST.length; i++) {
                Indexes.create(http, INGEST[i], key, INGEST_DIMENSIONS[i], "euclidean");
            }
            Indexes.create(http, RECALL, key, RECALL_DIMENSION, "euclidean");
            uploadRecallData();
            log("recall data uploaded");
            killDuringTraining();
            log("killed during training and restarted");
            Http.Response trained = http.post("/v1/indexes/train", trainBody());
            assertEquals(200, trained.status(), trained.toString());
            assertTrue(describe(RECALL).get("is_trained").asBoolean(), "the recall index trains after the crash");
            log("trained");
            double recall = recallAt10();
            String recallAnswers = answers();
            System.out.printf("crash: recall@10 %.3f after training%n", recall);

            for (int round = 0; round < INGEST_KILLS; round++) {
                int acks = ingestAndKill(round);
                log("ingest round " + round + " killed after " + acks + " acks");
                restartWithin(READY_WITHIN, "kill " + round);
                verifyIngest("after kill " + round + " (" + acks + " acknowledged writes in the round)");
                assertEquals(recallAnswers, answers(), "the recall index answers differently after kill " + round);
                double after = recallAt10();
                assertTrue(after >= recall, "recall@10 dropped from " + recall + " to " + after + " after kill " + round);
            }

            String before = digestAll();
            for (int restart = 0; restart < CLEAN_RESTARTS; restart++) {
                server.stop();
                log("stopped");
                restartWithin(Duration.ofSeconds(90), "clean restart " + restart);
                assertEquals(before, digestAll(), "the state changed across clean restart " + restart + " with no writes");
                double after = recallAt10();
                assertTrue(after >= recall, "recall@10 dropped from " + recall + " to " + after + " after restart "
                        + restart);
            }
            verifyIngest("after the clean restarts");
        } finally {
            server.kill();
        }
    }

    private final long born = System.nanoTime();

    private void log(String what) {
        System.out.printf("crash: %6d ms %s%n", (System.nanoTime() - born) / 1_000_000, what);
    }

    private void restartWithin(Duration limit, String when) {
        server.start(Duration.ofSeconds(120));
        log("ready " + server.lastStartup().toMillis() + " ms after " + when);
        assertTrue(server.lastStartup().compareTo(limit) <= 0, "the server took " + server.lastStartup().toMillis()
                + " ms to be ready " + when + ", more than " + limit.toMillis());
    }

    // ---- training -------------------------------------------------------------------------------

    private void uploadRecallData() {
        for (int from = 0; from < RECALL_VECTORS; from += 2_048) {
            ObjectNode body = Indexes.body(RECALL, key);
            ArrayNode list = body.putArray("items");
            for (int i = from; i < Math.min(RECALL_VECTORS, from + 2_048); i++) {
                ObjectNode item = list.addObject();
                item.put("id", "r" + i);
                item.set("vector", Items.vectorJson(java.util.Arrays.copyOfRange(recallData, i * RECALL_DIMENSION,
                        (i + 1) * RECALL_DIMENSION)));
                item.putObject("metadata").put("i", i);
            }
            Http.Response response = http.post("/v1/vectors/upsert", body);
            assertEquals(200, response.status(), response.toString());
        }
    }

    private ObjectNode trainBody() {
        ObjectNode body = Indexes.body(RECALL, key);
        body.put("n_lists", 32);
        return body;
    }

    private void killDuringTraining() throws Exception {
        String before = digest(RECALL);
        Thread trainer = Thread.ofVirtual().start(() -> {
            try {
                http.post("/v1/indexes/train", trainBody());
            } catch (Http.TransportException expected) {
                // the kill
            }
        });
        long deadline = System.nanoTime() + 60_000_000_000L;
        boolean training = false;
        while (!training && System.nanoTime() < deadline && trainer.isAlive()) {
            JsonNode status = http.get("/v1/indexes/training-status").body();
            training = RECALL.equals(status.path("currently_training").asText(null));
            if (!training) {
                Thread.sleep(5);
            }
        }
        assertTrue(training, "the training was never seen running (it may have finished too soon)");
        Thread.sleep(random.nextInt(400));
        server.kill();
        trainer.join();
        restartWithin(READY_WITHIN, "a kill during training");
        long settle = System.nanoTime() + 30_000_000_000L;
        JsonNode status = http.get("/v1/indexes/training-status").body();
        while (!status.path("currently_training").isNull() && System.nanoTime() < settle) {
            Thread.sleep(100);
            status = http.get("/v1/indexes/training-status").body();
        }
        assertTrue(status.path("currently_training").isNull() && status.path("queued_indexes").isEmpty(),
                "an index is still training 30 s after the restart: " + status);
        Http.Response query = http.post("/v1/vectors/query", Indexes.queryBody(RECALL, key,
                java.util.Arrays.copyOf(recallQueries, RECALL_DIMENSION), 10));
        assertEquals(200, query.status(), "query after a kill during training: " + query);
        assertEquals(10, query.body().get("results").size(), query.toString());
        assertEquals(before, digest(RECALL), "a kill during training changed the items of the index");
    }

    private double recallAt10() {
        ObjectNode body = Indexes.body(RECALL, key);
        ArrayNode vectors = body.putArray("query_vectors");
        for (int q = 0; q < RECALL_QUERIES; q++) {
            vectors.add(Items.vectorJson(java.util.Arrays.copyOfRange(recallQueries, q * RECALL_DIMENSION,
                    (q + 1) * RECALL_DIMENSION)));
        }
        body.put("top_k", 10);
        body.put("n_probes", 1);
        Http.Response response = http.post("/v1/vectors/query", body);
        assertEquals(200, response.status(), response.toString());
        int found = 0;
        for (int q = 0; q < RECALL_QUERIES; q++) {
            Set<String> exact = RecallData.exactTop(recallData, RECALL_DIMENSION, recallQueries, q, 10);
            for (JsonNode hit : response.body().get("results").get(q)) {
                if (exact.contains(hit.get("id").asText())) {
                    found++;
                }
            }
        }
        return found / (double) (RECALL_QUERIES * 10);
    }

    // ---- ingest ---------------------------------------------------------------------------------

    /** Runs the writers until a seeded number of acknowledgements, kills the server mid-stream; returns the acks. */
    private int ingestAndKill(int round) throws Exception {
        int target = 20 + random.nextInt(80);
        AtomicInteger acks = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch reached = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(WRITERS);
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int w = 0; w < WRITERS; w++) {
            SplittableRandom writerRandom = random.split();
            int writer = w;
            Thread.ofPlatform().start(() -> {
                try {
                    while (!stop.get()) {
                        write(writer, writerRandom);
                        if (acks.incrementAndGet() >= target) {
                            reached.countDown();
                        }
                    }
                } catch (Http.TransportException killed) {
                    if (!stop.get()) {
                        errors.add(killed);
                    }
                } catch (Throwable e) {
                    errors.add(e);
                } finally {
                    reached.countDown();
                    done.countDown();
                }
            });
        }
        reached.await();
        // Land the kill at a seeded moment inside the stream of writes, not between rounds.
        Thread.sleep(random.nextInt(60));
        stop.set(true);
        server.kill();
        done.await();
        assertTrue(errors.isEmpty(), "a writer failed before the kill in round " + round + ": " + errors);
        return acks.get();
    }

    private void write(int writer, SplittableRandom writerRandom) {
        int index = writerRandom.nextInt(INGEST.length);
        String name = INGEST[index];
        boolean delete = writerRandom.nextInt(100) < 15;
        int count = delete ? 1 + writerRandom.nextInt(10) : 1 + writerRandom.nextInt(200);
        Set<String> chosen = new TreeSet<>();
        while (chosen.size() < count) {
            chosen.add("w" + (writer + WRITERS * writerRandom.nextInt(IDS_PER_INDEX / WRITERS)));
        }
        List<String> ids = new ArrayList<>(chosen);
        int[] states = new int[ids.size()];
        for (int i = 0; i < states.length; i++) {
            states[i] = delete ? Ledger.ABSENT : versions.incrementAndGet();
        }
        ledger.begin(name, ids, states);
        Http.Response response = delete
                ? http.post("/v1/vectors/delete", Indexes.deleteBody(name, key, ids))
                : http.post("/v1/vectors/upsert", Indexes.upsertBody(items, name, key, INGEST_DIMENSIONS[index], ids,
                        states));
        if (response.status() != 200) {
            throw new AssertionError((delete ? "delete" : "upsert") + " on " + name + " -> " + response);
        }
        ledger.ack(name, ids, states);
    }

    private void verifyIngest(String when) {
        for (int i = 0; i < INGEST.length; i++) {
            String name = INGEST[i];
            Map<String, JsonNode> found = Indexes.readAll(http, name, key);
            Set<String> all = new TreeSet<>(ledger.ids(name));
            for (String id : found.keySet()) {
                assertTrue(all.contains(id), when + ": " + name + " holds " + id + ", which was never written");
            }
            for (String id : all) {
                JsonNode item = found.get(id);
                int state = item == null ? Ledger.ABSENT : items.check(name, id, INGEST_DIMENSIONS[i], item);
                try {
                    ledger.settle(name, id, state);
                } catch (AssertionError e) {
                    throw new AssertionError(when + ": " + e.getMessage(), e);
                }
            }
            Http.Response count = http.post("/v1/vectors/num_vectors", Indexes.body(name, key));
            assertEquals(found.size(), count.body().path("result").asInt(), when + ": num_vectors of " + name);
        }
    }

    // ---- digests --------------------------------------------------------------------------------

    private JsonNode describe(String index) {
        Http.Response described = http.post("/v1/indexes/describe", Indexes.body(index, key));
        assertEquals(200, described.status(), described.toString());
        return described.body();
    }

    /** A hash of every item of {@code index}, its description and the answers to the fixed queries. */
    private String digest(String index) {
        StringBuilder text = new StringBuilder();
        Map<String, JsonNode> all = Indexes.readAll(http, index, key);
        new TreeSet<>(all.keySet()).forEach(id -> text.append(all.get(id)).append('\n'));
        JsonNode description = describe(index);
        text.append(description.get("num_vectors")).append(description.get("is_trained"))
                .append(description.get("n_lists")).append('\n');
        if (index.equals(RECALL)) {
            text.append(answers());
        }
        return Indexes.sha256(text.toString());
    }

    /** The recall index's size, description and answers to the fixed queries (distances included). */
    private String answers() {
        JsonNode description = describe(RECALL);
        ObjectNode body = Indexes.body(RECALL, key);
        ArrayNode vectors = body.putArray("query_vectors");
        for (int q = 0; q < RECALL_QUERIES; q++) {
            vectors.add(Items.vectorJson(java.util.Arrays.copyOfRange(recallQueries, q * RECALL_DIMENSION,
                    (q + 1) * RECALL_DIMENSION)));
        }
        body.put("top_k", 10);
        body.put("n_probes", 4);
        body.putArray("include").add("distance");
        Http.Response response = http.post("/v1/vectors/query", body);
        assertEquals(200, response.status(), response.toString());
        return description.get("num_vectors") + " " + description.get("is_trained") + " "
                + description.get("n_lists") + "\n" + response.text();
    }

    private String digestAll() {
        StringBuilder all = new StringBuilder();
        Set<String> names = new HashSet<>();
        http.get("/v1/indexes/list").body().get("indexes").forEach(n -> names.add(n.asText()));
        for (String name : new TreeSet<>(names)) {
            all.append(name).append(' ').append(digest(name)).append('\n');
        }
        return all.toString();
    }
}
