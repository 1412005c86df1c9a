package dev.sealdex.engine.ivf;

import dev.sealdex.engine.crypto.IntegrityException;
import dev.sealdex.engine.format.FormatHeader;

/**
 * The plaintext inside a sealed {@code LIST_BLOCK} object: the rows of one block of one IVF list.
 * A block holds at most {@link #rowsPerBlock} rows so that its plaintext stays within
 * {@link #MAX_BLOCK_BYTES}: one nonce and tag per 64 KiB instead of one per vector (per-vector
 * GCM costs about 18x the scoring of a 128-d vector).
 *
 * <table>
 *   <caption>List block plaintext (format 2)</caption>
 *   <tr><th>offset</th><th>size</th><th>field</th></tr>
 *   <tr><td>0</td><td>2</td><td>magic {@code 0x4C 0x42} ("LB")</td></tr>
 *   <tr><td>2</td><td>1</td><td>format version, 2</td></tr>
 *   <tr><td>3</td><td>1</td><td>code kind: 0 float32 rows, 1 SQ8, 2 SQ16, 3 PQ</td></tr>
 *   <tr><td>4</td><td>4</td><td>row count n (little-endian)</td></tr>
 *   <tr><td>8</td><td>4n</td><td>row ordinals (little-endian ints)</td></tr>
 *   <tr><td>8 + 4n</td><td>n c</td><td>codes, c bytes per row</td></tr>
 *   <tr><td>8 + 4n + nc</td><td>n</td><td>error bounds, one byte per row ({@link ErrorBound})</td></tr>
 * </table>
 *
 * <p>Format 1, written before the error bounds, lacks the last field; checkpoints in it are
 * read with {@link #readLegacyHeader} and rewritten in format 2 as they load, with every bound
 * {@link ErrorBound#UNKNOWN}.
 *
 * <p>The sealed object's id binds the layout epoch, the list and the block number, so a block
 * copied to another list, position or layout fails to open.
 */
public final class ListBlockFormat {

    /** Largest block plaintext. */
    public static final int MAX_BLOCK_BYTES = 64 * 1024;
    /** Header bytes before the ordinals. */
    public static final int HEADER_BYTES = 8;
    private static final byte VERSION = 2;
    private static final byte LEGACY_VERSION = 1;
    /** Magic "LB" and version; format 1 blocks are still read (and rewritten) as checkpoints load. */
    private static final FormatHeader FORMAT = FormatHeader.of("list block", new byte[] {0x4C, 0x42}, 1,
            LEGACY_VERSION, VERSION);

    private ListBlockFormat() {
    }

    /** Rows per block for {@code codeBytes} bytes of code per row (at least one). */
    public static int rowsPerBlock(int codeBytes) {
        return Math.max(1, (MAX_BLOCK_BYTES - HEADER_BYTES) / (Integer.BYTES + codeBytes + 1));
    }

    /** Rows per full block of format 1. */
    static int legacyRowsPerBlock(int codeBytes) {
        return Math.max(1, (MAX_BLOCK_BYTES - HEADER_BYTES) / (Integer.BYTES + codeBytes));
    }

    /** Plaintext size of a block of {@code rows} rows. */
    public static int size(int rows, int codeBytes) {
        return HEADER_BYTES + rows * (Integer.BYTES + codeBytes + 1);
    }

    /** Offset of the error bounds of a block of {@code rows} rows. */
    public static int boundsOffset(int rows, int codeBytes) {
        return HEADER_BYTES + rows * (Integer.BYTES + codeBytes);
    }

    /** Offset of the codes of a block of {@code rows} rows. */
    public static int codesOffset(int rows) {
        return HEADER_BYTES + rows * Integer.BYTES;
    }

    /** Writes the header of a block of {@code rows} rows. */
    public static void writeHeader(byte[] plain, byte codeKind, int rows) {
        FORMAT.write(plain);
        plain[3] = codeKind;
        writeInt(plain, 4, rows);
    }

    /** Checks a decrypted block's header and returns its row count. */
    public static int readHeader(byte[] plain, int length, byte codeKind, int codeBytes) {
        int rows = readHeader(plain, length, codeKind, VERSION);
        if ((long) HEADER_BYTES + (long) rows * (Integer.BYTES + codeBytes + 1) != length) {
            throw new IntegrityException("list block claims " + rows + " rows in " + length + " bytes");
        }
        return rows;
    }

    /** Whether a decrypted block is in format 1 (no error bounds). */
    static boolean isLegacy(byte[] plain) {
        return plain.length > 2 && plain[2] == LEGACY_VERSION;
    }

    /** Checks a decrypted format-1 block's header and returns its row count (its codes start at {@link #codesOffset}). */
    static int readLegacyHeader(byte[] plain, int length, byte codeKind, int codeBytes) {
        int rows = readHeader(plain, length, codeKind, LEGACY_VERSION);
        if ((long) HEADER_BYTES + (long) rows * (Integer.BYTES + codeBytes) != length) {
            throw new IntegrityException("list block claims " + rows + " rows in " + length + " bytes");
        }
        return rows;
    }

    private static int readHeader(byte[] plain, int length, byte codeKind, byte version) {
        if (length < HEADER_BYTES || FORMAT.fault(plain, length) == FormatHeader.Fault.MAGIC) {
            throw new IntegrityException("list block has a bad header");
        }
        // Exactly the version the caller decodes (it asked isLegacy first), not just one FORMAT reads.
        if (FORMAT.version(plain) != version) {
            throw new IntegrityException("list block format " + FORMAT.version(plain) + " is not supported here");
        }
        if (plain[3] != codeKind) {
            throw new IntegrityException("list block holds code kind " + plain[3] + ", expected " + codeKind);
        }
        int rows = readInt(plain, 4);
        if (rows < 0) {
            throw new IntegrityException("list block claims " + rows + " rows");
        }
        return rows;
    }

    /** The ordinal of row {@code row}. */
    public static int ordinal(byte[] plain, int row) {
        return readInt(plain, HEADER_BYTES + row * Integer.BYTES);
    }

    /** Sets the ordinal of row {@code row}. */
    public static void setOrdinal(byte[] plain, int row, int ordinal) {
        writeInt(plain, HEADER_BYTES + row * Integer.BYTES, ordinal);
    }

    /** The sealed-object id of block {@code block} of list {@code list} in layout {@code epoch}. */
    public static long objectId(int epoch, int list, int block) {
        return ((long) (epoch & 0xFFFF) << 48) | ((long) (list & 0xFF_FFFF) << 24) | (block & 0xFF_FFFF);
    }

    public static int readInt(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8 | (bytes[at + 2] & 0xFF) << 16
                | (bytes[at + 3] & 0xFF) << 24;
    }

    public static void writeInt(byte[] bytes, int at, int value) {
        bytes[at] = (byte) value;
        bytes[at + 1] = (byte) (value >>> 8);
        bytes[at + 2] = (byte) (value >>> 16);
        bytes[at + 3] = (byte) (value >>> 24);
    }
}
