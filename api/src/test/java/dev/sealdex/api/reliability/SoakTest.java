package dev.sealdex.api.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Soak: 16 clients on 3 indexes of the shared server process, upserting batches of
 * 1 to 500, querying with and without filters, getting and deleting, for a fixed time and at most
 * a fixed number of requests. Each client owns a slice of every index's ids, so its ledger of its
 * own writes is exact; any item read back must be one whole written version of the right id.
 * Passes only with zero 5xx answers and zero transport errors, every acknowledged write read back
 * identical at the end, every acknowledged delete gone, and live heap after the run within 1.2x of
 * live heap after the warm-up.
 */
@Tag("reliability")
@ExtendWith({Seeds.class, SharedServer.class})
class SoakTest {

    private static final int CLIENTS = 16;
    private static final String[] INDEXES = {"soak_euclid", "soak_cosine", "soak_squared"};
    private static final String[] METRICS = {"euclidean", "cosine", "squared_euclidean"};
    private static final int[] DIMENSIONS = {8, 16, 24};
    /** Ids per index; every id is written in the fill, so the live data no longer grows after the warm-up. */
    private static final int ID_SPACE = TestSizes.pick(1600, 3200);
    private static final Duration WARM_UP = Duration.ofSeconds(TestSizes.pick(8, 15));
    private static final Duration RUN = Duration.ofSeconds(TestSizes.pick(20, 60));
    private static final int MAX_REQUESTS = TestSizes.pick(30_000, 300_000);

    private record Filter(String json, Predicate<JsonNode> matches) {
    }

    private static final List<Filter> FILTERS = List.of(
            new Filter("{\"group\": \"g2\"}", m -> m.get("group").asText().equals("g2")),
            new Filter("{\"rank\": {\"$lt\": 30}}", m -> m.get("rank").asInt() < 30),
            new Filter("{\"$and\": [{\"flag\": true}, {\"tags\": \"t1\"}]}", m -> m.get("flag").asBoolean()
                    && m.get("tags").toString().contains("\"t1\"")),
            new Filter("{\"group\": {\"$in\": [\"g1\", \"g3\"]}}", m -> Set.of("g1", "g3").contains(m.get("group").asText())),
            new Filter("{\"rank\": {\"$gte\": 50}, \"flag\": false}", m -> m.get("rank").asInt() >= 50
                    && !m.get("flag").asBoolean()));

    private final ServerProcess server;
    private final long seed = Seeds.of("soak");
    private final Items items = new Items(seed);
    private final String key = Indexes.key(seed);
    private final Map<String, Integer> maxVersion = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger failureCount = new AtomicInteger();
    private final AtomicLong requests = new AtomicLong();
    private final Map<String, AtomicLong> byKind = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> nanosByKind = new ConcurrentHashMap<>();

    SoakTest(ServerProcess server) {
        this.server = server;
        SharedServer.secret(key);
    }

    /** One client: its ids, its exact ledger of them, its random stream. */
    private final class Client {
        final int number;
        final SplittableRandom random;
        final Http http;
        final Map<String, List<String>> own = new HashMap<>();
        /** Acknowledged version of each own id ({@link Ledger#ABSENT} after a delete). */
        final Map<String, Integer> acked = new HashMap<>();
        int nextVersion = 1;

        Client(int number, Http http) {
            this.number = number;
            this.random = new SplittableRandom(seed * 1_000_003L + number);
            this.http = http;
            for (String index : INDEXES) {
                List<String> ids = new ArrayList<>();
                for (int n = number; n < ID_SPACE; n += CLIENTS) {
                    ids.add("id-" + n);
                }
                own.put(index, ids);
            }
        }

        void fill() {
            for (int i = 0; i < INDEXES.length; i++) {
                upsert(i, own.get(INDEXES[i]));
            }
        }

        void run(long deadline) {
            while (System.nanoTime() < deadline && requests.get() < MAX_REQUESTS && failureCount.get() < 50) {
                int index = random.nextInt(INDEXES.length);
                int op = random.nextInt(100);
                try {
                    if (op < 35) {
                        List<String> ids = own.get(INDEXES[index]);
                        int size = 1 + (int) (499 * Math.pow(random.nextDouble(), 3));
                        upsert(index, pick(ids, Math.min(size, ids.size())));
                    } else if (op < 45) {
                        delete(index, pick(own.get(INDEXES[index]), 1 + random.nextInt(20)));
                    } else if (op < 65) {
                        get(index);
                    } else if (op < 95) {
                        query(index);
                    } else {
                        count(index);
                    }
                } catch (Http.TransportException e) {
                    fail("transport error: " + e.getMessage());
                } catch (AssertionError e) {
                    fail(e.getMessage());
                }
            }
        }

        private List<String> pick(List<String> ids, int count) {
            Set<String> chosen = new TreeSet<>();
            while (chosen.size() < count) {
                chosen.add(ids.get(random.nextInt(ids.size())));
            }
            return new ArrayList<>(chosen);
        }

        private Http.Response call(String kind, String path, ObjectNode body) {
            requests.incrementAndGet();
            byKind.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
            Http.Response response = http.post(path, body);
            nanosByKind.computeIfAbsent(kind, k -> new AtomicLong()).addAndGet(response.nanos());
            if (response.status() != 200) {
                throw new AssertionError(kind + " " + path + " -> " + response);
            }
            return response;
        }

        private void upsert(int index, List<String> ids) {
            String name = INDEXES[index];
            int[] versions = new int[ids.size()];
            for (int i = 0; i < versions.length; i++) {
                versions[i] = nextVersion++;
                maxVersion.merge(name + "/" + ids.get(i), versions[i], Math::max);
            }
            for (int from = 0; from < ids.size(); from += 500) {
                int to = Math.min(ids.size(), from + 500);
                call("upsert", "/v1/vectors/upsert", Indexes.upsertBody(items, name, key, DIMENSIONS[index],
                        ids.subList(from, to), java.util.Arrays.copyOfRange(versions, from, to)));
                for (int i = from; i < to; i++) {
                    acked.put(name + "/" + ids.get(i), versions[i]);
                }
            }
        }

        private void delete(int index, List<String> ids) {
            String name = INDEXES[index];
            call("delete", "/v1/vectors/delete", Indexes.deleteBody(name, key, ids));
            ids.forEach(id -> acked.put(name + "/" + id, Ledger.ABSENT));
        }

        private void get(int index) {
            String name = INDEXES[index];
            List<String> ids = new ArrayList<>();
            for (int i = 1 + random.nextInt(50); i > 0; i--) {
                ids.add("id-" + random.nextInt(ID_SPACE));
            }
            JsonNode results = call("get", "/v1/vectors/get", Indexes.deleteBody(name, key, ids)).body().get("results");
            Set<String> returned = new HashSet<>();
            for (JsonNode item : results) {
                String id = item.path("id").asText();
                if (!ids.contains(id)) {
                    throw new AssertionError("get on " + name + " returned " + id + ", which was not asked for");
                }
                returned.add(id);
                int version = items.check(name, id, DIMENSIONS[index], item);
                checkVersion(name, id, version);
            }
            for (String id : ids) {
                Integer mine = acked.get(name + "/" + id);
                if (mine != null && mine != Ledger.ABSENT && !returned.contains(id)) {
                    throw new AssertionError("get on " + name + " left out " + id + " v" + mine + ", acknowledged");
                }
                if (mine != null && mine == Ledger.ABSENT && returned.contains(id)) {
                    throw new AssertionError("get on " + name + " returned " + id + ", whose delete was acknowledged");
                }
            }
        }

        private void query(int index) {
            String name = INDEXES[index];
            float[] vector = items.vector(name, "query", random.nextInt(), DIMENSIONS[index]);
            int topK = 1 + random.nextInt(50);
            ObjectNode body = Indexes.queryBody(name, key, vector, topK);
            Filter filter = random.nextBoolean() ? FILTERS.get(random.nextInt(FILTERS.size())) : null;
            if (filter != null) {
                try {
                    body.set("filters", Http.JSON.readTree(filter.json()));
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            JsonNode results = call(filter == null ? "query" : "query+filter", "/v1/vectors/query", body)
                    .body().get("results");
            if (results.size() > topK) {
                throw new AssertionError("query on " + name + " with top_k " + topK + " returned " + results.size());
            }
            double last = -1;
            Set<String> seen = new HashSet<>();
            for (JsonNode hit : results) {
                String id = hit.path("id").asText();
                JsonNode metadata = hit.path("metadata");
                if (!seen.add(id) || !metadata.path("marker").asText().startsWith(name + "/" + id + "/")) {
                    throw new AssertionError("query on " + name + " returned a wrong or repeated item: " + hit);
                }
                double distance = hit.path("distance").asDouble();
                if (distance < last) {
                    throw new AssertionError("query on " + name + " is not sorted by distance: " + results);
                }
                last = distance;
                checkVersion(name, id, metadata.path("v").asInt());
                Integer mine = acked.get(name + "/" + id);
                if (mine != null) {
                    // An own item: no write to it can be in flight, so it must be the acknowledged version.
                    if (mine != metadata.path("v").asInt()) {
                        throw new AssertionError("query on " + name + " returned " + id + " v" + metadata.path("v")
                                + ", acknowledged " + Ledger.describe(mine));
                    }
                    if (filter != null && !filter.matches().test(metadata)) {
                        throw new AssertionError("query on " + name + " with filter " + filter.json() + " returned "
                                + hit);
                    }
                }
            }
        }

        private void count(int index) {
            String name = INDEXES[index];
            JsonNode listed = call("list_ids", "/v1/vectors/list_ids", Indexes.body(name, key)).body();
            for (JsonNode id : listed.get("ids")) {
                if (!id.asText().startsWith("id-")) {
                    throw new AssertionError("list_ids of " + name + " holds a foreign id " + id);
                }
            }
            call("num_vectors", "/v1/vectors/num_vectors", Indexes.body(name, key));
        }

        private void checkVersion(String index, String id, int version) {
            if (version > maxVersion.getOrDefault(index + "/" + id, 0)) {
                throw new AssertionError(index + "/" + id + " v" + version + " was never written");
            }
        }
    }

    private void fail(String message) {
        if (failureCount.incrementAndGet() <= 20) {
            failures.add(message);
        }
    }

    private void phase(List<Client> clients, java.util.function.Consumer<Client> work) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(CLIENTS)) {
            List<Future<?>> done = new ArrayList<>();
            for (Client client : clients) {
                done.add(pool.submit(() -> work.accept(client)));
            }
            for (Future<?> future : done) {
                future.get();
            }
        }
        assertTrue(failures.isEmpty(), failureCount.get() + " failures, the first:\n" + String.join("\n", failures));
    }

    @Test
    void sixteenClientsOnThreeIndexes() throws Exception {
        try (Http http = Http.of(server).withKey(SharedServer.ROOT_KEY).withTimeout(Duration.ofSeconds(60))) {
            for (int i = 0; i < INDEXES.length; i++) {
                Indexes.create(http, INDEXES[i], key, DIMENSIONS[i], METRICS[i]);
            }
            List<Client> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(new Client(c, http));
            }
            long started = System.nanoTime();
            phase(clients, Client::fill);
            long warmUntil = System.nanoTime() + WARM_UP.toNanos();
            phase(clients, client -> client.run(warmUntil));
            long heapAfterWarmUp = server.liveHeapBytes();
            long runUntil = System.nanoTime() + RUN.toNanos();
            phase(clients, client -> client.run(runUntil));
            long heapAfterRun = server.liveHeapBytes();
            Map<String, Long> meanMillis = new java.util.TreeMap<>();
            nanosByKind.forEach((kind, nanos) -> meanMillis.put(kind, nanos.get() / byKind.get(kind).get() / 1_000_000));
            System.out.printf("soak: %d requests %s, mean ms %s, in %d s; live heap %d KiB after warm-up, %d KiB after"
                    + " the run%n", requests.get(), byKind, meanMillis, (System.nanoTime() - started) / 1_000_000_000L, heapAfterWarmUp >> 10,
                    heapAfterRun >> 10);

            for (int i = 0; i < INDEXES.length; i++) {
                String name = INDEXES[i];
                Map<String, Integer> expected = new HashMap<>();
                for (Client client : clients) {
                    client.acked.forEach((k, v) -> {
                        if (k.startsWith(name + "/") && v != Ledger.ABSENT) {
                            expected.put(k.substring(name.length() + 1), v);
                        }
                    });
                }
                Map<String, JsonNode> found = Indexes.readAll(http, name, key);
                assertEquals(new TreeSet<>(expected.keySet()), new TreeSet<>(found.keySet()),
                        "the ids of " + name + " differ from the acknowledged ones");
                for (Map.Entry<String, JsonNode> item : found.entrySet()) {
                    assertEquals(expected.get(item.getKey()), items.check(name, item.getKey(), DIMENSIONS[i],
                            item.getValue()), name + "/" + item.getKey() + " is not the acknowledged version");
                }
                Http.Response count = http.post("/v1/vectors/num_vectors", Indexes.body(name, key));
                assertEquals(expected.size(), count.body().path("result").asInt(), "num_vectors of " + name);
            }
            assertTrue(heapAfterRun <= heapAfterWarmUp * 1.2, "live heap grew from " + heapAfterWarmUp + " bytes after"
                    + " the warm-up to " + heapAfterRun + " after the run (more than 1.2x)");
        }
    }
}
