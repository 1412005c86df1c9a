package dev.sealdex.api.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealdex.api.auth.AuthPolicy;
import dev.sealdex.api.http.Limits;
import dev.sealdex.api.http.RouteSpec;
import dev.sealdex.api.testing.TestApi;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The OpenAPI document and the routes agree: nothing served is undocumented, nothing documented is unserved. */
class OpenApiDocumentTest {

    private static final Set<String> HTTP_METHODS = Set.of("get", "post", "put", "delete", "patch", "head", "options",
            "trace");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> paths() {
        return (Map<String, Object>) OpenApiService.parse(OpenApiService.read()).get("paths");
    }

    private static Set<String> documented() {
        Set<String> out = new TreeSet<>();
        paths().forEach((path, item) -> ((Map<?, ?>) item).keySet().stream().map(String::valueOf)
                .filter(HTTP_METHODS::contains).forEach(method -> out.add(method.toUpperCase(Locale.ROOT) + " " + path)));
        return out;
    }

    private static Set<String> served() {
        Set<String> out = new TreeSet<>();
        for (RouteSpec route : ApiRoutes.routes(TestApi.context(AuthPolicy.open()))) {
            out.add(route.method().text() + " " + route.path());
        }
        return out;
    }

    @Test
    void everyServedRouteIsDocumented() {
        Set<String> missing = new TreeSet<>(served());
        missing.removeAll(documented());
        assertTrue(missing.isEmpty(), "served but missing from openapi.yaml: " + missing);
    }

    @Test
    void everyDocumentedRouteIsServed() {
        Set<String> extra = new TreeSet<>(documented());
        extra.removeAll(served());
        assertTrue(extra.isEmpty(), "documented in openapi.yaml but not served: " + extra);
    }

    @Test
    void everyCyborgDbRouteIsServed() {
        Set<String> served = served();
        for (String route : java.util.List.of("GET /v1/health", "GET /v1/indexes/list", "POST /v1/indexes/create",
                "POST /v1/indexes/describe", "POST /v1/indexes/delete", "POST /v1/indexes/train",
                "GET /v1/indexes/training-status", "POST /v1/vectors/upsert", "POST /v1/vectors/upsert_binary",
                "POST /v1/vectors/query", "POST /v1/vectors/query_binary", "POST /v1/vectors/query_metadata",
                "POST /v1/vectors/get", "POST /v1/vectors/delete", "POST /v1/vectors/list_ids",
                "POST /v1/vectors/num_vectors", "POST /v1/indexes/{index_name}/users",
                "GET /v1/indexes/{index_name}/users", "DELETE /v1/indexes/{index_name}/users/{user_id}",
                "POST /v1/indexes/rotate-key")) {
            assertTrue(served.contains(route), "not served: " + route);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void documentedLimitsAreTheEnforcedOnes() {
        Map<String, Object> limits = (Map<String, Object>) OpenApiService.parse(OpenApiService.read())
                .get("x-sealdex-limits");
        Map<String, Number> expected = Map.ofEntries(
                Map.entry("max_body_bytes", Limits.DEFAULT_MAX_BODY_BYTES),
                Map.entry("max_json_depth", Limits.MAX_JSON_DEPTH),
                Map.entry("max_json_string_chars", Limits.MAX_JSON_STRING_CHARS),
                Map.entry("max_json_number_chars", Limits.MAX_JSON_NUMBER_CHARS),
                Map.entry("max_top_k", Limits.MAX_TOP_K),
                Map.entry("max_candidates", Limits.MAX_CANDIDATES),
                Map.entry("max_queries", Limits.MAX_QUERIES),
                Map.entry("max_results", Limits.MAX_RESULTS),
                Map.entry("max_items", Limits.MAX_ITEMS),
                Map.entry("max_ids", Limits.MAX_IDS),
                Map.entry("max_dimension", Limits.MAX_DIMENSION),
                Map.entry("max_index_name_bytes", Limits.MAX_INDEX_NAME_BYTES),
                Map.entry("max_id_bytes", Limits.MAX_ID_BYTES),
                Map.entry("max_lists", Limits.MAX_LISTS));
        assertEquals(expected.keySet(), limits.keySet());
        expected.forEach((name, value) -> assertEquals(value.longValue(), ((Number) limits.get(name)).longValue(),
                name));
    }

    @Test
    @SuppressWarnings("unchecked")
    void rotateKeyIsMarkedAsAnExtension() {
        Map<String, Object> rotate = (Map<String, Object>) ((Map<String, Object>) paths().get("/v1/indexes/rotate-key"))
                .get("post");
        assertEquals(Boolean.TRUE, rotate.get("x-sealdex-extension"));
        assertTrue(String.valueOf(rotate.get("description")).contains("Sealdex extension"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyReferenceResolves() {
        Map<String, Object> document = OpenApiService.parse(OpenApiService.read());
        String text = new String(OpenApiService.read(), java.nio.charset.StandardCharsets.UTF_8);
        java.util.regex.Matcher refs = java.util.regex.Pattern.compile("\\$ref: \"#/([^\"]+)\"").matcher(text);
        while (refs.find()) {
            Object node = document;
            for (String step : refs.group(1).split("/")) {
                node = ((Map<String, Object>) node).get(step);
                assertTrue(node != null, "unresolved $ref #/" + refs.group(1));
            }
        }
    }
}
