package dev.sealdex.engine.filter;

import dev.sealdex.engine.format.FormatHeader;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes and reads one metadata column: the values of one field path for the rows of one chunk.
 * The engine seals each column separately, so a filter decrypts only the fields it reads.
 *
 * <h2>Column layout (format 1)</h2>
 * <table>
 *   <caption>Bytes of an encoded column; integers little-endian</caption>
 *   <tr><th>offset</th><th>size</th><th>field</th></tr>
 *   <tr><td>0</td><td>4</td><td>magic {@code 0x53 0x58 0x4D 0x43} ("SXMC", Sealdex metadata column)</td></tr>
 *   <tr><td>4</td><td>1</td><td>format version, 1</td></tr>
 *   <tr><td>5</td><td>1</td><td>layout: 1 = single (every row at most one value), 2 = multi</td></tr>
 *   <tr><td>6</td><td>1</td><td>code width w in bytes: 1, 2 or 4 (the fewest that hold entries + 2)</td></tr>
 *   <tr><td>7</td><td>1</td><td>reserved, 0</td></tr>
 *   <tr><td>8</td><td>4</td><td>row count n: one past the last row that has the field; later rows lack it</td></tr>
 *   <tr><td>12</td><td>4</td><td>dictionary entry count d</td></tr>
 *   <tr><td>16</td><td>4</td><td>dictionary size in bytes, L</td></tr>
 *   <tr><td>20</td><td>L</td><td>dictionary: d distinct values, sorted, each a tag byte then its payload:
 *       0 = false, 1 = true (no payload), 2 = number (8-byte IEEE 754 float64),
 *       3 = string (unsigned LEB128 byte length, then UTF-8)</td></tr>
 *   <tr><td>20 + L</td><td>rest</td><td>rows, by layout (below)</td></tr>
 * </table>
 *
 * <p>A row's values are codes: 0 = field missing, 1 = present without values (an empty list or an
 * object), c &ge; 2 = dictionary entry c - 2. Single layout: n codes of w bytes. Multi layout, for
 * each of the n rows: an unsigned LEB128 k (0 = missing, else 1 + the number of values) and then
 * k - 1 codes of w bytes, each &ge; 2, ascending and distinct.
 *
 * <p>The dictionary is sorted (false, true, numbers ascending, then strings by unsigned UTF-8
 * bytes, which is code point order) and each row's codes are deduplicated, so equal contents give
 * equal bytes whatever the order of writes. A filter condition is evaluated once per dictionary
 * entry, then rows are a scan of small integer codes.
 */
final class ColumnFormat {

    static final int VERSION = 1;
    static final FormatHeader FORMAT = FormatHeader.of("metadata column", new byte[] {0x53, 0x58, 0x4D, 0x43}, 1,
            VERSION, VERSION);
    static final int LAYOUT_SINGLE = 1;
    static final int LAYOUT_MULTI = 2;
    static final int TAG_FALSE = 0;
    static final int TAG_TRUE = 1;
    static final int TAG_NUMBER = 2;
    static final int TAG_STRING = 3;
    static final int HEADER_BYTES = 20;
    static final int CODE_MISSING = 0;
    static final int CODE_EMPTY = 1;
    static final int FIRST_VALUE_CODE = 2;

    static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle DOUBLE = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

    private static final Object[] NO_VALUES = new Object[0];

    private ColumnFormat() {
    }

    /** A column's header, checked against the bytes it came with. */
    record Header(int layout, int width, int rows, int entries, int dictionaryStart, int rowsStart) {

        /** Reads and checks the header; {@code field} only names the column in the error. */
        static Header read(byte[] column, String field) {
            FormatHeader.Fault fault = column.length < HEADER_BYTES ? FormatHeader.Fault.TRUNCATED
                    : FORMAT.fault(column, column.length);
            if (fault == FormatHeader.Fault.TRUNCATED || fault == FormatHeader.Fault.MAGIC) {
                throw corrupt(field, "no column magic");
            }
            if (fault == FormatHeader.Fault.VERSION) {
                throw corrupt(field, "unknown format version " + FORMAT.version(column));
            }
            int layout = column[5];
            int width = column[6];
            int rows = (int) INT.get(column, 8);
            int entries = (int) INT.get(column, 12);
            int dictionaryBytes = (int) INT.get(column, 16);
            if ((layout != LAYOUT_SINGLE && layout != LAYOUT_MULTI) || (width != 1 && width != 2 && width != 4)
                    || rows < 0 || entries < 0 || dictionaryBytes < 0
                    || dictionaryBytes > column.length - HEADER_BYTES) {
                throw corrupt(field, "bad header");
            }
            int rowsStart = HEADER_BYTES + dictionaryBytes;
            if (layout == LAYOUT_SINGLE && (long) rows * width != column.length - rowsStart) {
                throw corrupt(field, "row section has the wrong size");
            }
            return new Header(layout, width, rows, entries, HEADER_BYTES, rowsStart);
        }
    }

    /**
     * Encodes rows {@code cells[0..)} (null = field missing, else the row's values, possibly none),
     * or returns null when no row has the field.
     */
    static byte[] encode(Object[] cells) {
        int rows = cells.length;
        while (rows > 0 && cells[rows - 1] == null) {
            rows--;
        }
        if (rows == 0) {
            return null;
        }
        // Pass 1: one hash lookup per value gives first-seen ids, kept flat (no array per row).
        int total = 0;
        for (int r = 0; r < rows; r++) {
            total += cells[r] == null ? 0 : ((Object[]) cells[r]).length;
        }
        Map<Object, Integer> ids = new HashMap<>();
        List<DictionaryEntry> entries = new ArrayList<>();
        int[] flat = new int[total];
        int[] offsets = new int[rows + 1];
        int f = 0;
        for (int r = 0; r < rows; r++) {
            offsets[r] = f;
            if (cells[r] != null) {
                for (Object value : (Object[]) cells[r]) {
                    Integer id = ids.get(value);
                    if (id == null) {
                        id = entries.size();
                        ids.put(value, id);
                        entries.add(DictionaryEntry.of(value, id));
                    }
                    flat[f++] = id;
                }
            }
        }
        offsets[rows] = f;
        // Sort the dictionary and turn first-seen ids into codes.
        entries.sort(DictionaryEntry.ORDER);
        int[] codeOf = new int[entries.size()];
        int dictionaryBytes = 0;
        for (int e = 0; e < entries.size(); e++) {
            codeOf[entries.get(e).id()] = FIRST_VALUE_CODE + e;
            dictionaryBytes += entries.get(e).encodedSize();
        }
        int width = width(entries.size() + FIRST_VALUE_CODE);
        // Pass 2: codes of each row ascending and distinct, in place; kept[r] is how many remain.
        int[] kept = new int[rows];
        boolean single = true;
        int multiRowBytes = 0;
        for (int r = 0; r < rows; r++) {
            int from = offsets[r];
            int to = offsets[r + 1];
            for (int i = from; i < to; i++) {
                flat[i] = codeOf[flat[i]];
            }
            int count = to - from;
            if (count > 1) {
                Arrays.sort(flat, from, to);
                count = 1;
                for (int i = from + 1; i < to; i++) {
                    if (flat[i] != flat[from + count - 1]) {
                        flat[from + count++] = flat[i];
                    }
                }
            }
            kept[r] = count;
            single &= count <= 1;
            multiRowBytes += cells[r] == null ? 1 : varintSize(count + 1) + count * width;
        }
        int rowBytes = single ? rows * width : multiRowBytes;
        byte[] out = new byte[HEADER_BYTES + dictionaryBytes + rowBytes];
        FORMAT.write(out);
        out[5] = (byte) (single ? LAYOUT_SINGLE : LAYOUT_MULTI);
        out[6] = (byte) width;
        INT.set(out, 8, rows);
        INT.set(out, 12, entries.size());
        INT.set(out, 16, dictionaryBytes);
        int p = HEADER_BYTES;
        for (DictionaryEntry entry : entries) {
            p = entry.write(out, p);
        }
        for (int r = 0; r < rows; r++) {
            boolean missing = cells[r] == null;
            if (single) {
                int code = missing ? CODE_MISSING : kept[r] == 0 ? CODE_EMPTY : flat[offsets[r]];
                p = writeCode(out, p, width, code);
            } else {
                p = writeVarint(out, p, missing ? 0 : kept[r] + 1);
                for (int i = 0; i < kept[r]; i++) {
                    p = writeCode(out, p, width, flat[offsets[r] + i]);
                }
            }
        }
        assert p == out.length;
        return out;
    }

    /** Decodes a column into {@code capacity} cells (null = missing, else the row's values). */
    static Object[] decode(byte[] column, int capacity, String field) {
        Header header = Header.read(column, field);
        if (header.rows() > capacity) {
            throw corrupt(field, header.rows() + " rows exceed the chunk capacity " + capacity);
        }
        Object[] dictionary = new Object[header.entries()];
        try {
            int p = header.dictionaryStart();
            for (int e = 0; e < dictionary.length; e++) {
                int tag = column[p++];
                switch (tag) {
                    case TAG_FALSE -> dictionary[e] = Boolean.FALSE;
                    case TAG_TRUE -> dictionary[e] = Boolean.TRUE;
                    case TAG_NUMBER -> {
                        dictionary[e] = (double) DOUBLE.get(column, p);
                        p += 8;
                    }
                    case TAG_STRING -> {
                        long lengthAndNext = readVarint(column, p);
                        int length = (int) (lengthAndNext >>> 32);
                        p = (int) lengthAndNext;
                        dictionary[e] = new String(column, p, length, StandardCharsets.UTF_8);
                        p += length;
                    }
                    default -> throw corrupt(field, "unknown dictionary tag " + tag);
                }
            }
            if (p != header.rowsStart()) {
                throw corrupt(field, "dictionary size mismatch");
            }
            Object[] cells = new Object[capacity];
            int limit = dictionary.length + FIRST_VALUE_CODE;
            for (int r = 0; r < header.rows(); r++) {
                if (header.layout() == LAYOUT_SINGLE) {
                    int code = readCode(column, p, header.width());
                    p += header.width();
                    if (code >= limit || code < 0) {
                        throw corrupt(field, "code out of range");
                    }
                    cells[r] = code == CODE_MISSING ? null
                            : code == CODE_EMPTY ? NO_VALUES : new Object[] {dictionary[code - FIRST_VALUE_CODE]};
                } else {
                    long countAndNext = readVarint(column, p);
                    int count = (int) (countAndNext >>> 32);
                    p = (int) countAndNext;
                    if (count == 0) {
                        continue;
                    }
                    if (count < 0 || (long) (count - 1) * header.width() > column.length - p) {
                        throw corrupt(field, "row overruns the column");
                    }
                    Object[] values = count == 1 ? NO_VALUES : new Object[count - 1];
                    for (int v = 0; v < values.length; v++) {
                        int code = readCode(column, p, header.width());
                        p += header.width();
                        if (code < FIRST_VALUE_CODE || code >= limit) {
                            throw corrupt(field, "code out of range");
                        }
                        values[v] = dictionary[code - FIRST_VALUE_CODE];
                    }
                    cells[r] = values;
                }
            }
            if (p != column.length) {
                throw corrupt(field, "trailing bytes");
            }
            return cells;
        } catch (IndexOutOfBoundsException e) {
            throw corrupt(field, "truncated");
        }
    }

    /** The unsigned code of {@code width} bytes at {@code p}. */
    static int readCode(byte[] column, int p, int width) {
        return switch (width) {
            case 1 -> column[p] & 0xFF;
            case 2 -> (short) SHORT.get(column, p) & 0xFFFF;
            default -> (int) INT.get(column, p);
        };
    }

    /** An unsigned LEB128 value at {@code p}: the value in the high 32 bits, the next offset in the low. */
    static long readVarint(byte[] column, int p) {
        int value = 0;
        for (int shift = 0; ; shift += 7) {
            int b = column[p++];
            value |= (b & 0x7F) << shift;
            if (b >= 0) {
                return ((long) value << 32) | p;
            }
            if (shift >= 28) {
                throw new IndexOutOfBoundsException("varint too long");
            }
        }
    }

    static IllegalArgumentException corrupt(String field, String problem) {
        return new IllegalArgumentException("metadata column '" + field + "' is corrupt: " + problem);
    }

    private static int width(int codes) {
        return codes <= 1 << 8 ? 1 : codes <= 1 << 16 ? 2 : 4;
    }

    private static int writeCode(byte[] out, int p, int width, int code) {
        switch (width) {
            case 1 -> out[p] = (byte) code;
            case 2 -> SHORT.set(out, p, (short) code);
            default -> INT.set(out, p, code);
        }
        return p + width;
    }

    static int varintSize(int value) {
        int size = 1;
        while ((value >>>= 7) != 0) {
            size++;
        }
        return size;
    }

    private static int writeVarint(byte[] out, int p, int value) {
        while ((value & ~0x7F) != 0) {
            out[p++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out[p++] = (byte) value;
        return p;
    }

    /** A distinct value with its sort key, encoding and first-seen id. */
    private record DictionaryEntry(int tag, double number, byte[] utf8, int id) {

        static final Comparator<DictionaryEntry> ORDER = DictionaryEntry::compare;

        private static final byte[] NONE = new byte[0];

        static DictionaryEntry of(Object value, int id) {
            return switch (value) {
                case Boolean b -> new DictionaryEntry(b ? TAG_TRUE : TAG_FALSE, 0, NONE, id);
                case Double d -> new DictionaryEntry(TAG_NUMBER, d, NONE, id);
                case String s -> new DictionaryEntry(TAG_STRING, 0, s.getBytes(StandardCharsets.UTF_8), id);
                default -> throw new IllegalArgumentException("not a metadata scalar: " + value.getClass());
            };
        }

        private static int compare(DictionaryEntry a, DictionaryEntry b) {
            if (a.tag != b.tag) {
                return Integer.compare(a.tag, b.tag);
            }
            return switch (a.tag) {
                case TAG_NUMBER -> Double.compare(a.number, b.number);
                case TAG_STRING -> Arrays.compareUnsigned(a.utf8, b.utf8);
                default -> 0;
            };
        }

        int encodedSize() {
            return switch (tag) {
                case TAG_NUMBER -> 9;
                case TAG_STRING -> 1 + varintSize(utf8.length) + utf8.length;
                default -> 1;
            };
        }

        int write(byte[] out, int p) {
            out[p++] = (byte) tag;
            if (tag == TAG_NUMBER) {
                DOUBLE.set(out, p, number);
                return p + 8;
            }
            if (tag == TAG_STRING) {
                p = writeVarint(out, p, utf8.length);
                System.arraycopy(utf8, 0, out, p, utf8.length);
                return p + utf8.length;
            }
            return p;
        }
    }
}
