package dev.sealdex.engine.filter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Shared helpers: JSON from text, and a filter run both ways over a list of rows. */
final class FilterTestSupport {

    static final ObjectMapper JSON = new ObjectMapper();

    private FilterTestSupport() {
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    static MetadataFilter filter(String text) {
        return MetadataFilter.parse(json(text));
    }

    /** Row indexes that {@link MetadataFilter#matches} accepts. */
    static List<Integer> referenceMatches(MetadataFilter filter, List<JsonNode> rows) {
        List<Integer> matched = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            if (filter.matches(rows.get(r))) {
                matched.add(r);
            }
        }
        return matched;
    }

    /** Row indexes that the column evaluator accepts, through encoded columns. */
    static List<Integer> columnMatches(MetadataFilter filter, List<JsonNode> rows) {
        ColumnChunk chunk = new ColumnChunk(Math.max(1, rows.size()));
        for (int r = 0; r < rows.size(); r++) {
            chunk.setRow(r, rows.get(r));
        }
        Map<String, byte[]> columns = chunk.encodeColumns();
        return bits(ColumnEvaluator.evaluate(filter, rows.size(), columns::get), rows.size());
    }

    static List<Integer> bits(long[] mask, int rowCount) {
        List<Integer> set = new ArrayList<>();
        for (int r = 0; r < mask.length * 64; r++) {
            if ((mask[r >>> 6] & (1L << r)) != 0) {
                if (r >= rowCount) {
                    throw new AssertionError("bit " + r + " set past rowCount " + rowCount);
                }
                set.add(r);
            }
        }
        return set;
    }
}
