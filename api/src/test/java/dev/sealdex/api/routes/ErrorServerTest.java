package dev.sealdex.api.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link ErrorContract} against a real server, plus what only a socket shows: a declared
 * oversize body is refused before it is sent, a chunked one as soon as it passes the limit.
 */
@ServerTest
class ErrorServerTest extends ErrorContract {

    private final int port;

    ErrorServerTest(Http1Client client, WebServer server) {
        super(client);
        this.port = server.port();
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        ApiRoutes.configure(server, context());
    }

    private String raw(String head, byte[] body, boolean sendBody) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            if (sendBody) {
                try {
                    out.write(body);
                    out.flush();
                } catch (IOException closed) {
                    // The server may close the connection as soon as it has answered.
                }
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            try {
                while ((n = in.read(buffer)) > 0) {
                    answer.write(buffer, 0, n);
                }
            } catch (IOException reset) {
                // A reset after the answer is fine.
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    // Reads until the 5 s socket timeout: the reliability stage, skipped by ./sealdex test --quick.
    @Tag("slow")
    @Test
    void declaredOversizeBodyIsRefusedWithoutReadingIt() throws IOException {
        String head = "POST /v1/indexes/describe HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + (BODY_LIMIT + 1) + "\r\n\r\n";
        String answer = raw(head, new byte[0], false);
        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        assertTrue(answer.contains("\"status_code\":413"), answer);
        assertTrue(answer.toLowerCase(java.util.Locale.ROOT).contains("x-request-id: "), answer);
    }

    // Reads until the 5 s socket timeout: the reliability stage, skipped by ./sealdex test --quick.
    @Tag("slow")
    @Test
    void chunkedOversizeBodyIsCutOff() throws IOException {
        StringBuilder chunks = new StringBuilder();
        String start = "{\"index_name\":\"";
        chunks.append(Integer.toHexString(start.length())).append("\r\n").append(start).append("\r\n");
        String chunk = "x".repeat(4096);
        for (int i = 0; i < (BODY_LIMIT / 4096) + 2; i++) {
            chunks.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        chunks.append("0\r\n\r\n");
        String head = "POST /v1/indexes/describe HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        String answer = raw(head, chunks.toString().getBytes(StandardCharsets.US_ASCII), true);
        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
    }

    /** Regression: the 413 waited for a chunked body to end, which a client may never do. */
    @Test
    void chunkedOversizeBodyIs413BeforeItEnds() throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/indexes/describe HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String chunk = "[" + " ".repeat(4095);
            for (int sent = 0; sent <= BODY_LIMIT; sent += 4096) {
                out.write(("1000\r\n" + chunk + "\r\n").getBytes(StandardCharsets.US_ASCII));
                chunk = " ".repeat(4096);
            }
            out.flush();
            // No terminating chunk: the answer must come anyway.
            byte[] head = socket.getInputStream().readNBytes(12);
            assertEquals("HTTP/1.1 413", new String(head, StandardCharsets.US_ASCII));
        }
    }

    /**
     * Regression: a client that writes its whole oversized body before reading found the
     * connection reset, and the 413 lost, because the server closed it with the body unread.
     */
    @Test
    void oversizeBodySentWholeStillGetsItsAnswer() throws IOException {
        byte[] body = new byte[BODY_LIMIT * 16];
        java.util.Arrays.fill(body, (byte) ' ');
        for (int attempt = 0; attempt < 3; attempt++) {
            try (Socket socket = new Socket("localhost", port)) {
                socket.setSoTimeout(5_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /v1/vectors/upsert HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                byte[] head = socket.getInputStream().readNBytes(12);
                assertEquals("HTTP/1.1 413", new String(head, StandardCharsets.US_ASCII), "attempt " + attempt);
            }
        }
    }

    @Test
    void brokenChunkFramingIs400() throws IOException {
        String head = "POST /v1/indexes/describe HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        String answer = raw(head, "zz-not-hex\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII), true);
        assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
    }

    @Test
    void garbageRequestLineIsAJsonError() throws IOException {
        String answer = raw("NOT A REQUEST\r\n\r\n", new byte[0], false);
        assertTrue(answer.startsWith("HTTP/1.1 4"), answer);
        assertEquals(-1, answer.indexOf("HTTP/1.1 5"), answer);
    }
}
