package dev.sealdex.engine.filter;

import java.util.List;

/**
 * Evaluates a {@link MetadataFilter} over the encoded columns of one chunk, without building any
 * per-row JSON or decoding the rows: each condition is decided once per dictionary entry of its
 * column, then the rows are one pass over small integer codes into a bitmask. Stateless and
 * thread-safe; chunks may be evaluated in parallel.
 *
 * <p>A row with no metadata, or past a column's row count, lacks that field. Whether a row is
 * live is the engine's business: AND the result with the chunk's live mask. The evaluator keeps
 * no reference to the column bytes after it returns, so a source may wipe its scratch buffers.
 */
public final class ColumnEvaluator {

    private ColumnEvaluator() {
    }

    /**
     * Rows {@code 0..rowCount-1} that match: bit {@code r & 63} of word {@code r >>> 6} is set
     * when row r matches; bits at and past {@code rowCount} are clear. Throws
     * {@link FilterException} when a {@code $regex} exceeds its matching budget on a stored
     * value, and IllegalArgumentException for a corrupt column.
     */
    public static long[] evaluate(MetadataFilter filter, int rowCount, ColumnSource columns) {
        if (rowCount < 0) {
            throw new IllegalArgumentException("rowCount must be >= 0, got " + rowCount);
        }
        if (filter.isMatchAll()) {
            return ones(rowCount);
        }
        return evaluate(filter.root(), rowCount, new FetchedColumns(filter, columns));
    }

    private static long[] evaluate(FilterNode node, int rowCount, FetchedColumns columns) {
        switch (node) {
            case FilterNode.And and -> {
                long[] result = null;
                List<FilterNode> children = and.children();
                for (int i = 0; i < children.size(); ) {
                    // The parser puts conditions on one field next to each other: take them together.
                    int end = i + 1;
                    if (children.get(i) instanceof Condition first) {
                        while (end < children.size() && children.get(end) instanceof Condition next
                                && next.fieldIndex() == first.fieldIndex()) {
                            end++;
                        }
                    }
                    long[] mask = end - i > 1
                            ? allOf(children.subList(i, end), rowCount, columns)
                            : evaluate(children.get(i), rowCount, columns);
                    i = end;
                    result = result == null ? mask : and(result, mask);
                    if (isZero(result)) {
                        // Nothing left to match: skip the other children and their columns.
                        return result;
                    }
                }
                return result == null ? ones(rowCount) : result;
            }
            case FilterNode.Or or -> {
                return any(or.children(), rowCount, columns);
            }
            case FilterNode.Nor nor -> {
                long[] result = any(nor.children(), rowCount, columns);
                long[] all = ones(rowCount);
                for (int w = 0; w < result.length; w++) {
                    result[w] = ~result[w] & all[w];
                }
                return result;
            }
            case Condition condition -> {
                return condition(condition, rowCount, columns.get(condition), columns.field(condition));
            }
        }
    }

    private static long[] any(List<FilterNode> children, int rowCount, FetchedColumns columns) {
        long[] result = new long[words(rowCount)];
        for (FilterNode child : children) {
            long[] mask = evaluate(child, rowCount, columns);
            for (int w = 0; w < result.length; w++) {
                result[w] |= mask[w];
            }
        }
        return result;
    }

    /** One condition over one column: a result per dictionary code, then a scan of the row codes. */
    private static long[] condition(Condition condition, int rowCount, byte[] column, String field) {
        long[] out = new long[words(rowCount)];
        boolean missing = condition.missingResult();
        if (column == null) {
            return missing ? ones(rowCount) : out;
        }
        ColumnFormat.Header header = ColumnFormat.Header.read(column, field);
        try {
            byte[] table = ConditionTable.of(condition, column, header, field);
            int limit = Math.min(rowCount, header.rows());
            if (header.layout() == ColumnFormat.LAYOUT_SINGLE) {
                scanSingle(column, header.rowsStart(), header.width(), table, limit, out);
            } else {
                scanMulti(column, header.rowsStart(), header.width(), table, condition.negated(), missing, limit, out);
            }
            if (missing) {
                setRange(out, limit, rowCount);
            }
            return out;
        } catch (IndexOutOfBoundsException e) {
            throw ColumnFormat.corrupt(field, "truncated or out-of-range code");
        }
    }

    /**
     * Several conditions on one field, all required. When each row holds at most one value (the
     * single layout), a row's result depends only on its code, so the conditions' tables are
     * ANDed and the rows scanned once; otherwise each condition is evaluated on its own.
     */
    private static long[] allOf(List<FilterNode> conditions, int rowCount, FetchedColumns columns) {
        Condition first = (Condition) conditions.getFirst();
        byte[] column = columns.get(first);
        String field = columns.field(first);
        ColumnFormat.Header header = column == null ? null : ColumnFormat.Header.read(column, field);
        if (header == null || header.layout() != ColumnFormat.LAYOUT_SINGLE) {
            long[] result = null;
            for (FilterNode node : conditions) {
                long[] mask = condition((Condition) node, rowCount, column, field);
                result = result == null ? mask : and(result, mask);
            }
            return result;
        }
        try {
            byte[] table = null;
            boolean missing = true;
            for (FilterNode node : conditions) {
                Condition condition = (Condition) node;
                byte[] next = ConditionTable.of(condition, column, header, field);
                table = table == null ? next : and(table, next);
                missing &= condition.missingResult();
            }
            long[] out = new long[words(rowCount)];
            int limit = Math.min(rowCount, header.rows());
            scanSingle(column, header.rowsStart(), header.width(), table, limit, out);
            if (missing) {
                setRange(out, limit, rowCount);
            }
            return out;
        } catch (IndexOutOfBoundsException e) {
            throw ColumnFormat.corrupt(field, "truncated or out-of-range code");
        }
    }

    private static byte[] and(byte[] into, byte[] table) {
        for (int i = 0; i < into.length; i++) {
            into[i] &= table[i];
        }
        return into;
    }

    private static void scanSingle(byte[] column, int start, int width, byte[] table, int limit, long[] out) {
        // One loop per code width, chosen once: the common case is one byte per row.
        switch (width) {
            case 1 -> {
                for (int base = 0; base < limit; base += 64) {
                    int end = Math.min(limit, base + 64);
                    long word = 0;
                    for (int r = base; r < end; r++) {
                        word |= (long) table[column[start + r] & 0xFF] << r;
                    }
                    out[base >>> 6] = word;
                }
            }
            case 2 -> {
                for (int base = 0; base < limit; base += 64) {
                    int end = Math.min(limit, base + 64);
                    long word = 0;
                    for (int r = base; r < end; r++) {
                        word |= (long) table[(short) ColumnFormat.SHORT.get(column, start + 2 * r) & 0xFFFF] << r;
                    }
                    out[base >>> 6] = word;
                }
            }
            default -> {
                for (int r = 0; r < limit; r++) {
                    out[r >>> 6] |= (long) table[ColumnFormat.readCode(column, start + 4 * r, 4)] << r;
                }
            }
        }
    }

    /**
     * Multi-valued rows: with {@code negated} ($ne, $nin, $exists: true) a row matches when every
     * value's entry says so (no value hits), otherwise when some value's entry does. A row
     * without values therefore gives {@code negated}, a missing row {@code missing}.
     */
    private static void scanMulti(byte[] column, int start, int width, byte[] table, boolean negated,
            boolean missing, int limit, long[] out) {
        int p = start;
        int empty = negated ? 1 : 0;
        long missingBit = missing ? 1 : 0;
        for (int base = 0; base < limit; base += 64) {
            int end = Math.min(limit, base + 64);
            long word = 0;
            for (int r = base; r < end; r++) {
                int count = column[p];
                if (count >= 0) {
                    p++;
                } else {
                    long countAndNext = ColumnFormat.readVarint(column, p);
                    count = (int) (countAndNext >>> 32);
                    p = (int) countAndNext;
                }
                long bit;
                if (count == 0) {
                    bit = missingBit;
                } else {
                    int combined = empty;
                    int last = p + (count - 1) * width;
                    if (negated) {
                        for (; p < last; p += width) {
                            combined &= table[ColumnFormat.readCode(column, p, width)];
                        }
                    } else {
                        for (; p < last; p += width) {
                            combined |= table[ColumnFormat.readCode(column, p, width)];
                        }
                    }
                    bit = combined;
                }
                word |= bit << r;
            }
            out[base >>> 6] = word;
        }
    }

    private static long[] and(long[] into, long[] mask) {
        for (int w = 0; w < into.length; w++) {
            into[w] &= mask[w];
        }
        return into;
    }

    private static boolean isZero(long[] mask) {
        for (long word : mask) {
            if (word != 0) {
                return false;
            }
        }
        return true;
    }

    private static int words(int rowCount) {
        return (rowCount + 63) >>> 6;
    }

    private static long[] ones(int rowCount) {
        long[] mask = new long[words(rowCount)];
        setRange(mask, 0, rowCount);
        return mask;
    }

    /** Sets bits {@code from..to-1}. */
    private static void setRange(long[] mask, int from, int to) {
        for (int r = from; r < to; ) {
            if ((r & 63) == 0 && to - r >= 64) {
                mask[r >>> 6] = -1L;
                r += 64;
            } else {
                mask[r >>> 6] |= 1L << r;
                r++;
            }
        }
    }

    /** Each field's column, fetched from the source on first use and at most once. */
    private static final class FetchedColumns {
        private final MetadataFilter filter;
        private final ColumnSource source;
        private final byte[][] columns;
        private final boolean[] fetched;

        FetchedColumns(MetadataFilter filter, ColumnSource source) {
            this.filter = filter;
            this.source = source;
            this.columns = new byte[filter.fieldCount()][];
            this.fetched = new boolean[filter.fieldCount()];
        }

        byte[] get(Condition condition) {
            int index = condition.fieldIndex();
            if (!fetched[index]) {
                columns[index] = source.column(filter.field(index));
                fetched[index] = true;
            }
            return columns[index];
        }

        String field(Condition condition) {
            return filter.field(condition.fieldIndex());
        }
    }
}
