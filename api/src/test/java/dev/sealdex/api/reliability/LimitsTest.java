package dev.sealdex.api.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Request limits, against the shared server process ({@code SEALDEX_MAX_BODY_BYTES} = 1 MiB):
 * a body one byte over the limit is refused with 413 before it is sent (declared length) or as soon
 * as it passes the limit (chunked), while a body of exactly the limit is read; and 2,000 open
 * connections, idle or dribbling a request byte by byte, do not stop the server from answering
 * health checks and queries quickly.
 */
@Tag("reliability")
@ExtendWith({Seeds.class, SharedServer.class})
class LimitsTest {

    private static final int LIMIT = (int) SharedServer.BODY_LIMIT;
    private static final int CONNECTIONS = 2_000;
    private static final String KEY_HEADER = "X-API-Key: " + SharedServer.ROOT_KEY + "\r\n";

    private final ServerProcess server;

    LimitsTest(ServerProcess server) {
        this.server = server;
    }

    @Test
    void aDeclaredBodyOneByteOverTheLimitIs413BeforeItIsSent() throws IOException {
        try (RawHttp raw = new RawHttp(server.port(), 10_000)) {
            raw.send(RawHttp.head("POST", "/v1/vectors/upsert", KEY_HEADER + "Content-Type: application/json\r\n"
                    + "Content-Length: " + (LIMIT + 1) + "\r\n"));
            // Not one byte of the body is sent: the answer must come without it.
            RawHttp.Response response = raw.read();
            assertEquals(413, response.status(), response.toString());
            assertTrue(response.body().contains("\"status_code\":413"), response.toString());
        }
    }

    @Test
    void aChunkedBodyIs413AsSoonAsItPassesTheLimit() throws Exception {
        try (RawHttp raw = new RawHttp(server.port(), 20_000)) {
            raw.send(RawHttp.head("POST", "/v1/vectors/upsert", KEY_HEADER + "Content-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n"));
            // Read while sending: a server that answers early and closes may reset the connection,
            // and a response not yet read would be lost with it.
            java.util.concurrent.CompletableFuture<RawHttp.Response> answer = new java.util.concurrent.CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    answer.complete(raw.read());
                } catch (IOException | RuntimeException e) {
                    answer.completeExceptionally(e);
                }
            });
            byte[] chunk = new byte[64 << 10];
            Arrays.fill(chunk, (byte) ' ');
            chunk[0] = '[';
            int sent = 0;
            while (sent <= LIMIT && !answer.isDone()) {
                int n = Math.min(chunk.length, LIMIT + 1 - sent);
                try {
                    raw.send((Integer.toHexString(n) + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    raw.send(Arrays.copyOf(chunk, n));
                    raw.send("\r\n");
                } catch (IOException closed) {
                    break; // the server answered and closed while we were still sending
                }
                chunk[0] = ' ';
                sent += n;
            }
            // The terminating chunk is never sent: the server must answer without the end of the body.
            RawHttp.Response response = answer.get(20, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(413, response.status(), "after " + sent + " bytes: " + response);
        }
    }

    @Test
    void aBodyOfExactlyTheLimitIsRead() throws IOException {
        String json = "{\"index_name\": \"limits_probe\", \"index_key\": \"" + Indexes.key(1) + "\"}";
        byte[] body = new byte[LIMIT];
        Arrays.fill(body, (byte) ' ');
        byte[] prefix = json.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        try (RawHttp raw = new RawHttp(server.port(), 30_000)) {
            raw.send(RawHttp.head("POST", "/v1/indexes/describe", KEY_HEADER + "Content-Type: application/json\r\n"
                    + "Content-Length: " + LIMIT + "\r\n"));
            raw.send(body);
            RawHttp.Response response = raw.read();
            assertEquals(404, response.status(), "a body of exactly the limit is parsed: " + response);
        }
    }

    @Test
    void twoThousandIdleAndSlowConnectionsDoNotStopHealthChecks() throws Exception {
        SplittableRandom random = new SplittableRandom(Seeds.of("limits"));
        List<RawHttp> connections = new ArrayList<>();
        List<Long> healthMillis = new ArrayList<>();
        try (Http http = Http.of(server).withKey(SharedServer.ROOT_KEY).withTimeout(Duration.ofSeconds(10))) {
            for (int i = 0; i < CONNECTIONS; i++) {
                RawHttp connection = new RawHttp(server.port(), 1_000);
                connections.add(connection);
                switch (i % 4) {
                    case 0 -> { } // connected, silent
                    case 1 -> connection.send("POST /v1/vectors/query HTTP/1.1\r\nHost: 127.0.0.1\r\n");
                    case 2 -> connection.send(RawHttp.head("POST", "/v1/vectors/upsert", KEY_HEADER
                            + "Content-Type: application/json\r\nContent-Length: 100000\r\n") + "{\"index_name\":");
                    default -> connection.send("GET /v1/hea");
                }
            }
            // Dribble one more byte on a quarter of them between health checks: slow clients, not dead ones.
            for (int round = 0; round < 30; round++) {
                for (int i = round % 4; i < connections.size(); i += 4 * 4) {
                    try {
                        connections.get(i).send(i % 4 == 1 ? "X-Slow-" + round + ": 1\r\n" : " ");
                    } catch (IOException closedByServer) {
                        // an idle connection the server timed out: fine
                    }
                }
                Http.Response health = http.get("/v1/health");
                assertEquals(200, health.status(), health.toString());
                healthMillis.add(health.nanos() / 1_000_000);
                if (round % 10 == 9) {
                    Http.Response list = http.get("/v1/indexes/list");
                    assertEquals(200, list.status(), list.toString());
                }
                Thread.sleep(50 + random.nextInt(100));
            }
        } finally {
            for (RawHttp connection : connections) {
                connection.close();
            }
        }
        healthMillis.sort(Long::compare);
        long median = healthMillis.get(healthMillis.size() / 2);
        long worst = healthMillis.getLast();
        System.out.printf("limits: with %d open connections, health took %d ms (median), %d ms (worst)%n", CONNECTIONS,
                median, worst);
        assertTrue(median <= 500 && worst <= 3_000, "health checks slowed down with " + CONNECTIONS
                + " open connections: median " + median + " ms, worst " + worst + " ms");
        try (Http http = Http.of(server)) {
            assertNotEquals(-1, http.get("/v1/health").status());
        }
    }
}
