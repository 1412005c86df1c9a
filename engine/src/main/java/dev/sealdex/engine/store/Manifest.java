package dev.sealdex.engine.store;

import dev.sealdex.engine.format.FormatHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The list of live segments, in replay order, kept in the file {@code MANIFEST}. It is replaced
 * whole: written to {@code MANIFEST.tmp}, synced, renamed over {@code MANIFEST} and the folder
 * synced, so a crash leaves the old list or the new one, never a mix. A segment file that the
 * manifest does not list is left over from an interrupted roll or compaction and is deleted when
 * the store opens.
 *
 * <table>
 *   <caption>MANIFEST (format 1)</caption>
 *   <tr><th>offset</th><th>size</th><th>field</th></tr>
 *   <tr><td>0</td><td>4</td><td>magic {@code 53 58 4D 46} ("SXMF")</td></tr>
 *   <tr><td>4</td><td>2</td><td>format version, 1</td></tr>
 *   <tr><td>6</td><td>2</td><td>reserved, zero</td></tr>
 *   <tr><td>8</td><td>8</td><td>generation: 1 for the first manifest, one more for each replacement</td></tr>
 *   <tr><td>16</td><td>8</td><td>next segment id to hand out</td></tr>
 *   <tr><td>24</td><td>4</td><td>segment count k, at least 1</td></tr>
 *   <tr><td>28</td><td>8k</td><td>segment ids in replay order; the last is the one being appended to</td></tr>
 *   <tr><td>28 + 8k</td><td>4</td><td>CRC32C of every byte before it</td></tr>
 * </table>
 */
final class Manifest {

    static final String FILE = "MANIFEST";
    static final String TEMP = "MANIFEST.tmp";
    static final int FORMAT_VERSION = 1;

    /** Magic and version; the manifest's CRC32C, in its last 4 bytes, covers every byte before. */
    private static final FormatHeader FORMAT = FormatHeader.of("manifest", new byte[] {0x53, 0x58, 0x4D, 0x46}, 2,
            FORMAT_VERSION, FORMAT_VERSION);
    private static final int FIXED_BYTES = 32;
    private static final int MAX_SEGMENTS = 1 << 20;

    private final long generation;
    private final long nextSegmentId;
    private final long[] segments;

    Manifest(long generation, long nextSegmentId, long[] segments) {
        if (segments.length == 0) {
            throw new IllegalArgumentException("a manifest lists at least one segment");
        }
        this.generation = generation;
        this.nextSegmentId = nextSegmentId;
        this.segments = segments.clone();
    }

    long generation() {
        return generation;
    }

    long nextSegmentId() {
        return nextSegmentId;
    }

    long[] segments() {
        return segments.clone();
    }

    /** The manifest that follows this one with {@code segments} and {@code nextSegmentId}. */
    Manifest next(long newNextSegmentId, long[] newSegments) {
        return new Manifest(generation + 1, newNextSegmentId, newSegments);
    }

    /** The manifest that follows this one, with segment {@code id} appended (a roll). */
    Manifest appending(long id, long newNextSegmentId) {
        long[] listed = Arrays.copyOf(segments, segments.length + 1);
        listed[listed.length - 1] = id;
        return next(newNextSegmentId, listed);
    }

    /**
     * The manifest that follows this one, with {@code removed} left out and {@code replacement}
     * put first (a compaction), the others in their order.
     */
    Manifest replacing(long[] removed, long replacement, long newNextSegmentId) {
        Set<Long> old = new HashSet<>();
        for (long id : removed) {
            old.add(id);
        }
        long[] listed = new long[segments.length - removed.length + 1];
        listed[0] = replacement;
        int at = 1;
        for (long id : segments) {
            if (!old.contains(id)) {
                listed[at++] = id;
            }
        }
        return next(newNextSegmentId, listed);
    }

    byte[] encode() {
        ByteBuffer out = ByteBuffer.allocate(FIXED_BYTES + 8 * segments.length);
        FORMAT.write(out).putShort((short) 0)
                .putLong(generation).putLong(nextSegmentId).putInt(segments.length);
        for (long id : segments) {
            out.putLong(id);
        }
        byte[] bytes = out.array();
        FormatHeader.writeCrc(bytes, out.position());
        return bytes;
    }

    /** Reads {@code MANIFEST} from {@code directory}, or returns {@code null} when there is none. */
    static Manifest read(StorageIo io, Path directory) throws IOException {
        Path path = directory.resolve(FILE);
        if (!io.exists(path)) {
            return null;
        }
        byte[] bytes;
        try (StorageFile file = io.open(path, false)) {
            long size = file.size();
            if (size < FIXED_BYTES || size > FIXED_BYTES + 8L * MAX_SEGMENTS) {
                throw new StoreCorruptionException(path, 0, "the manifest has an impossible size of " + size + " bytes");
            }
            bytes = new byte[(int) size];
            file.readFully(ByteBuffer.wrap(bytes), 0);
        }
        // The CRC before the version: a damaged version field is damage, not a manifest from a newer Sealdex.
        FORMAT.check(bytes, bytes.length, bytes.length - 4, (fault, version) -> switch (fault) {
            case TRUNCATED, MAGIC -> new StoreCorruptionException(path, 0, "bad magic; this is not a Sealdex manifest");
            case CRC -> new StoreCorruptionException(path, bytes.length - 4, "the manifest fails its CRC32C");
            case VERSION -> new StoreException(path + " has manifest format " + version + "; this Sealdex reads format "
                    + FORMAT_VERSION + " (was the folder written by a newer version?)");
        });
        ByteBuffer in = ByteBuffer.wrap(bytes);
        in.position(FORMAT.length() + 2);
        long generation = in.getLong();
        long next = in.getLong();
        int count = in.getInt();
        if (count < 1 || FIXED_BYTES + 8L * count != bytes.length) {
            throw new StoreCorruptionException(path, 24, "the manifest's segment count " + count + " does not match its size");
        }
        long[] segments = new long[count];
        for (int i = 0; i < count; i++) {
            segments[i] = in.getLong();
            if (segments[i] < 1 || segments[i] >= next) {
                throw new StoreCorruptionException(path, 28 + 8L * i, "the manifest lists an impossible segment id " + segments[i]);
            }
        }
        return new Manifest(generation, next, segments);
    }

    /** Replaces {@code MANIFEST} in {@code directory} with this one, durably and atomically. */
    void write(StorageIo io, Path directory) throws IOException {
        Path temp = directory.resolve(TEMP);
        try (StorageFile file = io.open(temp, true)) {
            file.truncate(0);
            file.write(ByteBuffer.wrap(encode()), 0);
            file.force();
        }
        io.rename(temp, directory.resolve(FILE));
        io.syncDirectory(directory);
    }
}
