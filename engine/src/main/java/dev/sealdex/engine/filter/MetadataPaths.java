package dev.sealdex.engine.filter;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Flattens one item's metadata into field paths and their scalar values: the data model that
 * both {@link MetadataFilter#matches} and the columns ({@link ColumnChunk}) see.
 *
 * <ul>
 *   <li>A string, number or boolean at path {@code p} gives {@code p} one value. Numbers become
 *       float64 ({@link Double}, {@code -0.0} as {@code 0.0}), so 20 and 20.0 are one value.</li>
 *   <li>An array gives {@code p} the array's strings, numbers and booleans as values (any mix;
 *       CyborgDB documents lists of strings). Null, object and array elements are skipped. An empty
 *       array makes {@code p} present with no values.</li>
 *   <li>An object makes {@code p} present with no values (so {@code $exists} sees it) and its
 *       members become {@code p.key}.</li>
 *   <li>Null is the same as absent.</li>
 *   <li>Keys join with '.', so a literal key {@code "a.b"} and a nested {@code a → b} are the
 *       same path; values from both are merged.</li>
 * </ul>
 */
final class MetadataPaths {

    /** Deepest metadata nesting that is flattened; deeper metadata is refused. */
    static final int MAX_METADATA_DEPTH = 64;

    private MetadataPaths() {
    }

    /**
     * Path → values (an empty list means present without values), in document order. Null,
     * missing or JSON null metadata gives an empty map.
     */
    static Map<String, List<Object>> flatten(JsonNode metadata) {
        Map<String, List<Object>> paths = new LinkedHashMap<>();
        if (metadata == null || metadata.isNull() || metadata.isMissingNode()) {
            return paths;
        }
        if (!metadata.isObject()) {
            throw new IllegalArgumentException("metadata must be a JSON object, got " + typeName(metadata));
        }
        walk("", metadata, 1, paths);
        return paths;
    }

    private static void walk(String prefix, JsonNode object, int depth, Map<String, List<Object>> paths) {
        if (depth > MAX_METADATA_DEPTH) {
            throw new IllegalArgumentException("metadata nested deeper than " + MAX_METADATA_DEPTH + " levels");
        }
        for (Map.Entry<String, JsonNode> member : object.properties()) {
            String path = prefix.isEmpty() ? member.getKey() : prefix + "." + member.getKey();
            JsonNode value = member.getValue();
            if (value.isObject()) {
                paths.computeIfAbsent(path, p -> new ArrayList<>());
                walk(path, value, depth + 1, paths);
            } else if (value.isArray()) {
                List<Object> values = paths.computeIfAbsent(path, p -> new ArrayList<>());
                for (JsonNode element : value) {
                    Object scalar = scalar(element);
                    if (scalar != null) {
                        values.add(scalar);
                    }
                }
            } else {
                Object scalar = scalar(value);
                if (scalar != null) {
                    paths.computeIfAbsent(path, p -> new ArrayList<>()).add(scalar);
                }
            }
        }
    }

    /** The normalized value of a string, number or boolean node; null for anything else. */
    static Object scalar(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isNumber()) {
            return number(node.doubleValue());
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return null;
    }

    /** A number as stored and compared: float64 with negative zero folded into zero. */
    static Double number(double value) {
        return value == 0.0 ? 0.0 : value;
    }

    static String typeName(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case ARRAY -> "array";
            case OBJECT, POJO -> "object";
            case NULL, MISSING -> "null";
            case BINARY -> "binary";
        };
    }
}
