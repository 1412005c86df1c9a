package dev.sealdex.engine.store;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Replays the records of one segment into the store's index at open, and deals with damage:
 *
 * <ul>
 *   <li>An unreadable stretch at the end of the last segment with nothing valid after it is a
 *       torn tail (a write cut short by a crash, never acknowledged as synced): it is cut off and
 *       start-up goes on.
 *   <li>Any other unreadable stretch is corruption: in strict mode the open fails with a
 *       {@link StoreCorruptionException} naming the file and offset; otherwise the stretch is
 *       skipped up to the next record whose CRC verifies, counted and reported, and the rest of
 *       the store keeps serving.
 *   <li>A record whose structure verifies but one of whose values fails its own CRC is applied
 *       (in lenient mode) and reported; reading that key then throws, so the damage costs one
 *       value, not a batch. At the very end of the last segment it is a torn write instead.
 * </ul>
 *
 * <p>A record is decoded before it is applied, so a batch is applied whole or not at all.
 */
final class SegmentReplayer {

    private static final Logger LOG = System.getLogger(SegmentReplayer.class.getName());
    private static final int CHUNK = 1 << 20;
    private static final int MIN_RECORD = BatchRecord.HEADER_BYTES + BatchRecord.MIN_PAYLOAD;

    /** Receives the replayed operations. */
    interface Sink {
        /** A put of a value at {@code location}; the key is the slice {@code buffer[keyOffset, keyOffset + keyLength)}. */
        void put(String namespace, byte[] buffer, int keyOffset, int keyLength, long location, int length);

        /** A delete. */
        void delete(String namespace, byte[] key);

        /** A prefix delete. */
        void deletePrefix(String namespace, byte[] prefix);
    }

    /** What replaying found. */
    record Result(long records, long tornTailBytes, List<StoreCorruptionException> corruptions) {
    }

    private final Segment segment;
    private final boolean last;
    private final boolean strict;
    private final StorageFile file;
    private long size;
    private byte[] buffer;
    private long bufferStart;
    private int bufferLength;

    private SegmentReplayer(Segment segment, boolean last, boolean strict) throws IOException {
        this.segment = segment;
        this.last = last;
        this.strict = strict;
        this.file = segment.file();
        this.size = file.size();
        this.buffer = new byte[(int) Math.min(CHUNK, Math.max(size, MIN_RECORD))];
    }

    /** Replays {@code segment} into {@code sink}; {@code last} marks the segment being appended to. */
    static Result replay(Segment segment, boolean last, boolean strict, Sink sink,
                         List<StoreCorruptionException> corruptions) throws IOException {
        return new SegmentReplayer(segment, last, strict).run(sink, corruptions);
    }

    private Result run(Sink sink, List<StoreCorruptionException> corruptions) throws IOException {
        long records = 0;
        long torn = 0;
        long position = Segment.HEADER_BYTES;
        while (position < size) {
            int length = recordAt(position);
            if (length > 0) {
                int bad = BatchRecord.firstBadValue(buffer, (int) (position - bufferStart));
                if (bad >= 0) {
                    long badOffset = bufferStart + bad;
                    if (last && nextRecord(position + length) < 0) {
                        torn = cutTail(position);
                        break;
                    }
                    // Bit rot in a value: the batch still applies, and reading that key reports the damage.
                    corruption(corruptions, badOffset, "a value fails its CRC32C; reading its key reports the damage", false);
                    recordAt(position);
                }
                apply(position, sink);
                records++;
                position += length;
                continue;
            }
            long next = nextRecord(position + 1);
            if (next < 0 && last) {
                torn = cutTail(position);
                break;
            }
            if (next < 0) {
                corruption(corruptions, position, "the last " + (size - position) + " bytes of the segment are unreadable",
                        true);
                break;
            }
            corruption(corruptions, position, (next - position) + " unreadable bytes skipped; replay resumed at offset " + next,
                    true);
            position = next;
        }
        return new Result(records, torn, corruptions);
    }

    /** Cuts off an interrupted write at the end of the last segment; returns the bytes removed. */
    private long cutTail(long position) throws IOException {
        long torn = size - position;
        LOG.log(Level.INFO, "{0}: cut off a torn tail of {1} bytes at offset {2} (a write interrupted by a crash)",
                segment.path(), torn, position);
        segment.truncate(position);
        size = position;
        return torn;
    }

    /** Applies the valid record at {@code position}, which is in the buffer. */
    private void apply(long position, Sink sink) {
        long base = bufferStart;
        long id = segment.id();
        BatchRecord.decode(buffer, (int) (position - bufferStart), new BatchRecord.OpVisitor() {
            @Override
            public void put(String namespace, byte[] bytes, int keyOffset, int keyLength, int valueField,
                            int valueLength) {
                sink.put(namespace, bytes, keyOffset, keyLength, Segment.location(id, base + valueField), valueLength);
            }

            @Override
            public void delete(String namespace, byte[] key) {
                sink.delete(namespace, key);
            }

            @Override
            public void deletePrefix(String namespace, byte[] prefix) {
                sink.deletePrefix(namespace, prefix);
            }
        });
    }

    private void corruption(List<StoreCorruptionException> corruptions, long position, String problem,
                            boolean recordsLost) {
        StoreCorruptionException e = new StoreCorruptionException(segment.path(), position, problem, recordsLost);
        if (strict) {
            throw e;
        }
        LOG.log(Level.WARNING, e.getMessage());
        corruptions.add(e);
    }

    /** The length of the valid record at {@code position}, or -1. */
    private int recordAt(long position) throws IOException {
        if (!window(position, MIN_RECORD)) {
            return -1;
        }
        int payload = BatchRecord.readInt(buffer, (int) (position - bufferStart));
        if (payload < BatchRecord.MIN_PAYLOAD || payload > BatchRecord.MAX_PAYLOAD
                || position + BatchRecord.HEADER_BYTES + payload > size) {
            return -1;
        }
        if (!window(position, BatchRecord.HEADER_BYTES + payload)) {
            return -1;
        }
        int at = (int) (position - bufferStart);
        return BatchRecord.validRecordLength(buffer, at, bufferLength - at);
    }

    /** The offset of the first valid record at or after {@code from}, or -1. */
    private long nextRecord(long from) throws IOException {
        for (long position = from; position + MIN_RECORD <= size; position++) {
            if (!window(position, MIN_RECORD)) {
                return -1;
            }
            int at = (int) (position - bufferStart);
            // Cheap filter before the CRC: the kind byte and three zero bytes after the header.
            if (buffer[at + 8] == BatchRecord.KIND_BATCH && buffer[at + 9] == 0 && buffer[at + 10] == 0
                    && buffer[at + 11] == 0 && recordAt(position) > 0) {
                return position;
            }
        }
        return -1;
    }

    /** Makes bytes {@code [position, position + need)} available in the buffer; false past the end. */
    private boolean window(long position, int need) throws IOException {
        if (position + need > size) {
            return false;
        }
        if (position >= bufferStart && position + need <= bufferStart + bufferLength) {
            return true;
        }
        int want = (int) Math.min(Math.max(need, CHUNK), size - position);
        if (buffer.length < want) {
            buffer = new byte[want];
        }
        ByteBuffer target = ByteBuffer.wrap(buffer, 0, want);
        file.readFully(target, position);
        bufferStart = position;
        bufferLength = want;
        return true;
    }
}
