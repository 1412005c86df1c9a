package dev.sealdex.api.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A JSON client for the server process over {@link HttpClient} (HTTP/1.1, pooled keep-alive
 * connections), with a time limit on every request. A request that gets no HTTP answer (refused,
 * reset, timed out) throws {@link TransportException}.
 */
public final class Http implements AutoCloseable {

    /** The mapper used to read and write bodies. */
    public static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final Supplier<URI> base;
    private final String apiKey;
    private final Duration timeout;

    private Http(HttpClient client, Supplier<URI> base, String apiKey, Duration timeout) {
        this.client = client;
        this.base = base;
        this.apiKey = apiKey;
        this.timeout = timeout;
    }

    /** A client of {@code server} (whatever port its running generation has) without an API key. */
    public static Http of(ServerProcess server) {
        return new Http(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newVirtualThreadPerTaskExecutor()).build(),
                server::base, null, Duration.ofSeconds(30));
    }

    /** The same client sending {@code key} as {@code X-API-Key} (null: none). */
    public Http withKey(String key) {
        return new Http(client, base, key, timeout);
    }

    /** The same client with another per-request time limit. */
    public Http withTimeout(Duration limit) {
        return new Http(client, base, apiKey, limit);
    }

    /** Closes the connections of this client and of every client derived from it. */
    @Override
    public void close() {
        client.close();
    }

    /** A request that got no HTTP answer. */
    public static final class TransportException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TransportException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** An answer: status, body text (and parsed JSON, or the missing node), and the time it took. */
    public record Response(int status, String text, JsonNode body, long nanos) {
        /** The {@code detail} of an error body as text. */
        public String detail() {
            JsonNode detail = body.get("detail");
            return detail == null ? "" : detail.isTextual() ? detail.textValue() : detail.toString();
        }

        @Override
        public String toString() {
            return status + " " + (text.length() > 600 ? text.substring(0, 600) + "..." : text);
        }
    }

    /** POSTs {@code body} serialised as JSON. */
    public Response post(String path, Object body, String... headers) {
        try {
            return send("POST", path, JSON.writeValueAsBytes(body), "application/json", headers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** POSTs {@code json} as it is (it may be malformed on purpose). */
    public Response postRaw(String path, String json, String... headers) {
        return send("POST", path, json.getBytes(StandardCharsets.UTF_8), "application/json", headers);
    }

    /** GETs {@code path}. */
    public Response get(String path, String... headers) {
        return send("GET", path, null, null, headers);
    }

    /**
     * Sends {@code body} (null: none) with {@code contentType} (null: no Content-Type header);
     * {@code headers} are name/value pairs.
     */
    public Response send(String method, String path, byte[] body, String contentType, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.get().resolve(path)).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        long started = System.nanoTime();
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new TransportException(method + " " + path + " got no answer within " + timeout, e);
        } catch (IOException e) {
            throw new TransportException(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(method + " " + path + " interrupted", e);
        }
        long nanos = System.nanoTime() - started;
        String text = new String(response.body(), StandardCharsets.UTF_8);
        JsonNode parsed;
        try {
            parsed = text.isEmpty() ? MissingNode.getInstance() : JSON.readTree(text);
        } catch (IOException e) {
            parsed = MissingNode.getInstance();
        }
        return new Response(response.statusCode(), text, parsed == null ? MissingNode.getInstance() : parsed, nanos);
    }
}
