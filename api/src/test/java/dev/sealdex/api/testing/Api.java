package dev.sealdex.api.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.helidon.webclient.http1.Http1ClientResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small JSON client over the injected Helidon client (a real socket or none), sending an
 * {@code X-API-Key} when it has one, and returning status, headers and the parsed body.
 */
public final class Api {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Http1Client client;
    private final String apiKey;

    /** A client without an API key. */
    public Api(Http1Client client) {
        this(client, null);
    }

    private Api(Http1Client client, String apiKey) {
        this.client = client;
        this.apiKey = apiKey;
    }

    /** The underlying client. */
    public Http1Client client() {
        return client;
    }

    /** The same client sending {@code key} as {@code X-API-Key} (null: none). */
    public Api withKey(String key) {
        return new Api(client, key);
    }

    /** A response. */
    public record Response(int status, JsonNode body, String text, Map<String, String> headers) {
        /** The value of a response header (case-insensitive), or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }

        /** The {@code detail} of an error body as text (a 422's list rendered as JSON). */
        public String detail() {
            JsonNode detail = body.get("detail");
            return detail == null ? "" : detail.isTextual() ? detail.textValue() : detail.toString();
        }

        @Override
        public String toString() {
            return status + " " + text;
        }
    }

    /** POSTs {@code json} (sent as it is, so it may be malformed on purpose). */
    public Response post(String path, String json, String... headers) {
        return send(Method.POST, path, json == null ? null : json.getBytes(StandardCharsets.UTF_8), true, headers);
    }

    /** POSTs {@code body}, serialised. */
    public Response post(String path, Object body, String... headers) {
        try {
            return send(Method.POST, path, JSON.writeValueAsBytes(body), true, headers);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** GETs {@code path}. */
    public Response get(String path, String... headers) {
        return send(Method.GET, path, null, false, headers);
    }

    /** DELETEs {@code path}. */
    public Response delete(String path, String... headers) {
        return send(Method.DELETE, path, null, false, headers);
    }

    /**
     * Sends a request: {@code headers} are name/value pairs; a {@code Content-Type} among them
     * replaces the JSON one.
     */
    public Response send(Method method, String path, byte[] body, boolean json, String... headers) {
        int question = path.indexOf('?');
        Http1ClientRequest request = client.method(method).uri(question < 0 ? path : path.substring(0, question));
        if (question >= 0) {
            for (String pair : path.substring(question + 1).split("&")) {
                String[] parts = pair.split("=", 2);
                request.queryParam(parts[0], parts.length > 1 ? parts[1] : "");
            }
        }
        boolean typed = false;
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase("Content-Type")) {
                typed = true;
            }
            request.header(HeaderNames.create(headers[i]), headers[i + 1]);
        }
        if (json && !typed) {
            request.contentType(MediaTypes.APPLICATION_JSON);
        }
        if (apiKey != null) {
            request.header(HeaderNames.create("X-API-Key"), apiKey);
        }
        try (Http1ClientResponse response = body == null ? request.request() : request.submit(body)) {
            String text = response.entity().hasEntity() ? response.entity().as(String.class) : "";
            Map<String, String> headerMap = new LinkedHashMap<>();
            for (Header header : response.headers()) {
                headerMap.put(header.name().toLowerCase(java.util.Locale.ROOT), header.get());
            }
            JsonNode parsed;
            try {
                parsed = text.isEmpty() ? MissingNode.getInstance() : JSON.readTree(text);
            } catch (IOException e) {
                parsed = MissingNode.getInstance();
            }
            return new Response(response.status().code(), parsed, text, headerMap);
        }
    }

    /** A JSON object built from name/value pairs. */
    public static Map<String, Object> json(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
