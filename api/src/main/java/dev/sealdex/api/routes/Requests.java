package dev.sealdex.api.routes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sealdex.api.http.ApiException;
import dev.sealdex.api.http.BodyReader;
import dev.sealdex.api.http.FieldError;
import dev.sealdex.api.http.Json;
import dev.sealdex.api.http.Limits;
import dev.sealdex.api.http.ValidationException;
import io.helidon.webserver.http.ServerRequest;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Request pieces every route reads the same way: the body, {@code index_name} and {@code index_key}. */
final class Requests {

    private static final Pattern NAME = Pattern.compile(Limits.INDEX_NAME_PATTERN);
    private static final Pattern HEX_KEY = Pattern.compile("[0-9a-fA-F]{64}");

    private Requests() {
    }

    /** The JSON body of {@code request} within {@code limits}, as a reader. */
    static BodyReader body(ServerRequest request, Limits limits) {
        JsonNode body = Json.readBody(request, limits);
        return BodyReader.body(body);
    }

    /** The required {@code index_name}, checked for length and characters. */
    static String indexName(BodyReader body) {
        String name = body.requiredString("index_name");
        if (name != null) {
            String problem = nameProblem(name);
            if (problem != null) {
                body.error("value_error", body.at("index_name"), problem, BodyReader.summary(body.value("index_name")));
            }
        }
        return name;
    }

    /** An index name from the path, checked like a body one (422 at {@code ["path", "index_name"]}). */
    static String pathIndexName(String name) {
        String problem = nameProblem(name);
        if (problem != null) {
            throw ValidationException.of(new FieldError("value_error", List.of("path", "index_name"), problem, null));
        }
        return name;
    }

    /** Why {@code name} cannot be an index name, or null. */
    static String nameProblem(String name) {
        if (name.isEmpty()) {
            return "index_name must not be empty";
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > Limits.MAX_INDEX_NAME_BYTES) {
            return "index_name must be at most " + Limits.MAX_INDEX_NAME_BYTES + " bytes";
        }
        if (!NAME.matcher(name).matches()) {
            return "index_name may use only letters, digits, '_', '-' and '.'";
        }
        return null;
    }

    /** The optional {@code field} (an index key, 64 hex characters), as 32 bytes; never echoed in errors. */
    static byte[] indexKey(BodyReader body, String field) {
        String hex = body.optionalSecret(field);
        if (hex == null) {
            return null;
        }
        byte[] key = parseKey(hex);
        if (key == null) {
            body.error("value_error", body.at(field), field + " must be 64 hex characters (a 32-byte key)", null);
        }
        return key;
    }

    /** A key from a header or query parameter; 422 at {@code location} when malformed, null when absent. */
    static byte[] indexKey(String hex, List<Object> location) {
        if (hex == null || hex.isBlank()) {
            return null;
        }
        byte[] key = parseKey(hex.trim());
        if (key == null) {
            throw ValidationException.of(new FieldError("value_error", location,
                    "index_key must be 64 hex characters (a 32-byte key)", null));
        }
        return key;
    }

    private static byte[] parseKey(String hex) {
        return HEX_KEY.matcher(hex).matches() ? HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT)) : null;
    }

    /** Refuses a field that needs a server-side feature Sealdex lacks (400, naming the field). */
    static void unsupported(BodyReader body, String field, String why) {
        com.fasterxml.jackson.databind.JsonNode value = body.value(field);
        if (value != null && !(value.isContainerNode() && value.isEmpty())) {
            throw new ApiException(400, field + " is not supported: " + why);
        }
    }
}
