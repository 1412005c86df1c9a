package dev.sealdex.api.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads request bodies within the {@link Limits} and writes JSON responses. Bodies are parsed as
 * a stream (never buffered whole): a declared {@code Content-Length} over the limit is refused
 * before reading, and a chunked body is cut off as soon as it passes the limit.
 */
public final class Json {

    /** Context key of a request's body stream, kept so that a 413 can discard what is still coming. */
    private static final String BODY_STREAM = "sealdex.body-stream";
    private static final java.util.regex.Pattern QUOTED_TOKEN = java.util.regex.Pattern.compile("'[^']{9,}'");

    /** The mapper for request and response bodies (limits set, NaN and Infinity refused). */
    public static final ObjectMapper MAPPER = mapper();

    private Json() {
    }

    private static ObjectMapper mapper() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(Limits.MAX_JSON_DEPTH)
                        .maxStringLength(Limits.MAX_JSON_STRING_CHARS)
                        .maxNumberLength(Limits.MAX_JSON_NUMBER_CHARS)
                        .maxNameLength(Limits.MAX_ID_BYTES)
                        .build())
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
        ObjectMapper mapper = new ObjectMapper(factory);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        return mapper;
    }

    /** A new empty object node. */
    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /**
     * Reads the request body as JSON within {@code limits}. An absent or empty body is the
     * {@link MissingNode} (the caller reports {@code body} as missing).
     *
     * @throws ApiException        415 for a non-JSON content type, 413 for an oversize body
     * @throws ValidationException 422 {@code json_invalid} for malformed JSON or a broken limit
     */
    public static JsonNode readBody(ServerRequest request, Limits limits) {
        checkContentType(request);
        Optional<Long> declared = contentLength(request);
        if (declared.isPresent() && declared.get() > limits.maxBodyBytes()) {
            throw ApiException.tooLarge(limits.maxBodyBytes());
        }
        if (declared.isPresent() && declared.get() == 0 || !request.content().hasEntity()) {
            return MissingNode.getInstance();
        }
        InputStream body = request.content().inputStream();
        request.context().register(BODY_STREAM, body);
        try (InputStream in = new CappedInputStream(body, limits.maxBodyBytes())) {
            JsonNode node = MAPPER.readTree(in);
            return node == null ? MissingNode.getInstance() : node;
        } catch (StreamConstraintsException e) {
            throw ValidationException.of(new FieldError("json_invalid", List.of("body"),
                    "JSON exceeds a limit: " + e.getOriginalMessage(), null));
        } catch (JsonProcessingException e) {
            long offset = e.getLocation() == null ? 0
                    : Math.max(0, Math.max(e.getLocation().getCharOffset(), e.getLocation().getByteOffset()));
            throw ValidationException.of(new FieldError("json_invalid", List.of("body", offset),
                    "JSON decode error: " + redact(firstLine(e.getOriginalMessage())), null));
        } catch (IOException e) {
            throw new ApiException(400, "The request body could not be read: " + firstLine(e.getMessage()));
        } catch (ApiException | RequestException e) {
            throw e; // our 413, or Helidon's own (answered by its direct handlers)
        } catch (UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            // Broken framing (a chunk size that is not hex, a body cut short) surfaces from the stream.
            throw new ApiException(400, "The request body could not be read: " + firstLine(e.getMessage()));
        }
    }

    /**
     * After a 413 has been sent: reads and throws away what the client is still sending, at most
     * {@link Limits#DISCARD_BYTES} or for {@link Limits#DISCARD_MILLIS}, before the connection is
     * closed. A client that writes its whole body before it reads the answer (most do) would
     * otherwise find the connection reset, the 413 lost with it, when the server closes a socket
     * with unread data ("lingering close", as Tomcat's maxSwallowSize or nginx's lingering_time).
     * Not for a client that waits for {@code 100 Continue}: it sends no body after a final answer.
     */
    public static void discardBody(ServerRequest request) {
        if (request.headers().containsToken(HeaderValues.EXPECT_100)) {
            return;
        }
        try {
            InputStream in = request.context().get(BODY_STREAM, InputStream.class)
                    .orElseGet(() -> request.content().inputStream());
            byte[] scratch = new byte[64 << 10];
            long deadline = System.nanoTime() + Limits.DISCARD_MILLIS * 1_000_000L;
            long discarded = 0;
            int n = 0;
            while (n >= 0 && discarded < Limits.DISCARD_BYTES && System.nanoTime() < deadline) {
                n = in.read(scratch);
                discarded += Math.max(0, n);
            }
        } catch (IOException | RuntimeException e) {
            // The client went away or broke the framing: the connection is closed either way.
        }
    }

    /** Sends {@code body} as JSON with {@code status}. */
    public static void send(ServerResponse response, int status, JsonNode body) {
        byte[] bytes;
        try {
            bytes = MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a response body could not be written as JSON", e);
        }
        response.status(Status.create(status));
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        response.send(bytes);
    }

    /** Sends {@code body} as JSON with 200. */
    public static void ok(ServerResponse response, JsonNode body) {
        send(response, 200, body);
    }

    private static void checkContentType(ServerRequest request) {
        // A missing Content-Type is read as JSON, as FastAPI does; anything else must be JSON.
        if (!request.headers().contains(HeaderNames.CONTENT_TYPE)) {
            return;
        }
        String value = request.headers().get(HeaderNames.CONTENT_TYPE).get();
        String type = value.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!type.equals("application/json") && !(type.startsWith("application/") && type.endsWith("+json"))) {
            throw new ApiException(415, "Content-Type must be application/json, got '"
                    + printable(type) + "'");
        }
    }

    private static Optional<Long> contentLength(ServerRequest request) {
        if (!request.headers().contains(HeaderNames.CONTENT_LENGTH)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(request.headers().get(HeaderNames.CONTENT_LENGTH).get().trim()));
        } catch (NumberFormatException e) {
            throw new ApiException(400, "Content-Length is not a number");
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return printable(line.length() > 300 ? line.substring(0, 300) + "..." : line);
    }

    /**
     * A parser message with any long quoted token cut out: Jackson quotes an unrecognised token
     * whole, and that token may be a key the client forgot to put in quotes.
     */
    static String redact(String message) {
        return QUOTED_TOKEN.matcher(message).replaceAll("'...'");
    }

    /** {@code text} with control characters replaced, for safe echoing in errors and logs. */
    public static String printable(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), 200));
        for (int i = 0; i < text.length() && out.length() < 200; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        return out.toString();
    }

    /**
     * Stops reading once more than {@code limit} bytes came in. Closing it then leaves the rest of
     * the body unread: closing Helidon's stream would read it to its end first (which a client
     * streaming a chunked body may never reach) and only then let the 413 go out.
     */
    private static final class CappedInputStream extends InputStream {
        private final InputStream in;
        private final long limit;
        private long read;
        private boolean exceeded;

        CappedInputStream(InputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                exceeded = true;
                throw ApiException.tooLarge(limit);
            }
        }

        @Override
        public void close() throws IOException {
            if (!exceeded) {
                in.close();
            }
        }
    }
}
