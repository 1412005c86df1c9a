package dev.sealdex.engine.filter;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns filter JSON into a validated tree; every refusal is a {@link FilterException}. */
final class FilterParser {

    private static final String NOT_REASON = "$not is not supported (CyborgDB rejects it too, cyborgdb-core#2395); "
            + "write the negation with $ne, $nin or $nor";
    private static final String TYPE_REASON = "$type is not supported: its semantics are undocumented";

    private final Map<String, Integer> fieldIds = new LinkedHashMap<>();
    private int conditions;

    MetadataFilter parse(JsonNode filter, String rootName) {
        if (filter == null || filter.isNull() || filter.isMissingNode()) {
            return MetadataFilter.matchAll();
        }
        List<Object> location = List.of(rootName);
        if (!filter.isObject()) {
            throw fail(location, "must be an object, got " + MetadataPaths.typeName(filter));
        }
        FilterNode.And root = filterObject(filter, location, 1);
        if (root.children().isEmpty()) {
            return MetadataFilter.matchAll();
        }
        return new MetadataFilter(root, List.copyOf(fieldIds.keySet()));
    }

    /** A filter object: the AND of its keys, each a field condition or a combinator. */
    private FilterNode.And filterObject(JsonNode object, List<Object> location, int depth) {
        checkDepth(location, depth);
        List<FilterNode> children = new ArrayList<>();
        for (Map.Entry<String, JsonNode> member : object.properties()) {
            String key = member.getKey();
            List<Object> at = append(location, key);
            if (!key.startsWith("$")) {
                checkField(key, location);
                fieldCondition(key, member.getValue(), at, depth + 1, children);
                continue;
            }
            switch (key) {
                case "$and" -> children.addAll(((FilterNode.And) combinator(key, member.getValue(), at, depth)).children());
                case "$or", "$nor" -> children.add(combinator(key, member.getValue(), at, depth));
                case "$not" -> throw fail(location, NOT_REASON);
                case "$type" -> throw fail(location, TYPE_REASON);
                default -> throw fail(location, Operator.byToken(key) != null
                        ? key + " needs a field: write {\"field\": {\"" + key + "\": ...}}"
                        : "unknown operator " + token(key));
            }
        }
        return and(children);
    }

    /**
     * An AND with its conditions first, those on one field next to each other (fields in order of
     * first appearance), then the combinators: the evaluator scans a field once for all of its
     * conditions ({@code $gte} with {@code $lt}), and cheap conditions run before combinators.
     */
    private static FilterNode.And and(List<FilterNode> children) {
        Map<String, List<FilterNode>> byField = new LinkedHashMap<>();
        List<FilterNode> combinators = new ArrayList<>();
        for (FilterNode child : children) {
            if (child instanceof Condition condition) {
                byField.computeIfAbsent(condition.field(), f -> new ArrayList<>()).add(condition);
            } else {
                combinators.add(child);
            }
        }
        List<FilterNode> ordered = new ArrayList<>(children.size());
        byField.values().forEach(ordered::addAll);
        ordered.addAll(combinators);
        return new FilterNode.And(ordered);
    }

    private FilterNode combinator(String operator, JsonNode operand, List<Object> at, int depth) {
        if (!operand.isArray()) {
            throw fail(at, "needs an array of filter objects, got " + MetadataPaths.typeName(operand));
        }
        if (operand.size() > MetadataFilter.MAX_OPERANDS) {
            throw fail(at, "has more than " + MetadataFilter.MAX_OPERANDS + " operands");
        }
        checkDepth(at, depth + 1);
        List<FilterNode> children = new ArrayList<>();
        for (int i = 0; i < operand.size(); i++) {
            JsonNode element = operand.get(i);
            List<Object> elementAt = append(at, i);
            if (!element.isObject()) {
                throw fail(elementAt, "needs a filter object, got " + MetadataPaths.typeName(element));
            }
            FilterNode.And child = filterObject(element, elementAt, depth + 2);
            if (operator.equals("$and")) {
                children.addAll(child.children());
            } else {
                children.add(child.children().size() == 1 ? child.children().getFirst() : child);
            }
        }
        return switch (operator) {
            case "$and" -> and(children);
            case "$or" -> new FilterNode.Or(children);
            default -> new FilterNode.Nor(children);
        };
    }

    /**
     * The condition(s) on {@code path}: a bare scalar is {@code $eq}; an object of operators is
     * their AND; an object of plain keys addresses nested fields ({@code {"loc": {"city": "x"}}}
     * is {@code {"loc.city": "x"}}, not MongoDB's whole-document equality).
     */
    private void fieldCondition(String path, JsonNode value, List<Object> at, int depth, List<FilterNode> out) {
        checkDepth(at, depth);
        if (value.isValueNode() && !value.isNull()) {
            out.add(condition(path, Operator.EQ, List.of(scalar(value, at, "$eq")), at, null));
            return;
        }
        if (value.isNull() || value.isMissingNode()) {
            throw fail(at, "null is not a filter value; use {\"$exists\": false} for a missing field");
        }
        if (value.isArray()) {
            throw fail(at, "an array is not a filter value; use $in for any of several values, or $and for all");
        }
        if (value.isEmpty()) {
            throw fail(at, "empty condition object");
        }
        int operators = 0;
        for (Map.Entry<String, JsonNode> member : value.properties()) {
            operators += member.getKey().startsWith("$") ? 1 : 0;
        }
        if (operators != 0 && operators != value.size()) {
            throw fail(at, "mixes operators and field names");
        }
        for (Map.Entry<String, JsonNode> member : value.properties()) {
            String key = member.getKey();
            if (operators == 0) {
                String nested = path + "." + key;
                checkField(nested, at);
                fieldCondition(nested, member.getValue(), append(at, key), depth + 1, out);
            } else {
                out.add(operatorCondition(path, key, member.getValue(), at, depth + 1));
            }
        }
    }

    private Condition operatorCondition(String path, String token, JsonNode operand, List<Object> at, int depth) {
        Operator operator = Operator.byToken(token);
        if (operator == null) {
            throw fail(at, switch (token) {
                case "$not" -> NOT_REASON;
                case "$type" -> TYPE_REASON;
                case "$and", "$or", "$nor" -> token + " belongs at the top level of a filter object, not under a field";
                case "$options" -> "unknown operator $options; put regex flags inline, such as (?i)";
                default -> "unknown operator " + token(token);
            });
        }
        checkDepth(at, depth);
        return switch (operator) {
            case EQ, NE -> condition(path, operator, List.of(scalar(operand, at, token)), at, null);
            case GT, GTE, LT, LTE -> {
                if (!operand.isNumber()) {
                    throw fail(at, token + " needs a number, got " + MetadataPaths.typeName(operand));
                }
                yield condition(path, operator, List.of(scalar(operand, at, token)), at, null);
            }
            case IN, NIN -> {
                if (!operand.isArray()) {
                    throw fail(at, token + " needs an array, got " + MetadataPaths.typeName(operand));
                }
                if (operand.size() > MetadataFilter.MAX_OPERANDS) {
                    throw fail(at, token + " has more than " + MetadataFilter.MAX_OPERANDS + " values");
                }
                checkDepth(at, depth + 1);
                List<Object> values = new ArrayList<>(operand.size());
                for (int i = 0; i < operand.size(); i++) {
                    values.add(scalar(operand.get(i), at, token + "[" + i + "]"));
                }
                yield condition(path, operator, values, at, null);
            }
            case EXISTS -> {
                if (!operand.isBoolean()) {
                    throw fail(at, "$exists needs a boolean, got " + MetadataPaths.typeName(operand));
                }
                yield condition(path, operator, List.of(operand.booleanValue()), at, null);
            }
            case REGEX -> {
                String pattern = string(operand, at, token, MetadataFilter.MAX_PATTERN_LENGTH);
                Re2Pattern compiled;
                try {
                    compiled = Re2Pattern.compile(pattern);
                } catch (IllegalArgumentException e) {
                    throw fail(at, "$regex " + e.getMessage());
                }
                yield condition(path, operator, List.of(pattern), at, compiled);
            }
            case CONTAINS -> condition(path, operator,
                    List.of(string(operand, at, token, MetadataFilter.MAX_STRING_LENGTH)), at, null);
        };
    }

    private Condition condition(String path, Operator operator, List<Object> values, List<Object> at, Re2Pattern pattern) {
        if (++conditions > MetadataFilter.MAX_CONDITIONS) {
            throw fail(at, "the filter has more than " + MetadataFilter.MAX_CONDITIONS + " conditions");
        }
        int fieldIndex = fieldIds.computeIfAbsent(path, p -> fieldIds.size());
        return new Condition(path, fieldIndex, operator, values, at, pattern);
    }

    /** A string, number or boolean operand, normalized as stored values are. */
    private static Object scalar(JsonNode operand, List<Object> at, String what) {
        if (operand.isTextual()) {
            return string(operand, at, what, MetadataFilter.MAX_STRING_LENGTH);
        }
        if (operand.isNumber()) {
            double value = operand.doubleValue();
            if (Double.isNaN(value)) {
                throw fail(at, what + " needs a number, got NaN");
            }
            return MetadataPaths.number(value);
        }
        if (operand.isBoolean()) {
            return operand.booleanValue();
        }
        throw fail(at, what + " needs a string, number or boolean, got " + MetadataPaths.typeName(operand));
    }

    private static String string(JsonNode operand, List<Object> at, String what, int maxLength) {
        if (!operand.isTextual()) {
            throw fail(at, what + " needs a string, got " + MetadataPaths.typeName(operand));
        }
        String text = operand.textValue();
        if (text.length() > maxLength) {
            throw fail(at, what + " is longer than " + maxLength + " characters");
        }
        return text;
    }

    private static void checkField(String path, List<Object> at) {
        if (path.isEmpty()) {
            throw fail(at, "empty field name");
        }
        if (path.length() > MetadataFilter.MAX_FIELD_LENGTH) {
            throw fail(at, "field name longer than " + MetadataFilter.MAX_FIELD_LENGTH + " characters");
        }
        if (path.startsWith(".") || path.endsWith(".") || path.contains("..")) {
            throw fail(at, "field name has an empty path segment");
        }
    }

    private static void checkDepth(List<Object> at, int depth) {
        if (depth > MetadataFilter.MAX_DEPTH) {
            throw fail(at, "nested deeper than " + MetadataFilter.MAX_DEPTH + " levels");
        }
    }

    /** An operator name fit to echo: short and printable, since it comes from the request. */
    private static String token(String key) {
        return key.length() <= 32 && key.chars().allMatch(c -> c > ' ' && c < 127) ? key : "(unprintable or long name)";
    }

    private static List<Object> append(List<Object> location, Object step) {
        List<Object> longer = new ArrayList<>(location.size() + 1);
        longer.addAll(location);
        longer.add(step);
        return longer;
    }

    private static FilterException fail(List<Object> location, String reason) {
        return new FilterException(location, reason);
    }
}
