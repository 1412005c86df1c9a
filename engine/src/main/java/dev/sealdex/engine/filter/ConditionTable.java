package dev.sealdex.engine.filter;

import java.util.Arrays;

/**
 * The result of one condition for each code of one column: {@code table[code]} is 1 when a row
 * whose only code is {@code code} matches. Built once per column and condition from the sorted
 * dictionary, so a condition costs one pass over the distinct values (or a binary search, for
 * ranges), never a decision per row.
 */
final class ConditionTable {

    private ConditionTable() {
    }

    /**
     * {@code table[code]} = 1 when a row whose only code is {@code code} matches: code 0 (missing)
     * and 1 (present without values) are reserved, the rest follow the dictionary.
     */
    static byte[] of(Condition condition, byte[] column, ColumnFormat.Header header, String field) {
        boolean negated = condition.negated();
        byte[] table = new byte[header.entries() + ColumnFormat.FIRST_VALUE_CODE];
        table[ColumnFormat.CODE_MISSING] = (byte) (condition.missingResult() ? 1 : 0);
        table[ColumnFormat.CODE_EMPTY] = (byte) (negated ? 1 : 0);
        if (Condition.isMembership(condition.operator())) {
            membershipTable(condition, column, header, table, field);
        } else if (isRange(condition.operator())) {
            rangeTable(condition, column, header, table);
        } else {
            textTable(condition, column, header, table, field);
        }
        if (negated) {
            for (int code = ColumnFormat.FIRST_VALUE_CODE; code < table.length; code++) {
                table[code] ^= 1;
            }
        }
        return table;
    }

    /**
     * Per-entry hits of $regex and $contains, which only strings can satisfy. $exists looks at
     * presence alone: no value hits, and the reserved codes and negation give its answer.
     */
    private static void textTable(Condition condition, byte[] column, ColumnFormat.Header header, byte[] table,
            String field) {
        if (condition.operator() == Operator.EXISTS) {
            return;
        }
        int p = header.dictionaryStart();
        for (int code = ColumnFormat.FIRST_VALUE_CODE; code < table.length; code++) {
            int tag = column[p++];
            switch (tag) {
                case ColumnFormat.TAG_FALSE, ColumnFormat.TAG_TRUE -> {
                    // booleans never match text
                }
                case ColumnFormat.TAG_NUMBER -> p += 8;
                case ColumnFormat.TAG_STRING -> {
                    long lengthAndNext = ColumnFormat.readVarint(column, p);
                    int length = (int) (lengthAndNext >>> 32);
                    p = (int) lengthAndNext;
                    table[code] = (byte) (condition.matchesText(column, p, length) ? 1 : 0);
                    p += length;
                }
                default -> throw ColumnFormat.corrupt(field, "unknown dictionary tag " + tag);
            }
        }
    }

    /**
     * Per-entry hits of $gt/$gte/$lt/$lte. Numbers sit together in the dictionary, after the
     * booleans, 9 bytes each and ascending, so the hits are one run of codes found by binary
     * search: a high-cardinality column (every price distinct) costs log d, not d.
     */
    private static void rangeTable(Condition condition, byte[] column, ColumnFormat.Header header, byte[] table) {
        int code = ColumnFormat.FIRST_VALUE_CODE;
        int p = header.dictionaryStart();
        while (code < table.length && (column[p] == ColumnFormat.TAG_FALSE || column[p] == ColumnFormat.TAG_TRUE)) {
            code++;
            p++;
        }
        int count = 0;
        while (code + count < table.length && column[p + 9 * count] == ColumnFormat.TAG_NUMBER) {
            count++;
        }
        // NaN sorts last and compares false with everything: leave it out of the ordered run.
        while (count > 0 && Double.isNaN(number(column, p, count - 1))) {
            count--;
        }
        double bound = condition.bound();
        int from;
        int to;
        switch (condition.operator()) {
            case GT -> {
                from = firstIndex(column, p, count, bound, true);
                to = count;
            }
            case GTE -> {
                from = firstIndex(column, p, count, bound, false);
                to = count;
            }
            case LT -> {
                from = 0;
                to = firstIndex(column, p, count, bound, false);
            }
            default -> {
                from = 0;
                to = firstIndex(column, p, count, bound, true);
            }
        }
        Arrays.fill(table, code + from, code + Math.max(from, to), (byte) 1);
    }

    /** The first of {@code count} ascending numbers that is above (strictly, or at least) {@code bound}. */
    private static int firstIndex(byte[] column, int numbersStart, int count, double bound, boolean strictly) {
        int low = 0;
        int high = count;
        while (low < high) {
            int mid = (low + high) >>> 1;
            double value = number(column, numbersStart, mid);
            if (strictly ? value > bound : value >= bound) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }

    private static double number(byte[] column, int numbersStart, int index) {
        return (double) ColumnFormat.DOUBLE.get(column, numbersStart + 9 * index + 1);
    }

    private static boolean isRange(Operator operator) {
        return operator == Operator.GT || operator == Operator.GTE || operator == Operator.LT
                || operator == Operator.LTE;
    }

    /**
     * Per-entry hits of $eq/$ne/$in/$nin: a merge of the sorted dictionary with the sorted
     * operands, so a large $in costs one pass over both rather than a search per entry.
     */
    private static void membershipTable(Condition condition, byte[] column, ColumnFormat.Header header, byte[] table,
            String field) {
        double[] numbers = condition.numberMembers();
        byte[][] strings = condition.utf8Members();
        int nextNumber = 0;
        int nextString = 0;
        int p = header.dictionaryStart();
        for (int code = ColumnFormat.FIRST_VALUE_CODE; code < table.length; code++) {
            int tag = column[p++];
            boolean hit;
            switch (tag) {
                case ColumnFormat.TAG_FALSE -> hit = condition.matchesBoolean(false);
                case ColumnFormat.TAG_TRUE -> hit = condition.matchesBoolean(true);
                case ColumnFormat.TAG_NUMBER -> {
                    double value = (double) ColumnFormat.DOUBLE.get(column, p);
                    p += 8;
                    while (nextNumber < numbers.length && Double.compare(numbers[nextNumber], value) < 0) {
                        nextNumber++;
                    }
                    hit = nextNumber < numbers.length && numbers[nextNumber] == value;
                }
                case ColumnFormat.TAG_STRING -> {
                    long lengthAndNext = ColumnFormat.readVarint(column, p);
                    int length = (int) (lengthAndNext >>> 32);
                    p = (int) lengthAndNext;
                    int order = 1;
                    while (nextString < strings.length) {
                        byte[] member = strings[nextString];
                        order = Arrays.compareUnsigned(member, 0, member.length, column, p, p + length);
                        if (order >= 0) {
                            break;
                        }
                        nextString++;
                    }
                    hit = order == 0 && nextString < strings.length;
                    p += length;
                }
                default -> throw ColumnFormat.corrupt(field, "unknown dictionary tag " + tag);
            }
            table[code] = (byte) (hit ? 1 : 0);
        }
    }
}
