package dev.sealdex.engine.filter;

import java.util.List;

/**
 * Evaluates a {@link MetadataFilter} over the encoded columns of one chunk, without building any
 * per-row JSON or decoding the rows: each condition is decided once per dictionary entry of its
 * column, then the rows are one pass over small integer codes into a bitmask. Stateless and
 * thread-safe; chunks may be evaluated in parallel.
 *
 * <p>A row with no metadata, or past a column's row count, lacks that field. Whether a row is
 * live is the engine's business: AND the result with the chunk's live mask.
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
                for (FilterNode child : and.children()) {
                    long[] mask = evaluate(child, rowCount, columns);
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
        boolean negated = condition.negated();
        ColumnFormat.Header header = ColumnFormat.Header.read(column, field);
        try {
            // table[code] = 1 when a row whose only code is `code` matches; 0 and 1 are reserved.
            byte[] table = new byte[header.entries() + ColumnFormat.FIRST_VALUE_CODE];
            table[ColumnFormat.CODE_MISSING] = (byte) (missing ? 1 : 0);
            table[ColumnFormat.CODE_EMPTY] = (byte) (negated ? 1 : 0);
            int p = header.dictionaryStart();
            for (int code = ColumnFormat.FIRST_VALUE_CODE; code < table.length; code++) {
                int tag = column[p++];
                boolean hit;
                switch (tag) {
                    case ColumnFormat.TAG_FALSE -> hit = condition.matchesBoolean(false);
                    case ColumnFormat.TAG_TRUE -> hit = condition.matchesBoolean(true);
                    case ColumnFormat.TAG_NUMBER -> {
                        hit = condition.matchesNumber((double) ColumnFormat.DOUBLE.get(column, p));
                        p += 8;
                    }
                    case ColumnFormat.TAG_STRING -> {
                        long lengthAndNext = ColumnFormat.readVarint(column, p);
                        int length = (int) (lengthAndNext >>> 32);
                        p = (int) lengthAndNext;
                        hit = condition.matchesUtf8(column, p, length);
                        p += length;
                    }
                    default -> throw ColumnFormat.corrupt(field, "unknown dictionary tag " + tag);
                }
                table[code] = (byte) (hit != negated ? 1 : 0);
            }
            int limit = Math.min(rowCount, header.rows());
            if (header.layout() == ColumnFormat.LAYOUT_SINGLE) {
                scanSingle(column, header.rowsStart(), header.width(), table, limit, out);
            } else {
                scanMulti(column, header.rowsStart(), header.width(), table, negated, missing, limit, out);
            }
            if (missing) {
                setRange(out, limit, rowCount);
            }
            return out;
        } catch (IndexOutOfBoundsException e) {
            throw ColumnFormat.corrupt(field, "truncated or out-of-range code");
        }
    }

    private static void scanSingle(byte[] column, int start, int width, byte[] table, int limit, long[] out) {
        for (int base = 0; base < limit; base += 64) {
            int end = Math.min(limit, base + 64);
            long word = 0;
            // One branch-free loop per code width: the common case is one byte per row.
            switch (width) {
                case 1 -> {
                    for (int r = base; r < end; r++) {
                        word |= (long) table[column[start + r] & 0xFF] << (r - base);
                    }
                }
                case 2 -> {
                    for (int r = base; r < end; r++) {
                        word |= (long) table[ColumnFormat.readCode(column, start + 2 * r, 2)] << (r - base);
                    }
                }
                default -> {
                    for (int r = base; r < end; r++) {
                        word |= (long) table[ColumnFormat.readCode(column, start + 4 * r, 4)] << (r - base);
                    }
                }
            }
            out[base >>> 6] = word;
        }
    }

    /**
     * Multi-valued rows: with {@code negated} ($ne, $nin, $exists: true) a row matches when every
     * value's entry says so (no value hits), otherwise when some value's entry does.
     */
    private static void scanMulti(byte[] column, int start, int width, byte[] table, boolean negated,
            boolean missing, int limit, long[] out) {
        int p = start;
        for (int r = 0; r < limit; r++) {
            int count = column[p];
            if (count >= 0) {
                p++;
            } else {
                long countAndNext = ColumnFormat.readVarint(column, p);
                count = (int) (countAndNext >>> 32);
                p = (int) countAndNext;
            }
            boolean match;
            if (count == 0) {
                match = missing;
            } else {
                match = negated;
                for (int v = 1; v < count; v++) {
                    boolean entry = table[ColumnFormat.readCode(column, p, width)] != 0;
                    p += width;
                    match = negated ? match && entry : match || entry;
                }
            }
            if (match) {
                out[r >>> 6] |= 1L << r;
            }
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
