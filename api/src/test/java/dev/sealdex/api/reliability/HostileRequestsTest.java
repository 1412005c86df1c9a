package dev.sealdex.api.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Seeded malformed requests across every route of the shared server process
 * ({@link HostileRequests}: 2,000 in CI, 10,000 with {@code --long}), four at a time. Every one
 * must be a 4xx answered within 5 s; afterwards the server is healthy, the index they aimed at
 * holds exactly what it held before and answers the same query the same way, the live heap grew
 * by at most half, and no key sent appears in the server's log.
 */
@Tag("reliability")
@ExtendWith({Seeds.class, SharedServer.class})
class HostileRequestsTest {

    private static final int REQUESTS = TestSizes.pick(2_000, 10_000);
    private static final long LIMIT_NANOS = Duration.ofSeconds(5).toNanos();
    private static final String INDEX = "hostile";

    private final ServerProcess server;
    private final long seed = Seeds.of("hostile");
    private final String key = Indexes.key(seed);

    HostileRequestsTest(ServerProcess server) {
        this.server = server;
        SharedServer.secret(key);
    }

    @Test
    void everyMalformedRequestIsAClientErrorAndChangesNothing() throws Exception {
        try (Http http = Http.of(server).withKey(SharedServer.ROOT_KEY).withTimeout(Duration.ofSeconds(15))) {
            for (String name : List.of(INDEX, "hostile_scratch", "hostile_decoy")) {
                Indexes.create(http, name, key, 4, "euclidean");
            }
            ObjectNode upsert = Indexes.body(INDEX, key);
            ArrayNode list = upsert.putArray("items");
            for (int i = 0; i < 50; i++) {
                ObjectNode item = list.addObject();
                item.put("id", "h" + i);
                item.putArray("vector").add(i).add(1).add(-i / 4.0).add(0.5);
                item.putObject("metadata").put("n", i);
                item.put("contents", "hostile-contents-" + i);
            }
            assertEquals(200, http.post("/v1/vectors/upsert", upsert).status());
            String before = state(http);
            long heapBefore = server.liveHeapBytes();

            HostileRequests generator = new HostileRequests(seed, INDEX, "hostile_scratch", "hostile_decoy", key,
                    SharedServer.ROOT_KEY, SharedServer.BODY_LIMIT);
            List<HostileRequests.Request> requests = new ArrayList<>(REQUESTS);
            for (int i = 0; i < REQUESTS; i++) {
                requests.add(generator.next());
            }
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            AtomicInteger failed = new AtomicInteger();
            Map<String, AtomicLong> statuses = new ConcurrentHashMap<>();
            AtomicLong slowest = new AtomicLong();
            AtomicInteger next = new AtomicInteger();
            long started = System.nanoTime();
            try (Http anonymous = Http.of(server).withTimeout(Duration.ofSeconds(15));
                 ExecutorService pool = Executors.newFixedThreadPool(4)) {
                List<Future<?>> workers = new ArrayList<>();
                for (int w = 0; w < 4; w++) {
                    workers.add(pool.submit(() -> {
                        for (int i = next.getAndIncrement(); i < requests.size(); i = next.getAndIncrement()) {
                            HostileRequests.Request request = requests.get(i);
                            String outcome = send(request, http, anonymous, slowest);
                            statuses.computeIfAbsent(request.category() + " " + outcome.split(" ")[0],
                                    k -> new AtomicLong()).incrementAndGet();
                            if (!outcome.startsWith("4")) {
                                if (failed.incrementAndGet() <= 25) {
                                    failures.add("#" + i + " " + request.describe() + "\n    -> " + outcome);
                                }
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> worker : workers) {
                    worker.get();
                }
            }
            System.out.printf("hostile: %d requests in %d ms, slowest %d ms; outcomes %s%n", REQUESTS,
                    (System.nanoTime() - started) / 1_000_000, slowest.get() / 1_000_000, new TreeMap<>(statuses));
            assertTrue(failures.isEmpty(), failed.get() + " of " + REQUESTS + " malformed requests were not a 4xx"
                    + " answered within 5 s, e.g.:\n" + String.join("\n", failures));

            assertEquals(200, http.get("/v1/health").status());
            assertEquals(before, state(http), "the malformed requests changed the index they aimed at");
            long heapAfter = server.liveHeapBytes();
            System.out.printf("hostile: live heap %d KiB before, %d KiB after%n", heapBefore >> 10, heapAfter >> 10);
            assertTrue(heapAfter <= heapBefore * 1.5, "live heap grew from " + heapBefore + " to " + heapAfter
                    + " bytes over the malformed requests");
            List<String> secrets = new ArrayList<>(SharedServer.secrets());
            secrets.addAll(generator.secrets());
            LogScan.assertNoSecrets(server.output(), secrets);
        }
    }

    /** Sends one request; returns its status (or a description of what went wrong instead). */
    private String send(HostileRequests.Request request, Http http, Http anonymous, AtomicLong slowest) {
        long started = System.nanoTime();
        String outcome;
        try {
            if (request.raw() != null) {
                outcome = sendRaw(request.raw());
            } else {
                boolean credential = request.category().equals("credential");
                Http client = credential ? anonymous : http;
                Http.Response response = client.send(request.method(), request.path(), request.body(),
                        request.contentType(), request.headers().toArray(String[]::new));
                outcome = response.status() + " " + response;
                if (response.status() >= 400 && response.status() < 500 && !request.method().equals("HEAD")
                        && response.body().path("status_code").asInt() != response.status()) {
                    outcome = "bad error body: " + outcome;
                }
            }
        } catch (Http.TransportException | IOException e) {
            outcome = "no answer: " + e;
        }
        long nanos = System.nanoTime() - started;
        slowest.accumulateAndGet(nanos, Math::max);
        if (nanos > LIMIT_NANOS) {
            outcome = "too slow (" + nanos / 1_000_000 + " ms): " + outcome;
        }
        return outcome;
    }

    private String sendRaw(byte[] bytes) throws IOException {
        try (RawHttp raw = new RawHttp(server.port(), 5_000)) {
            java.util.concurrent.CompletableFuture<RawHttp.Response> answer = new java.util.concurrent.CompletableFuture<>();
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    answer.complete(raw.read());
                } catch (IOException | RuntimeException e) {
                    answer.completeExceptionally(e);
                }
            });
            try {
                raw.send(bytes);
            } catch (IOException closedEarly) {
                // the server answered (and closed) before the whole request was sent
            }
            try {
                reader.join(Duration.ofSeconds(6));
                RawHttp.Response response = answer.getNow(null);
                return response == null ? "no answer within 5 s" : response.status() + " " + response;
            } catch (java.util.concurrent.CompletionException e) {
                return "no answer: " + e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }
    }

    /** Every item of the target index, and the answer to a fixed query. */
    private String state(Http http) {
        StringBuilder text = new StringBuilder();
        Map<String, JsonNode> all = Indexes.readAll(http, INDEX, key);
        new java.util.TreeSet<>(all.keySet()).forEach(id -> text.append(all.get(id)).append('\n'));
        text.append(http.post("/v1/vectors/query", Indexes.queryBody(INDEX, key, new float[] {3, 1, -1, 0.5f}, 7))
                .text());
        return text.toString();
    }
}
