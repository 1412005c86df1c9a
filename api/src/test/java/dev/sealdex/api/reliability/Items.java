package dev.sealdex.api.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.SplittableRandom;

/**
 * Seeded, self-describing items: version {@code v} of item {@code id} in index {@code index} is a
 * pure function of the seed and those three, and its metadata names them. So any item read back
 * can be checked whole (vector, metadata and contents of one and the same written version) and
 * attributed (the right index and id), which is what "never partial, never a wrong item" needs.
 *
 * <p>Vector components are multiples of 1/256 in [-4, 4], sent as exact decimals: they are exact
 * in float32 and float64, so a round trip through the server is checked bit for bit.
 */
public final class Items {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] PIECES = {"a", "b", "z", " ", "0", "9", "é", "日本", "\uD83D\uDE42", "\"", "\\", "\n",
        "{", "}", "$", "<", "&"};

    private final long seed;

    /** Items of the run with {@code seed}. */
    public Items(long seed) {
        this.seed = seed;
    }

    private SplittableRandom random(String index, String id, int version) {
        long h = seed;
        for (String part : new String[] {index, id}) {
            for (int i = 0; i < part.length(); i++) {
                h = (h ^ part.charAt(i)) * 0x100000001B3L;
            }
            h = Long.rotateLeft(h, 17) ^ 0x5bd1e995L;
        }
        return new SplittableRandom(h * 31 + version);
    }

    /** The vector of a version. */
    public float[] vector(String index, String id, int version, int dimension) {
        SplittableRandom random = random(index, id, version);
        float[] vector = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            vector[i] = (random.nextInt(2049) - 1024) / 256f;
        }
        return vector;
    }

    /** The metadata of a version. */
    public ObjectNode metadata(String index, String id, int version) {
        SplittableRandom random = random(index, id, version).split();
        ObjectNode metadata = NODES.objectNode();
        metadata.put("v", version);
        metadata.put("marker", index + "/" + id + "/" + version);
        metadata.put("group", "g" + random.nextInt(5));
        metadata.put("rank", random.nextInt(100));
        metadata.put("flag", random.nextBoolean());
        ArrayNode tags = metadata.putArray("tags");
        for (int i = random.nextInt(3); i > 0; i--) {
            tags.add("t" + random.nextInt(6));
        }
        return metadata;
    }

    /** The contents of a version, or null (one item in five has none). */
    public String contents(String index, String id, int version) {
        SplittableRandom random = random(index, id, version).split().split();
        if (random.nextInt(5) == 0) {
            return null;
        }
        StringBuilder text = new StringBuilder("c:" + index + "/" + id + "/" + version + ":");
        for (int i = random.nextInt(60); i > 0; i--) {
            text.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return text.toString();
    }

    /** The vector as exact JSON decimals. */
    public static ArrayNode vectorJson(float[] vector) {
        ArrayNode array = NODES.arrayNode(vector.length);
        for (float component : vector) {
            array.add(new BigDecimal(component));
        }
        return array;
    }

    /** The upsert item of a version: {@code id}, {@code vector}, {@code metadata}, {@code contents}. */
    public ObjectNode item(String index, String id, int version, int dimension) {
        ObjectNode item = NODES.objectNode();
        item.put("id", id);
        item.set("vector", vectorJson(vector(index, id, version, dimension)));
        item.set("metadata", metadata(index, id, version));
        String contents = contents(index, id, version);
        if (contents != null) {
            item.put("contents", contents);
        }
        return item;
    }

    /**
     * Checks that {@code found} (a {@code get} result with vector, metadata and contents) is one
     * whole written version of {@code id} in {@code index}, and returns that version.
     *
     * @throws AssertionError naming what differs
     */
    public int check(String index, String id, int dimension, JsonNode found) {
        if (!id.equals(found.path("id").asText(null))) {
            throw new AssertionError("asked for " + index + "/" + id + ", got item " + found.path("id"));
        }
        JsonNode metadata = found.get("metadata");
        if (metadata == null || !metadata.path("v").isInt()) {
            throw new AssertionError(index + "/" + id + " came back without its version: " + found);
        }
        int version = metadata.get("v").intValue();
        if (!metadata.equals(metadata(index, id, version))) {
            throw new AssertionError(index + "/" + id + " v" + version + ": metadata " + metadata + ", written "
                    + metadata(index, id, version));
        }
        float[] expected = vector(index, id, version, dimension);
        JsonNode vector = found.get("vector");
        if (vector == null || !vector.isArray() || vector.size() != dimension) {
            throw new AssertionError(index + "/" + id + " v" + version + ": vector " + vector);
        }
        for (int i = 0; i < dimension; i++) {
            if (Float.floatToIntBits(vector.get(i).floatValue()) != Float.floatToIntBits(expected[i])) {
                throw new AssertionError(index + "/" + id + " v" + version + ": vector component " + i + " is "
                        + vector.get(i) + ", written " + expected[i]);
            }
        }
        String contents = contents(index, id, version);
        JsonNode got = found.get("contents");
        String gotText = got == null || got.isNull() ? null : got.asText();
        if (got != null && !got.isNull() && !got.isTextual() || !java.util.Objects.equals(contents, gotText)) {
            throw new AssertionError(index + "/" + id + " v" + version + ": contents " + got + ", written " + contents);
        }
        return version;
    }
}
