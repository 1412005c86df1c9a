package dev.sealdex.api.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** CyborgDB calls the reliability tests share: create, upsert, read everything back, digests. */
public final class Indexes {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Indexes() {
    }

    /** A reproducible 32-byte index key as 64 hex characters. */
    public static String key(long seed) {
        byte[] key = new byte[32];
        new SplittableRandom(seed).nextBytes(key);
        return HexFormat.of().formatHex(key);
    }

    /** A body naming {@code index} and {@code key}. */
    public static ObjectNode body(String index, String key) {
        ObjectNode body = NODES.objectNode();
        body.put("index_name", index);
        if (key != null) {
            body.put("index_key", key);
        }
        return body;
    }

    /** Creates {@code index}; asserts 200. */
    public static void create(Http http, String index, String key, int dimension, String metric) {
        ObjectNode body = body(index, key);
        body.put("dimension", dimension);
        body.put("metric", metric);
        Http.Response created = http.post("/v1/indexes/create", body);
        assertEquals(200, created.status(), "create " + index + ": " + created);
    }

    /** The upsert body of {@code versions[i]} of {@code ids[i]}. */
    public static ObjectNode upsertBody(Items items, String index, String key, int dimension, List<String> ids,
                                        int[] versions) {
        ObjectNode body = body(index, key);
        ArrayNode list = body.putArray("items");
        for (int i = 0; i < ids.size(); i++) {
            list.add(items.item(index, ids.get(i), versions[i], dimension));
        }
        return body;
    }

    /** The delete body of {@code ids}. */
    public static ObjectNode deleteBody(String index, String key, List<String> ids) {
        ObjectNode body = body(index, key);
        ArrayNode list = body.putArray("ids");
        ids.forEach(list::add);
        return body;
    }

    /** Every id of {@code index}, in the server's order. */
    public static List<String> listIds(Http http, String index, String key) {
        Http.Response listed = http.post("/v1/vectors/list_ids", body(index, key));
        assertEquals(200, listed.status(), "list_ids " + index + ": " + listed);
        List<String> ids = new ArrayList<>();
        listed.body().get("ids").forEach(id -> ids.add(id.asText()));
        assertEquals(ids.size(), listed.body().get("count").asInt(), "list_ids count of " + index);
        return ids;
    }

    /** Every item of {@code index} (vector, metadata, contents) by id, in list_ids order. */
    public static Map<String, JsonNode> readAll(Http http, String index, String key) {
        List<String> ids = listIds(http, index, key);
        Map<String, JsonNode> items = new LinkedHashMap<>();
        for (int from = 0; from < ids.size(); from += 1000) {
            ObjectNode body = deleteBody(index, key, ids.subList(from, Math.min(ids.size(), from + 1000)));
            Http.Response got = http.post("/v1/vectors/get", body);
            assertEquals(200, got.status(), "get " + index + ": " + got);
            got.body().get("results").forEach(item -> items.put(item.get("id").asText(), item));
        }
        assertEquals(ids.size(), items.size(), "get returned a different number of items than list_ids for " + index);
        return items;
    }

    /** A query body: one vector, {@code topK}, distances and metadata included. */
    public static ObjectNode queryBody(String index, String key, float[] vector, int topK) {
        ObjectNode body = body(index, key);
        body.set("query_vectors", Items.vectorJson(vector));
        body.put("top_k", topK);
        body.putArray("include").add("distance").add("metadata");
        return body;
    }

    /** SHA-256 of {@code text}, in hex. */
    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
