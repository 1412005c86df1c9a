package dev.sealdex.engine.store;

import dev.sealdex.engine.format.FormatHeader;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One append-only segment file of the {@link DiskStore}, named {@code NNNNNNNN.seg} after its
 * id: a header, then {@link BatchRecord records} back to back until the end of the file.
 *
 * <table>
 *   <caption>Segment header (format 1)</caption>
 *   <tr><th>offset</th><th>size</th><th>field</th></tr>
 *   <tr><td>0</td><td>4</td><td>magic {@code 53 58 53 47} ("SXSG")</td></tr>
 *   <tr><td>4</td><td>2</td><td>format version, 1</td></tr>
 *   <tr><td>6</td><td>2</td><td>reserved, zero</td></tr>
 *   <tr><td>8</td><td>8</td><td>segment id, equal to the id in the file name</td></tr>
 *   <tr><td>16</td><td>4</td><td>CRC32C of bytes 0..16</td></tr>
 *   <tr><td>20</td><td>...</td><td>records</td></tr>
 * </table>
 *
 * <p>The header is synced before the segment is listed in the {@link Manifest}, so a listed
 * segment with a bad header is damage, never a crash. A value is addressed by a 64-bit location:
 * the segment id in the top 24 bits and the offset of its value-length field in the low 40.
 */
final class Segment implements Closeable {

    /** Header bytes. */
    static final int HEADER_BYTES = 20;
    /** Format version written by this code. */
    static final int FORMAT_VERSION = 1;
    /** Largest segment id a location can hold. */
    static final long MAX_ID = (1L << 24) - 1;
    /** Largest offset a location can hold (1 TiB). */
    static final long MAX_OFFSET = (1L << 40) - 1;

    /** Magic and version; the header's CRC32C at 16 covers bytes 0..16. */
    private static final FormatHeader FORMAT = FormatHeader.of("segment", new byte[] {0x53, 0x58, 0x53, 0x47}, 2,
            FORMAT_VERSION, FORMAT_VERSION);
    private static final int CRC_AT = 16;
    private static final String SUFFIX = ".seg";

    private final long id;
    private final Path path;
    private final StorageFile file;
    private volatile long end;
    private final List<Arena> arenas = new ArrayList<>();
    /**
     * The file's first bytes mapped read-only, or null. Records are only ever appended, so a
     * mapped prefix never changes; reads inside it cost a copy instead of a system call.
     */
    private volatile MemorySegment mapped;

    private Segment(long id, Path path, StorageFile file, long end) {
        this.id = id;
        this.path = path;
        this.file = file;
        this.end = end;
    }

    /** The file name of segment {@code id}. */
    static String fileName(long id) {
        return String.format(Locale.ROOT, "%08d%s", id, SUFFIX);
    }

    /** The id a segment file name carries, or -1 when {@code name} is not a segment file. */
    static long parseId(String name) {
        if (name.length() != 8 + SUFFIX.length() || !name.endsWith(SUFFIX)) {
            return -1;
        }
        for (int i = 0; i < 8; i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(name.substring(0, 8));
    }

    /** Creates segment {@code id} in {@code directory} with a synced header; the caller syncs the directory. */
    static Segment create(StorageIo io, Path directory, long id) throws IOException {
        if (id < 1 || id > MAX_ID) {
            throw new StoreException("segment ids are exhausted in " + directory);
        }
        Path path = directory.resolve(fileName(id));
        StorageFile file = io.open(path, true);
        try {
            file.truncate(0);
            file.write(ByteBuffer.wrap(header(id)), 0);
            file.force();
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
        return new Segment(id, path, file, HEADER_BYTES);
    }

    /** Opens listed segment {@code id} and checks its header. */
    static Segment open(StorageIo io, Path directory, long id) throws IOException {
        Path path = directory.resolve(fileName(id));
        if (!io.exists(path)) {
            throw new StoreCorruptionException(path, 0, "the segment is listed in the MANIFEST but the file is missing");
        }
        StorageFile file = io.open(path, false);
        try {
            long size = file.size();
            byte[] header = new byte[HEADER_BYTES];
            if (size < HEADER_BYTES) {
                throw new StoreCorruptionException(path, 0, "the segment header is truncated (" + size + " bytes)");
            }
            file.readFully(ByteBuffer.wrap(header), 0);
            // The CRC before the version: a damaged version field is damage, not a segment from a newer Sealdex.
            FORMAT.check(header, HEADER_BYTES, CRC_AT, (fault, version) -> switch (fault) {
                case TRUNCATED, MAGIC -> new StoreCorruptionException(path, 0, "bad magic; this is not a Sealdex segment file");
                case CRC -> new StoreCorruptionException(path, 0, "the segment header fails its CRC32C");
                case VERSION -> new StoreException(path + " has segment format " + version + "; this Sealdex reads format "
                        + FORMAT_VERSION + " (was the folder written by a newer version?)");
            });
            if (!Arrays.equals(header, header(id))) {
                throw new StoreCorruptionException(path, 4, "the segment header fails its CRC or names another segment");
            }
            return new Segment(id, path, file, size);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** The header of segment {@code id}. */
    static byte[] header(long id) {
        byte[] header = new byte[HEADER_BYTES];
        FORMAT.write(header);
        for (int i = 0; i < 8; i++) {
            header[8 + i] = (byte) (id >>> (56 - 8 * i));
        }
        FormatHeader.writeCrc(header, CRC_AT);
        return header;
    }

    /** The location of {@code offset} in segment {@code id}. */
    static long location(long id, long offset) {
        return (id << 40) | offset;
    }

    /** The segment id of a location. */
    static long idOf(long location) {
        return location >>> 40;
    }

    /** The offset of a location. */
    static long offsetOf(long location) {
        return location & MAX_OFFSET;
    }

    long id() {
        return id;
    }

    Path path() {
        return path;
    }

    StorageFile file() {
        return file;
    }

    /** Bytes in the file, header included: where the next record goes. */
    long end() {
        return end;
    }

    /** Appends {@code data} at the end; only the commit leader or the compactor calls this. */
    void append(ByteBuffer data) throws IOException {
        long at = end;
        int length = data.remaining();
        if (at + length > MAX_OFFSET) {
            throw new StoreException(path + " would grow past 1 TiB");
        }
        file.write(data, at);
        end = at + length;
    }

    /** Cuts the file back to {@code size} bytes (a torn tail) and syncs it. */
    void truncate(long size) throws IOException {
        file.truncate(size);
        file.force();
        end = size;
    }

    /**
     * Maps the bytes written so far for reading, if at least {@code minGrowth} bytes were appended
     * since the last mapping. Earlier mappings stay valid until {@link #close()}, so a reader
     * never races an unmap. Where the seam cannot map, or mapping fails, reads use positional reads.
     */
    synchronized void mapForReading(long minGrowth) {
        long size = end;
        MemorySegment current = mapped;
        if (size <= HEADER_BYTES || (current != null && size - current.byteSize() < Math.max(1, minGrowth))) {
            return;
        }
        Arena shared = Arena.ofShared();
        try {
            MemorySegment segment = file.map(size, shared);
            if (segment == null) {
                shared.close();
                return;
            }
            arenas.add(shared);
            mapped = segment;
        } catch (IOException | RuntimeException e) {
            shared.close();
        }
    }

    /** Reads and checks the value whose value-length field is at {@code offset}. */
    byte[] readValue(long offset, int length) throws IOException {
        byte[] raw = readRaw(offset, length);
        return Arrays.copyOfRange(raw, BatchRecord.VALUE_HEADER_BYTES, raw.length);
    }

    /**
     * Reads the value-length field, the value CRC and the value at {@code offset} and checks them.
     *
     * @throws StoreCorruptionException naming this file and the offset when a check fails
     */
    byte[] readRaw(long offset, int length) throws IOException {
        byte[] raw = new byte[BatchRecord.VALUE_HEADER_BYTES + length];
        read(offset, raw, raw.length);
        check(raw, 0, offset, length);
        return raw;
    }

    /** Fills {@code count} bytes of {@code out} from {@code offset}, from the mapping when there is one. */
    void read(long offset, byte[] out, int count) throws IOException {
        MemorySegment map = mapped;
        if (map != null && offset + count <= map.byteSize()) {
            try {
                MemorySegment.copy(map, ValueLayout.JAVA_BYTE, offset, out, 0, count);
                return;
            } catch (InternalError e) {
                // How the JDK reports an I/O error behind a mapped page.
                throw new IOException("reading mapped " + path + " failed", e);
            }
        }
        try {
            file.readFully(ByteBuffer.wrap(out, 0, count), offset);
        } catch (EOFException e) {
            throw new StoreCorruptionException(path, offset, "the value runs past the end of the file");
        }
    }

    /** Checks a value-length field, CRC and value at {@code raw[at]} that was read from {@code offset}. */
    void check(byte[] raw, int at, long offset, int length) {
        int stored = BatchRecord.readInt(raw, at);
        if (stored != length) {
            throw new StoreCorruptionException(path, offset,
                    "the value length field reads " + stored + " where the index expects " + length);
        }
        if (BatchRecord.valueCrc(raw, at + BatchRecord.VALUE_HEADER_BYTES, length) != BatchRecord.readInt(raw, at + 4)) {
            throw new StoreCorruptionException(path, offset, "the value fails its CRC32C");
        }
    }

    /** Whether the bytes at {@code [offset, offset + count)} are read from a mapping. */
    boolean isMapped(long offset, int count) {
        MemorySegment map = mapped;
        return map != null && offset + count <= map.byteSize();
    }

    /** Unmaps and closes; the caller makes sure no reader is still using the segment. */
    @Override
    public synchronized void close() throws IOException {
        mapped = null;
        for (Arena arena : arenas) {
            arena.close();
        }
        arenas.clear();
        file.close();
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
