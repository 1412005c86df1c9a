package dev.sealdex.api.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket, for requests {@link java.net.http.HttpClient} will not send: a
 * lying or missing {@code Content-Length}, broken framing, a body that stops half way, a request
 * line that is not HTTP. Reads one response (status, headers, a {@code Content-Length} body).
 */
final class RawHttp implements AutoCloseable {

    /** A response read from the socket, or {@code status} -1 when the server closed it without one. */
    record Response(int status, String head, String body, long nanos) {
        @Override
        public String toString() {
            return status == -1 ? "(connection closed without a response)" : status + " " + body;
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    RawHttp(int port, int readTimeoutMillis) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(readTimeoutMillis);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    /** Sends raw bytes. */
    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends ASCII text. */
    void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The request head of a {@code method} on {@code path} with the given extra header lines (each ending in CRLF). */
    static String head(String method, String path, String headers) {
        return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n";
    }

    /**
     * Reads one response.
     *
     * @throws SocketTimeoutException when none comes within the read timeout
     */
    Response read() throws IOException {
        long started = System.nanoTime();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b;
            try {
                b = in.read();
            } catch (java.net.SocketException reset) {
                return new Response(-1, "", "", System.nanoTime() - started);
            }
            if (b < 0) {
                return new Response(-1, head.toString(StandardCharsets.ISO_8859_1), "", System.nanoTime() - started);
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(text.substring(9, 12));
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        return new Response(status, text, new String(body, StandardCharsets.UTF_8), System.nanoTime() - started);
    }

    /** Whether the server closed the connection (a read sees the end of the stream within the timeout). */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
