package dev.sealdex.engine.index;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sealdex.engine.crypto.BlockCipher;
import dev.sealdex.engine.crypto.ObjectKind;
import dev.sealdex.engine.filter.ColumnChunk;
import dev.sealdex.engine.filter.ColumnEvaluator;
import dev.sealdex.engine.filter.MetadataFilter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Filterable metadata kept column-wise in sealed blocks, so a filtered query decrypts only the
 * columns its filter reads, one ciphertext per field per chunk of {@link #CHUNK} rows, instead of
 * one per item. Each column is sealed as {@code METADATA_COLUMNS} under the metadata key with the
 * object id (chunk number, field path); its plaintext is {@code filter.ColumnFormat}'s.
 *
 * <p>Readers take a chunk's current map of sealed columns without locking; writers patch a chunk
 * under its lock and publish a new map.
 */
final class MetadataColumns {

    private static final com.fasterxml.jackson.databind.ObjectMapper METADATA_JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** Rows per chunk: 64 mask words, and small enough that re-sealing a chunk on upsert is cheap. */
    static final int CHUNK = 4096;
    private static final int LOCKS = 64;

    private final BlockCipher cipher;
    private final OrdinalArray<Map<String, byte[]>> chunks = new OrdinalArray<>();
    private final Object[] locks = new Object[LOCKS];

    MetadataColumns(BlockCipher cipher) {
        this.cipher = cipher;
        for (int i = 0; i < LOCKS; i++) {
            locks[i] = new Object();
        }
    }

    /**
     * Sets the metadata of {@code ordinals[i]} to {@code metadata[i]} (null clears the row), one
     * chunk at a time.
     */
    void update(int[] ordinals, JsonNode[] metadata, int count) {
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(ordinals[a], ordinals[b]));
        for (int start = 0; start < count; ) {
            int chunk = ordinals[order[start]] / CHUNK;
            int end = start;
            while (end < count && ordinals[order[end]] / CHUNK == chunk) {
                end++;
            }
            synchronized (locks[chunk % LOCKS]) {
                ColumnChunk decoded = open(chunk);
                for (int j = start; j < end; j++) {
                    int row = ordinals[order[j]] % CHUNK;
                    JsonNode value = metadata[order[j]];
                    if (value == null) {
                        decoded.clearRow(row);
                    } else {
                        decoded.setRow(row, value);
                    }
                }
                chunks.set(chunk, seal(chunk, decoded.encodeColumns()));
            }
            start = end;
        }
    }

    /**
     * The ordinals below {@code ordinalLimit} whose metadata matches {@code filter}, as a mask.
     * Deleted rows may match; callers skip them by their missing row.
     */
    long[] evaluate(MetadataFilter filter, int ordinalLimit) {
        int chunkCount = (ordinalLimit + CHUNK - 1) / CHUNK;
        long[] mask = new long[chunkCount * (CHUNK / 64)];
        java.util.List<byte[]> opened = new java.util.ArrayList<>();
        for (int chunk = 0; chunk < chunkCount; chunk++) {
            Map<String, byte[]> sealed = chunks.get(chunk);
            long[] rows;
            try {
                rows = evaluateChunk(filter, sealed, chunk, opened);
            } catch (IllegalArgumentException e) {
                // The column opened (its tag held), so this is a format fault, not client input.
                throw new dev.sealdex.engine.crypto.IntegrityException("metadata column of chunk " + chunk
                        + " is malformed: " + e.getMessage(), e);
            } finally {
                opened.forEach(plain -> Arrays.fill(plain, (byte) 0));
                opened.clear();
            }
            System.arraycopy(rows, 0, mask, chunk * (CHUNK / 64), Math.min(rows.length, CHUNK / 64));
        }
        int tail = ordinalLimit % CHUNK;
        if (tail != 0) {
            // Rows past the limit do not exist yet; a filter like $exists:false must not match them.
            int word = (chunkCount - 1) * (CHUNK / 64) + tail / 64;
            mask[word] &= (1L << (tail % 64)) - 1;
            Arrays.fill(mask, word + 1, mask.length, 0L);
        }
        return mask;
    }

    private long[] evaluateChunk(MetadataFilter filter, Map<String, byte[]> sealed, int c,
                                 java.util.List<byte[]> opened) {
        return ColumnEvaluator.evaluate(filter, CHUNK, field -> {
            byte[] column = sealed == null ? null : sealed.get(field);
            if (column == null) {
                return null;
            }
            byte[] plain = cipher.open(ObjectKind.METADATA_COLUMNS, objectId(c, field), column);
            opened.add(plain);
            return plain;
        });
    }

    private ColumnChunk open(int chunk) {
        Map<String, byte[]> sealed = chunks.get(chunk);
        if (sealed == null || sealed.isEmpty()) {
            return new ColumnChunk(CHUNK);
        }
        Map<String, byte[]> plain = new HashMap<>();
        for (Map.Entry<String, byte[]> column : sealed.entrySet()) {
            plain.put(column.getKey(), cipher.open(ObjectKind.METADATA_COLUMNS, objectId(chunk, column.getKey()),
                    column.getValue()));
        }
        ColumnChunk decoded = ColumnChunk.decode(CHUNK, plain);
        plain.values().forEach(bytes -> Arrays.fill(bytes, (byte) 0));
        return decoded;
    }

    private Map<String, byte[]> seal(int chunk, Map<String, byte[]> plain) {
        Map<String, byte[]> sealed = new TreeMap<>();
        for (Map.Entry<String, byte[]> column : plain.entrySet()) {
            sealed.put(column.getKey(), cipher.seal(ObjectKind.METADATA_COLUMNS, objectId(chunk, column.getKey()),
                    column.getValue()));
            Arrays.fill(column.getValue(), (byte) 0);
        }
        return java.util.Collections.unmodifiableMap(sealed);
    }

    private static byte[] objectId(int chunk, String field) {
        byte[] name = field.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + name.length).putInt(chunk).put(name).array();
    }

    /** Parses and checks metadata JSON text; {@code id} names the item in errors (null when reloading). */
    static JsonNode parse(String metadata, String id) {
        if (metadata == null) {
            return null;
        }
        try {
            JsonNode node = METADATA_JSON.readTree(metadata);
            // Refuses what the columns cannot hold (not an object, nested too deep) before anything is stored.
            new ColumnChunk(1).setRow(0, node);
            return node;
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("item '" + id + "' has invalid metadata: " + e.getMessage(), e);
        }
    }
}
