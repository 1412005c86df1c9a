package dev.sealdex.engine.filter;

import static dev.sealdex.engine.filter.FilterTestSupport.bits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random metadata and random filters over every operator and combinator: the column evaluator
 * over encoded columns must agree with {@link MetadataFilter#matches} on every row.
 */
class FilterPropertyTest {

    private static final long SEED = 0x5EA1DE5L;
    private static final int TRIALS = 250;
    private static final int FILTERS_PER_TRIAL = 12;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] STRINGS = {"red", "green", "blue", "", "ré", "Red", "red ", "gr€en", "ml", "😀"};
    private static final double[] NUMBERS = {0, 1, 1.5, 20, -3, 1e300, -0.0, 2.5, 40};
    private static final String[] FIELDS = {"s", "n", "b", "tags", "loc", "loc.city", "loc.zip", "x", "absent"};
    private static final String[] PATTERNS = {"^r", "e$", "re+", "(?i)RED", "[gb]", "^$", "é", ".*n", "\\p{So}", "^(red|blue)$"};
    private static final String[] NEEDLES = {"re", "", "e", "x", "€"};
    private static final String[] OPERATORS = {"$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin", "$exists",
        "$regex", "$contains"};

    @Test
    void columnEvaluationAgreesWithTheReference() {
        Random random = new Random(SEED);
        int checkedFilters = 0;
        long checkedRows = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            int rowCount = 1 + random.nextInt(150);
            int capacity = rowCount + random.nextInt(10);
            List<JsonNode> rows = new ArrayList<>();
            ColumnChunk chunk = new ColumnChunk(capacity);
            for (int r = 0; r < rowCount; r++) {
                rows.add(metadata(random));
                chunk.setRow(r, rows.get(r));
            }
            // Patch some rows of a decoded copy, as the engine does on upsert and delete.
            if (random.nextBoolean()) {
                chunk = ColumnChunk.decode(capacity, chunk.encodeColumns());
                for (int patch = random.nextInt(rowCount); patch > 0; patch--) {
                    int r = random.nextInt(rowCount);
                    rows.set(r, random.nextInt(4) == 0 ? null : metadata(random));
                    chunk.setRow(r, rows.get(r));
                }
            }
            Map<String, byte[]> columns = chunk.encodeColumns();
            for (int f = 0; f < FILTERS_PER_TRIAL; f++) {
                JsonNode json = filterObject(random, 0);
                MetadataFilter filter = MetadataFilter.parse(json);
                ColumnSource source = field -> {
                    assertTrue(filter.fields().contains(field), () -> "read " + field + " outside fields() for " + json);
                    return columns.get(field);
                };
                List<Integer> actual = bits(ColumnEvaluator.evaluate(filter, rowCount, source), rowCount);
                List<Integer> expected = FilterTestSupport.referenceMatches(filter, rows);
                if (!expected.equals(actual)) {
                    List<Integer> wrong = new ArrayList<>();
                    for (int r = 0; r < rowCount; r++) {
                        if (expected.contains(r) != actual.contains(r)) {
                            wrong.add(r);
                        }
                    }
                    int r = wrong.getFirst();
                    assertEquals(expected, actual, "trial " + trial + ", filter " + json + ", row " + r + " = "
                            + rows.get(r));
                }
                checkedFilters++;
                checkedRows += rowCount;
            }
        }
        System.out.printf("property: %d filters, %d row checks, seed %x%n", checkedFilters, checkedRows, SEED);
    }

    private static JsonNode metadata(Random random) {
        switch (random.nextInt(12)) {
            case 0 -> {
                return null;
            }
            case 1 -> {
                return NODES.objectNode();
            }
            default -> {
                // fall through to a populated object
            }
        }
        ObjectNode row = NODES.objectNode();
        if (random.nextInt(4) != 0) {
            row.set("s", random.nextInt(8) == 0 ? scalar(random) : string(random));
        }
        if (random.nextInt(4) != 0) {
            row.set("n", random.nextInt(6) == 0 ? list(random, 3, true) : number(random));
        }
        if (random.nextInt(3) == 0) {
            row.put("b", random.nextBoolean());
        }
        if (random.nextInt(4) != 0) {
            row.set("tags", random.nextInt(6) == 0 ? string(random) : list(random, 4, false));
        }
        switch (random.nextInt(6)) {
            case 0 -> row.putObject("loc");
            case 1 -> row.set("loc", string(random));
            case 2, 3 -> {
                ObjectNode loc = row.putObject("loc");
                if (random.nextBoolean()) {
                    loc.set("city", string(random));
                }
                if (random.nextBoolean()) {
                    loc.set("zip", number(random));
                }
            }
            default -> {
                // no loc
            }
        }
        if (random.nextInt(8) == 0) {
            row.set("loc.city", string(random));
        }
        if (random.nextInt(3) == 0) {
            row.set("x", random.nextInt(5) == 0 ? NODES.nullNode() : random.nextBoolean() ? scalar(random)
                    : list(random, 3, true));
        }
        return row;
    }

    private static JsonNode filterObject(Random random, int depth) {
        ObjectNode filter = NODES.objectNode();
        int keys = random.nextInt(depth == 0 ? 3 : 2) + (depth == 0 ? 1 : 0);
        for (int k = 0; k < keys; k++) {
            if (depth < 3 && random.nextInt(3) == 0) {
                String combinator = new String[] {"$and", "$or", "$nor"}[random.nextInt(3)];
                ArrayNode children = filter.putArray(combinator);
                for (int c = random.nextInt(4); c > 0; c--) {
                    children.add(filterObject(random, depth + 1));
                }
            } else {
                String field = FIELDS[random.nextInt(FIELDS.length)];
                if (field.equals("loc") && random.nextInt(3) == 0) {
                    // The nested form addresses loc.city / loc.zip.
                    ObjectNode nested = filter.putObject("loc");
                    nested.set(random.nextBoolean() ? "city" : "zip", condition(random));
                } else {
                    filter.set(field, condition(random));
                }
            }
        }
        return filter;
    }

    private static JsonNode condition(Random random) {
        if (random.nextInt(4) == 0) {
            return scalar(random);
        }
        ObjectNode operators = NODES.objectNode();
        for (int o = 1 + random.nextInt(2); o > 0; o--) {
            String operator = OPERATORS[random.nextInt(OPERATORS.length)];
            operators.set(operator, switch (operator) {
                case "$eq", "$ne" -> scalar(random);
                case "$gt", "$gte", "$lt", "$lte" -> number(random);
                case "$in", "$nin" -> {
                    ArrayNode values = NODES.arrayNode();
                    for (int v = random.nextInt(4); v > 0; v--) {
                        values.add(scalar(random));
                    }
                    yield values;
                }
                case "$exists" -> NODES.booleanNode(random.nextBoolean());
                case "$regex" -> NODES.textNode(PATTERNS[random.nextInt(PATTERNS.length)]);
                default -> NODES.textNode(NEEDLES[random.nextInt(NEEDLES.length)]);
            });
        }
        return operators;
    }

    private static JsonNode scalar(Random random) {
        return switch (random.nextInt(5)) {
            case 0, 1 -> string(random);
            case 2, 3 -> number(random);
            default -> NODES.booleanNode(random.nextBoolean());
        };
    }

    private static JsonNode string(Random random) {
        return NODES.textNode(STRINGS[random.nextInt(STRINGS.length)]);
    }

    /** The same value as an int, a long, a float or a decimal node: all must be one float64. */
    private static JsonNode number(Random random) {
        double value = NUMBERS[random.nextInt(NUMBERS.length)];
        boolean integral = value == Math.rint(value) && Math.abs(value) < 1e9;
        return switch (random.nextInt(4)) {
            case 0 -> integral ? NODES.numberNode((int) value) : NODES.numberNode(value);
            case 1 -> integral ? NODES.numberNode((long) value) : NODES.numberNode(value);
            case 2 -> NODES.numberNode(BigDecimal.valueOf(value));
            default -> NODES.numberNode(value);
        };
    }

    private static ArrayNode list(Random random, int maxLength, boolean mixed) {
        ArrayNode list = NODES.arrayNode();
        for (int i = random.nextInt(maxLength + 1); i > 0; i--) {
            list.add(mixed ? scalar(random) : string(random));
        }
        return list;
    }
}
