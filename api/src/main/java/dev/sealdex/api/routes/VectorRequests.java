package dev.sealdex.api.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sealdex.api.http.BodyReader;
import dev.sealdex.api.http.Limits;
import dev.sealdex.engine.db.QueryOptions;
import dev.sealdex.engine.model.Item;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Parsing of the vector routes' bodies: JSON and base64 items, single, batch and binary queries
 * and their options. Everything is checked here, before the engine sees it, so a bad request
 * stores nothing.
 */
final class VectorRequests {

    /** {@code rerank_mult} when a query names none (CyborgDB 0.17). */
    static final int DEFAULT_RERANK_MULT = 10;
    /** {@code top_k} when a query names none. */
    static final int DEFAULT_TOP_K = 100;
    /** What {@code get} returns when {@code include} is absent. */
    static final List<String> GET_DEFAULT_INCLUDE = List.of("vector", "contents", "metadata");

    private VectorRequests() {
    }

    /**
     * A parsed query: the vectors, whether the answer is flat (a 1-D vector, or a batch of one),
     * and the shared options.
     *
     * @param vectors the query vectors
     * @param flat    answer with one flat list
     * @param options the knobs
     */
    record Query(List<float[]> vectors, boolean flat, QueryOptions options) {
    }

    /** The items of an upsert ({@code items}), or null when {@code body} recorded errors. */
    static List<Item> items(BodyReader body) {
        JsonNode items = body.value("items");
        if (items == null) {
            body.error("missing", body.at("items"), "Field required", null);
            return null;
        }
        if (!items.isArray()) {
            body.error("list_type", body.at("items"), "Input should be a valid list", BodyReader.summary(items));
            return null;
        }
        if (items.size() > Limits.MAX_ITEMS) {
            body.error("too_long", body.at("items"), "An upsert may hold at most " + Limits.MAX_ITEMS + " items, not "
                    + items.size(), null);
            return null;
        }
        List<Item> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size() && !tooMany(body); i++) {
            BodyReader item = body.element(items.get(i), body.at("items", i));
            if (item == null) {
                continue;
            }
            String id = id(item, item.requiredString("id"), item.at("id"));
            JsonNode vectorNode = item.value("vector");
            float[] vector = null;
            if (vectorNode == null) {
                item.error("missing", item.at("vector"), "Field required: every item needs a vector (Sealdex does not"
                        + " embed contents on the server)", null);
            } else {
                vector = vector(item, vectorNode, item.at("vector"));
            }
            String contents = item.optionalString("contents");
            ObjectNode metadata = item.object("metadata");
            if (!body.hasErrors()) {
                out.add(new Item(id, vector, metadata == null ? null : metadata.toString(), contents));
            }
        }
        return body.hasErrors() ? null : out;
    }

    /** The items of a binary upsert ({@code batch}), or null when {@code body} recorded errors. */
    static List<Item> binaryItems(BodyReader body) {
        BodyReader batch = body.child("batch", true);
        if (batch == null) {
            return null;
        }
        List<String> ids = batch.strings("ids", true, Limits.MAX_ITEMS, Limits.MAX_ID_BYTES);
        Integer dimension = batch.integer("dimension", null, 1, Limits.MAX_DIMENSION);
        if (!batch.has("dimension")) {
            batch.error("missing", batch.at("dimension"), "Field required", null);
        }
        String b64 = batch.requiredString("vectors_b64");
        JsonNode metadata = batch.value("metadata");
        JsonNode contents = batch.value("contents");
        if (ids == null || dimension == null || b64 == null) {
            return null;
        }
        List<float[]> vectors = decode(batch, b64, ids.size(), dimension);
        List<String> metadataText = parallel(batch, "metadata", metadata, ids.size(), true);
        List<String> contentsText = parallel(batch, "contents", contents, ids.size(), false);
        for (int i = 0; i < ids.size(); i++) {
            id(batch, ids.get(i), batch.at("ids", i));
        }
        if (body.hasErrors()) {
            return null;
        }
        List<Item> out = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            out.add(new Item(ids.get(i), vectors.get(i), metadataText == null ? null : metadataText.get(i),
                    contentsText == null ? null : contentsText.get(i)));
        }
        return out;
    }

    /** A query ({@code query_vectors}, 1-D or 2-D) with its options, or null when {@code body} recorded errors. */
    static Query query(BodyReader body) {
        JsonNode node = body.value("query_vectors");
        if (node != null && node.isArray() && node.isEmpty()) {
            node = null; // the JS SDK sends [] with query_contents: the same as absent
        }
        if (node == null) {
            Requests.unsupported(body, "query_contents", "Sealdex does not embed text on the server; send"
                    + " query_vectors");
            body.error("missing", body.at("query_vectors"), "Field required", null);
            return null;
        }
        List<float[]> vectors = new ArrayList<>();
        boolean flat;
        if (!node.isArray()) {
            body.error("list_type", body.at("query_vectors"), "Input should be a valid list", BodyReader.summary(node));
            return null;
        }
        if (node.get(0).isArray()) {
            if (node.size() > Limits.MAX_QUERIES) {
                body.error("too_long", body.at("query_vectors"), "A query may hold at most " + Limits.MAX_QUERIES
                        + " vectors, not " + node.size(), null);
                return null;
            }
            for (int i = 0; i < node.size() && !tooMany(body); i++) {
                vectors.add(vector(body, node.get(i), body.at("query_vectors", i)));
            }
            flat = node.size() == 1;
        } else {
            vectors.add(vector(body, node, body.at("query_vectors")));
            flat = true;
        }
        QueryOptions options = options(body, vectors.size());
        return body.hasErrors() ? null : new Query(vectors, flat, options);
    }

    /** A binary query ({@code batch.vectors_b64}, {@code batch.dimension}), or null when {@code body} recorded errors. */
    static Query binaryQuery(BodyReader body) {
        BodyReader batch = body.child("batch", true);
        List<float[]> vectors = null;
        if (batch != null) {
            Integer dimension = batch.integer("dimension", null, 1, Limits.MAX_DIMENSION);
            if (!batch.has("dimension")) {
                batch.error("missing", batch.at("dimension"), "Field required", null);
            }
            String b64 = batch.requiredString("vectors_b64");
            if (dimension != null && b64 != null) {
                vectors = decode(batch, b64, -1, dimension);
            }
        }
        QueryOptions options = options(body, vectors == null ? 1 : vectors.size());
        return body.hasErrors() || vectors == null ? null : new Query(vectors, vectors.size() == 1, options);
    }

    /** The options shared by the query routes. */
    static QueryOptions options(BodyReader body, int queries) {
        Integer topK = body.integer("top_k", DEFAULT_TOP_K, 1, Limits.MAX_TOP_K);
        Integer probes = body.integer("n_probes", 0, 0, Limits.MAX_LISTS);
        boolean greedy = body.bool("greedy", false);
        Integer rerank = body.integer("rerank_mult", DEFAULT_RERANK_MULT, 1, Limits.MAX_CANDIDATES);
        ObjectNode filters = body.object("filters");
        List<String> include = body.strings("include", false, 16, 64);
        for (String hybrid : List.of("text", "text_fields", "text_field_weights", "require_all_terms", "alpha",
                "rrf_k", "window_mult")) {
            Requests.unsupported(body, hybrid, "hybrid BM25 search is not available in Sealdex yet");
        }
        if (topK != null && rerank != null && (long) topK * rerank > Limits.MAX_CANDIDATES) {
            body.error("value_error", body.at("rerank_mult"), "top_k * rerank_mult must be at most "
                    + Limits.MAX_CANDIDATES + ", got " + ((long) topK * rerank), null);
        }
        if (topK != null && (long) topK * queries > Limits.MAX_RESULTS) {
            body.error("value_error", body.at("top_k"), "query vectors * top_k must be at most " + Limits.MAX_RESULTS
                    + ", got " + ((long) topK * queries), null);
        } else if (topK != null && rerank != null
                && (long) topK * rerank * queries > Limits.MAX_REQUEST_CANDIDATES) {
            body.error("value_error", body.at("rerank_mult"), "query vectors * top_k * rerank_mult (the candidates "
                    + "one request keeps) must be at most " + Limits.MAX_REQUEST_CANDIDATES + ", got "
                    + ((long) topK * rerank * queries), null);
        }
        if (body.hasErrors()) {
            return null;
        }
        List<String> fields = include == null ? List.of() : include.stream()
                .map(s -> s == null ? "" : s.toLowerCase(Locale.ROOT)).toList();
        return new QueryOptions(topK, probes, rerank, greedy, filters, fields.contains("distance"),
                fields.contains("metadata"), fields.contains("vector"));
    }

    /** A query or item vector at {@code loc}: a non-empty list of finite float32 numbers. */
    static float[] vector(BodyReader body, JsonNode node, List<Object> loc) {
        float[] vector = body.floats(node, loc, Limits.MAX_DIMENSION);
        if (vector != null && vector.length == 0) {
            body.error("too_short", loc, "A vector needs at least 1 component", null);
            return null;
        }
        return vector;
    }

    /** Checks an item id: 1 to {@link Limits#MAX_ID_BYTES} UTF-8 bytes. */
    private static String id(BodyReader body, String id, List<Object> loc) {
        if (id == null) {
            return null;
        }
        int bytes = id.getBytes(StandardCharsets.UTF_8).length;
        if (bytes == 0 || bytes > Limits.MAX_ID_BYTES) {
            body.error("string_too_long", loc, "An id must have 1 to " + Limits.MAX_ID_BYTES + " UTF-8 bytes", null);
            return null;
        }
        return id;
    }

    /**
     * Decodes {@code b64} as little-endian float32 rows of {@code dimension}; {@code rows} is the
     * expected row count, or -1 for "whatever whole number of rows it holds".
     */
    static List<float[]> decode(BodyReader batch, String b64, int rows, int dimension) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            batch.error("value_error", batch.at("vectors_b64"), "vectors_b64 is not valid standard base64: "
                    + e.getMessage(), null);
            return null;
        }
        long rowBytes = 4L * dimension;
        if (rows >= 0 && bytes.length != rows * rowBytes) {
            batch.error("value_error", batch.at("vectors_b64"), "vectors_b64 holds " + bytes.length + " bytes, but "
                    + rows + " ids of dimension " + dimension + " need " + (rows * rowBytes)
                    + " (little-endian float32, row-major)", null);
            return null;
        }
        if (rows < 0 && (bytes.length == 0 || bytes.length % rowBytes != 0)) {
            batch.error("value_error", batch.at("vectors_b64"), "vectors_b64 holds " + bytes.length
                    + " bytes, not a whole, non-zero number of rows of dimension " + dimension
                    + " (4 bytes per little-endian float32)", null);
            return null;
        }
        int count = (int) (bytes.length / rowBytes);
        if (rows < 0 && count > Limits.MAX_QUERIES) {
            batch.error("too_long", batch.at("vectors_b64"), "A query may hold at most " + Limits.MAX_QUERIES
                    + " vectors, not " + count, null);
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<float[]> out = new ArrayList<>(count);
        for (int row = 0; row < count; row++) {
            float[] vector = new float[dimension];
            for (int i = 0; i < dimension; i++) {
                float v = buffer.getFloat();
                if (!Float.isFinite(v)) {
                    batch.error("finite_number", batch.at("vectors_b64"), "vectors_b64 row " + row + " component " + i
                            + " is NaN or infinite", null);
                    return null;
                }
                vector[i] = v;
            }
            out.add(vector);
        }
        return out;
    }

    /** A list parallel to the ids ({@code metadata}: objects; {@code contents}: strings), nulls allowed. */
    private static List<String> parallel(BodyReader batch, String field, JsonNode node, int size, boolean objects) {
        if (node == null) {
            return null;
        }
        if (!node.isArray()) {
            batch.error("list_type", batch.at(field), "Input should be a valid list", BodyReader.summary(node));
            return null;
        }
        if (node.size() != size) {
            batch.error("value_error", batch.at(field), field + " has " + node.size() + " entries for " + size + " ids",
                    null);
            return null;
        }
        List<String> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            JsonNode value = node.get(i);
            if (value == null || value.isNull()) {
                out.add(null);
            } else if (objects && value.isObject()) {
                out.add(value.toString());
            } else if (!objects && value.isTextual()) {
                out.add(value.textValue());
            } else {
                batch.error(objects ? "dict_type" : "string_type", batch.at(field, i),
                        objects ? "Input should be a valid dictionary" : "Input should be a valid string",
                        BodyReader.summary(value));
                out.add(null);
            }
        }
        return out;
    }

    /** Whether enough errors were found that reading on would only make the 422 longer. */
    private static boolean tooMany(BodyReader body) {
        return body.errorCount() >= 50;
    }

}
