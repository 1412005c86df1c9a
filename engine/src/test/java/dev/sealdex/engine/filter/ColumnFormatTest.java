package dev.sealdex.engine.filter;

import static dev.sealdex.engine.filter.FilterTestSupport.bits;
import static dev.sealdex.engine.filter.FilterTestSupport.filter;
import static dev.sealdex.engine.filter.FilterTestSupport.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ColumnFormatTest {

    private static final String GOLDEN = "column-format-v1.txt";

    /** The rows the golden file pins: every value kind, both layouts, gaps and a trailing gap. */
    static List<JsonNode> goldenRows() {
        return List.of(
                json("{\"color\": \"red\", \"rank\": 20, \"ok\": true, \"tags\": [\"b\", \"a\", \"b\"],"
                        + " \"loc\": {\"city\": \"Paris\", \"geo\": {\"lat\": 48.85}}}"),
                json("{\"color\": \"grün\", \"rank\": 20.0, \"ok\": false, \"tags\": [], \"loc\": {}}"),
                json("null"),
                json("{\"color\": \"" + "long ".repeat(30) + "\", \"rank\": -0.0, \"tags\": [\"a\"], \"mixed\": [1, \"1\", true, null, {}]}"),
                json("{\"rank\": -1.5e300, \"loc.city\": \"Lyon\", \"ok\": null}"),
                json("{}"));
    }

    static ColumnChunk chunkOf(List<JsonNode> rows, int capacity) {
        ColumnChunk chunk = new ColumnChunk(capacity);
        for (int r = 0; r < rows.size(); r++) {
            chunk.setRow(r, rows.get(r));
        }
        return chunk;
    }

    @Test
    void layoutMatchesTheDocumentedTable() {
        ColumnChunk chunk = new ColumnChunk(8);
        chunk.setRow(0, json("{\"c\": \"b\"}"));
        chunk.setRow(2, json("{\"c\": true}"));
        chunk.setRow(3, json("{\"c\": 2}"));
        byte[] expected = {
            'S', 'X', 'M', 'C', 1, 1, 1, 0, // magic, version, single layout, 1-byte codes, reserved
            4, 0, 0, 0,                     // 4 rows: row 3 is the last with the field
            3, 0, 0, 0,                     // 3 dictionary entries
            13, 0, 0, 0,                    // dictionary bytes
            1,                              // true
            2, 0, 0, 0, 0, 0, 0, 0, 0x40,   // 2.0 as little-endian float64
            3, 1, 'b',                      // "b"
            4, 0, 2, 3,                     // row codes: "b", missing, true, 2.0
        };
        assertArrayEquals(expected, chunk.encodeColumns().get("c"));

        chunk.setRow(1, json("{\"c\": [\"b\", true]}"));
        chunk.setRow(2, json("{\"c\": []}"));
        byte[] multi = {
            'S', 'X', 'M', 'C', 1, 2, 1, 0, 4, 0, 0, 0, 3, 0, 0, 0, 13, 0, 0, 0,
            1, 2, 0, 0, 0, 0, 0, 0, 0, 0x40, 3, 1, 'b',
            2, 4,                           // row 0: one value, "b"
            3, 2, 4,                        // row 1: two values, true and "b" (codes ascending)
            1,                              // row 2: present, no values
            2, 3,                           // row 3: one value, 2.0
        };
        assertArrayEquals(multi, chunk.encodeColumns().get("c"));
    }

    @Test
    void goldenFilePinsTheFormat() throws IOException {
        Map<String, byte[]> columns = chunkOf(goldenRows(), 8).encodeColumns();
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, byte[]> column : columns.entrySet()) {
            text.append(column.getKey()).append('\t').append(HexFormat.of().formatHex(column.getValue())).append('\n');
        }
        String regenerate = System.getProperty("sealdex.golden.dir");
        if (regenerate != null) {
            Files.writeString(Path.of(regenerate, GOLDEN), text.toString());
        }
        try (InputStream golden = ColumnFormatTest.class.getResourceAsStream(GOLDEN)) {
            assertTrue(golden != null, "missing golden file; run with -Dsealdex.golden.dir=<test resources dir>");
            assertEquals(new String(golden.readAllBytes(), StandardCharsets.UTF_8), text.toString(),
                    "the metadata column format changed: bump ColumnFormat.VERSION and keep reading version 1");
        }
        // Everything pinned decodes back to the same bytes.
        Map<String, byte[]> pinned = new TreeMap<>();
        for (String line : text.toString().split("\n")) {
            String[] parts = line.split("\t");
            pinned.put(parts[0], HexFormat.of().parseHex(parts[1]));
        }
        assertEqualColumns(pinned, ColumnChunk.decode(8, pinned).encodeColumns());
    }

    @Test
    void flatteningFollowsTheDocumentedModel() {
        Map<String, byte[]> columns = chunkOf(goldenRows(), 8).encodeColumns();
        assertEquals(Set.of("color", "loc", "loc.city", "loc.geo", "loc.geo.lat", "mixed", "ok", "rank", "tags"),
                columns.keySet());
        List<JsonNode> rows = goldenRows();
        assertEquals(List.of(0, 1, 3), matching("{\"rank\": {\"$gte\": 0}}", rows));
        assertEquals(List.of(0, 1), matching("{\"rank\": 20}", rows));
        assertEquals(List.of(3), matching("{\"rank\": 0}", rows));
        assertEquals(List.of(0, 4), matching("{\"loc.city\": {\"$exists\": true}}", rows));
        assertEquals(List.of(0, 1), matching("{\"loc\": {\"$exists\": true}}", rows));
        assertEquals(List.of(0, 1), matching("{\"ok\": {\"$exists\": true}}", rows));
        assertEquals(List.of(3), matching("{\"mixed\": 1}", rows));
        assertEquals(List.of(3), matching("{\"mixed\": \"1\"}", rows));
        assertEquals(List.of(3), matching("{\"mixed\": true}", rows));
        assertEquals(List.of(0, 3), matching("{\"tags\": \"a\"}", rows));
        assertEquals(List.of(1), matching("{\"tags\": {\"$nin\": [\"a\", \"b\"]}, \"tags.x\": {\"$exists\": false},"
                + " \"color\": {\"$exists\": true}}", rows));
    }

    private static List<Integer> matching(String filter, List<JsonNode> rows) {
        List<Integer> columns = FilterTestSupport.columnMatches(filter(filter), rows);
        assertEquals(FilterTestSupport.referenceMatches(filter(filter), rows), columns, filter);
        return columns;
    }

    @Test
    void wideDictionariesUseWiderCodes() {
        ColumnChunk two = new ColumnChunk(4096);
        ColumnChunk four = new ColumnChunk(ColumnChunk.MAX_CAPACITY);
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        for (int r = 0; r < ColumnChunk.MAX_CAPACITY; r++) {
            if (r < 4096) {
                ObjectNode row = nodes.objectNode().put("n", r);
                row.putArray("t").add("x" + r).add("y");
                two.setRow(r, row);
            }
            four.setRow(r, nodes.objectNode().put("n", r));
        }
        byte[] twoBytes = two.encodeColumns().get("n");
        assertEquals(2, twoBytes[6]);
        assertEquals(4, four.encodeColumns().get("n")[6]);
        assertEquals(List.of(254, 255, 256, 4000), bits(ColumnEvaluator.evaluate(
                filter("{\"n\": {\"$in\": [254, 255, 256, 4000]}}"), 4096, two.encodeColumns()::get), 4096));
        assertEquals(List.of(70, 4095), bits(ColumnEvaluator.evaluate(
                filter("{\"t\": {\"$in\": [\"x70\", \"x4095\"]}}"), 4096, two.encodeColumns()::get), 4096));
        assertEquals(List.of(65_535), bits(ColumnEvaluator.evaluate(filter("{\"n\": {\"$gt\": 65534}}"),
                ColumnChunk.MAX_CAPACITY, four.encodeColumns()::get), ColumnChunk.MAX_CAPACITY));
        assertEqualColumns(two.encodeColumns(), ColumnChunk.decode(4096, two.encodeColumns()).encodeColumns());
    }

    @Test
    void longRowsUseMultiByteCounts() {
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            tags.add("\"t" + i + "\"");
        }
        ColumnChunk chunk = new ColumnChunk(4);
        chunk.setRow(1, json("{\"tags\": [" + String.join(",", tags) + "]}"));
        chunk.setRow(2, json("{\"tags\": [\"t299\", \"other\"]}"));
        Map<String, byte[]> columns = chunk.encodeColumns();
        assertEquals(List.of(1, 2), bits(ColumnEvaluator.evaluate(filter("{\"tags\": \"t299\"}"), 4, columns::get), 4));
        assertEquals(List.of(2), bits(ColumnEvaluator.evaluate(filter("{\"tags\": {\"$ne\": \"t0\"}}"), 4,
                columns::get), 4));
        assertEqualColumns(columns, ColumnChunk.decode(4, columns).encodeColumns());
    }

    @Test
    void patchedRowsEncodeLikeAFreshChunk() {
        List<JsonNode> rows = new ArrayList<>(goldenRows());
        ColumnChunk patched = ColumnChunk.decode(8, chunkOf(rows, 8).encodeColumns());
        patched.setRow(0, json("{\"color\": \"blue\", \"rank\": 7}"));
        patched.clearRow(1);
        patched.setRow(3, null);
        patched.setRow(6, json("{\"color\": \"red\", \"new\": [\"x\"]}"));
        rows.set(0, json("{\"color\": \"blue\", \"rank\": 7}"));
        rows.set(1, json("{}"));
        rows.set(3, json("null"));
        List<JsonNode> fresh = new ArrayList<>(rows);
        fresh.add(json("{\"color\": \"red\", \"new\": [\"x\"]}"));
        Map<String, byte[]> expected = chunkOf(fresh, 8).encodeColumns();
        assertEqualColumns(expected, patched.encodeColumns());
        // Fields no row has any more are gone, so the engine drops their sealed columns.
        assertFalse(patched.fields().contains("tags"));
        assertFalse(patched.fields().contains("mixed"));
        assertTrue(patched.fields().contains("new"));
        assertFalse(patched.hasMetadata(1));
        assertTrue(patched.hasMetadata(6));
        assertNull(patched.encodeColumn("tags"));
        // Clearing every row leaves nothing to store.
        for (int r = 0; r < 8; r++) {
            patched.clearRow(r);
        }
        assertEquals(Map.of(), patched.encodeColumns());
    }

    @Test
    void refusedMetadataLeavesTheRowAsItWas() {
        ColumnChunk chunk = new ColumnChunk(2);
        chunk.setRow(0, json("{\"a\": 1}"));
        assertThrows(IllegalArgumentException.class, () -> chunk.setRow(0, json("[1, 2]")));
        String deep = "1";
        for (int i = 0; i < MetadataPaths.MAX_METADATA_DEPTH + 1; i++) {
            deep = "{\"d\": " + deep + "}";
        }
        String tooDeep = deep;
        assertThrows(IllegalArgumentException.class, () -> chunk.setRow(0, json(tooDeep)));
        assertEquals(Set.of("a"), chunk.fields());
        assertThrows(IndexOutOfBoundsException.class, () -> chunk.setRow(2, null));
        assertThrows(IllegalArgumentException.class, () -> new ColumnChunk(0));
        assertThrows(IllegalArgumentException.class, () -> new ColumnChunk(ColumnChunk.MAX_CAPACITY + 1));
    }

    @Test
    void corruptColumnsAreReported() {
        byte[] good = chunkOf(goldenRows(), 8).encodeColumns().get("color");
        List<byte[]> bad = new ArrayList<>();
        byte[] magic = good.clone();
        magic[0] = 'X';
        bad.add(magic);
        byte[] version = good.clone();
        version[4] = 2;
        bad.add(version);
        byte[] layout = good.clone();
        layout[5] = 9;
        bad.add(layout);
        bad.add(Arrays.copyOf(good, good.length - 1));
        bad.add(Arrays.copyOf(good, 10));
        byte[] code = good.clone();
        code[code.length - 1] = 99;
        bad.add(code);
        for (byte[] column : bad) {
            assertThrows(IllegalArgumentException.class, () -> ColumnChunk.decode(8, Map.of("color", column)));
            assertThrows(IllegalArgumentException.class,
                    () -> ColumnEvaluator.evaluate(filter("{\"color\": \"red\"}"), 8, f -> column));
        }
        assertThrows(IllegalArgumentException.class, () -> ColumnChunk.decode(2, Map.of("color", good)));
    }

    @Test
    void rowCountNeedNotMatchTheColumn() {
        Map<String, byte[]> columns = chunkOf(goldenRows(), 8).encodeColumns();
        MetadataFilter missingColor = filter("{\"color\": {\"$nin\": [\"red\"]}}");
        // Rows past the column's last row lack the field; rows past rowCount are never set.
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
                25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50,
                51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69),
                bits(ColumnEvaluator.evaluate(missingColor, 70, columns::get), 70));
        assertEquals(List.of(1), bits(ColumnEvaluator.evaluate(missingColor, 2, columns::get), 2));
        assertEquals(0, ColumnEvaluator.evaluate(missingColor, 0, columns::get).length);
        assertEquals(List.of(0, 1, 2), bits(ColumnEvaluator.evaluate(MetadataFilter.matchAll(), 3, f -> {
            throw new AssertionError("a match-all filter reads no column");
        }), 3));
    }

    @Test
    void eachColumnIsFetchedAtMostOnceAndOnlyWhenNeeded() {
        Map<String, byte[]> columns = chunkOf(goldenRows(), 8).encodeColumns();
        Map<String, Integer> fetches = new LinkedHashMap<>();
        ColumnSource counting = field -> {
            fetches.merge(field, 1, Integer::sum);
            return columns.get(field);
        };
        ColumnEvaluator.evaluate(filter("{\"rank\": {\"$gt\": 0, \"$lt\": 100}, \"$or\": [{\"rank\": 1}, {\"color\": \"x\"}]}"),
                8, counting);
        assertEquals(Map.of("rank", 1, "color", 1), fetches);
        fetches.clear();
        // The first condition matches nothing, so the second column is never opened.
        ColumnEvaluator.evaluate(filter("{\"color\": \"nobody\", \"rank\": 20}"), 8, counting);
        assertEquals(Map.of("color", 1), fetches);
    }

    private static void assertEqualColumns(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String field : expected.keySet()) {
            assertArrayEquals(expected.get(field), actual.get(field), field);
        }
    }
}
