package dev.sealdex.engine.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads the values of one scan. Mapped bytes are copied directly; in the unmapped tail of the
 * segment being appended to, values that lie close together on disk (a compacted segment keeps
 * them in key order) are fetched a window at a time rather than one system call each.
 */
final class ReadAhead {

    private static final int WINDOW = 256 << 10;
    private static final int NEAR = 4096;

    private byte[] window;
    private long windowSegment = -1;
    private long windowStart;
    private int windowLength;
    private long lastSegment = -1;
    private long lastEnd;

    /** The checked value whose value-length field is at {@code offset} of {@code segment}. */
    byte[] read(Segment segment, long offset, int length) throws IOException {
        int need = BatchRecord.VALUE_HEADER_BYTES + length;
        boolean near = segment.id() == lastSegment && offset >= lastEnd && offset - lastEnd < NEAR;
        lastSegment = segment.id();
        lastEnd = offset + need;
        if (segment.isMapped(offset, need)) {
            return segment.readValue(offset, length);
        }
        boolean inWindow = segment.id() == windowSegment && offset >= windowStart
                && offset + need <= windowStart + windowLength;
        if (!inWindow) {
            if (!near || need > WINDOW / 2) {
                return segment.readValue(offset, length);
            }
            if (window == null) {
                window = new byte[WINDOW];
            }
            int want = (int) Math.min(WINDOW, segment.end() - offset);
            if (want < need) {
                return segment.readValue(offset, length);
            }
            segment.file().readFully(ByteBuffer.wrap(window, 0, want), offset);
            windowSegment = segment.id();
            windowStart = offset;
            windowLength = want;
        }
        int at = (int) (offset - windowStart);
        segment.check(window, at, offset, length);
        return Arrays.copyOfRange(window, at + BatchRecord.VALUE_HEADER_BYTES, at + need);
    }
}
