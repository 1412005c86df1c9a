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
 * </ul>
 */
final class SegmentReplayer {

    private static final Logger LOG = System.getLogger(SegmentReplayer.class.getName());
    private static final int CHUNK = 1 << 20;
    private static final int MIN_RECORD = BatchRecord.HEADER_BYTES + BatchRecord.MIN_PAYLOAD;

    /** Receives the replayed operations. */
    interface Sink {
        /** A put of a value at {@code location}. */
        void put(String namespace, byte[] key, long location, int length);

        /** A delete. */
        void delete(String namespace, byte[] key);

        /** A prefix delete. */
        void deletePrefix(String namespace, byte[] prefix);
    }

    private static final BatchRecord.OpVisitor IGNORE = new BatchRecord.OpVisitor() {
        @Override
        public void put(String namespace, byte[] key, int valueField, int valueLength) {
        }

        @Override
        public void delete(String namespace, byte[] key) {
        }

        @Override
        public void deletePrefix(String namespace, byte[] prefix) {
        }
    };

    /** What replaying found. */
    record Result(long records, long tornTailBytes, List<StoreCorruptionException> corruptions) {
    }

    private final Segment segment;
    private final boolean last;
    private final boolean strict;
    private final StorageFile file;
    private long size;
    private byte[] buffer = new byte[CHUNK];
    private long bufferStart;
    private int bufferLength;

    private SegmentReplayer(Segment segment, boolean last, boolean strict) throws IOException {
        this.segment = segment;
        this.last = last;
        this.strict = strict;
        this.file = segment.file();
        this.size = file.size();
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
                int at = (int) (position - bufferStart);
                long base = bufferStart;
                long id = segment.id();
                try {
                    // Parse once without applying, so that a record is applied whole or not at all.
                    BatchRecord.decode(buffer, at, IGNORE);
                    BatchRecord.decode(buffer, at, new BatchRecord.OpVisitor() {
                        @Override
                        public void put(String namespace, byte[] key, int valueField, int valueLength) {
                            sink.put(namespace, key, Segment.location(id, base + valueField), valueLength);
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
                } catch (IllegalArgumentException e) {
                    // A CRC-valid record that does not parse is a bug, not a torn write: report it.
                    corruption(corruptions, position, "a record passes its CRC but does not parse (" + e.getMessage() + ")");
                }
                records++;
                position += length;
                continue;
            }
            long next = nextRecord(position + 1);
            if (next < 0 && last) {
                torn = size - position;
                LOG.log(Level.INFO, "{0}: cut off a torn tail of {1} bytes at offset {2} (a write interrupted by a crash)",
                        segment.path(), torn, position);
                segment.truncate(position);
                size = position;
                break;
            }
            if (next < 0) {
                corruption(corruptions, position, "the last " + (size - position) + " bytes of the segment are unreadable");
                break;
            }
            corruption(corruptions, position, (next - position) + " unreadable bytes skipped; replay resumed at offset " + next);
            position = next;
        }
        return new Result(records, torn, corruptions);
    }

    private void corruption(List<StoreCorruptionException> corruptions, long position, String problem) {
        StoreCorruptionException e = new StoreCorruptionException(segment.path(), position, problem);
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
