package dev.sealdex.accel.gpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The launch shapes of one batch search on the device, worked out on the host without touching
 * it (so they are unit-tested): the scoring kernel's work items and the per-query segments of
 * candidates that the merge passes shrink to k.
 *
 * <p>A work item is one query against at most {@link #TILE} rows of one resident block. Items of
 * a query are contiguous and each keeps {@code min(k, rows)} candidates, so query {@code q}'s
 * candidates fill {@code [segmentStart[q], segmentStart[q] + segmentLength[q])}.
 *
 * <table>
 *   <caption>Work item as the kernels read it (32 bytes, little-endian)</caption>
 *   <tr><th>offset</th><th>size</th><th>field</th></tr>
 *   <tr><td>0</td><td>8</td><td>device address of the item's first row (float32 or uint8 codes)</td></tr>
 *   <tr><td>8</td><td>8</td><td>device address of the item's first row id (int32)</td></tr>
 *   <tr><td>16</td><td>4</td><td>rows, 1..TILE</td></tr>
 *   <tr><td>20</td><td>4</td><td>query index</td></tr>
 *   <tr><td>24</td><td>4</td><td>first output slot</td></tr>
 *   <tr><td>28</td><td>4</td><td>padding</td></tr>
 * </table>
 */
final class SearchPlan {

    /** Rows per item and entries per merge chunk; the {@code TILE} of {@code sealdex_kernels.cu}. */
    static final int TILE = 2048;
    /** Bytes per work item. */
    static final int ITEM_BYTES = 32;

    final ByteBuffer items;
    final int itemCount;
    final int[] segmentStart;
    final int[] segmentLength;
    final int candidates;

    private SearchPlan(ByteBuffer items, int itemCount, int[] segmentStart, int[] segmentLength, int candidates) {
        this.items = items;
        this.itemCount = itemCount;
        this.segmentStart = segmentStart;
        this.segmentLength = segmentLength;
        this.candidates = candidates;
    }

    /**
     * Plans query {@code q} against blocks {@code blocksOfQuery[q]} (indexes into the block arrays:
     * device addresses of rows and ids, row counts; rows are {@code rowBytes} long).
     */
    static SearchPlan of(int[][] blocksOfQuery, long[] rowsAddress, long[] idsAddress, int[] rowCount, long rowBytes,
                         int k) {
        int queryCount = blocksOfQuery.length;
        long itemTotal = 0;
        for (int[] scanned : blocksOfQuery) {
            for (int b : scanned) {
                itemTotal += (rowCount[b] + TILE - 1) / TILE;
            }
        }
        if (itemTotal * ITEM_BYTES > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many work items for one launch: " + itemTotal);
        }
        ByteBuffer items = ByteBuffer.allocate((int) itemTotal * ITEM_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        int[] start = new int[queryCount];
        int[] length = new int[queryCount];
        long out = 0;
        for (int q = 0; q < queryCount; q++) {
            start[q] = Math.toIntExact(out);
            for (int b : blocksOfQuery[q]) {
                for (int first = 0; first < rowCount[b]; first += TILE) {
                    int rows = Math.min(TILE, rowCount[b] - first);
                    items.putLong(rowsAddress[b] + first * rowBytes);
                    items.putLong(idsAddress[b] + (long) first * Integer.BYTES);
                    items.putInt(rows);
                    items.putInt(q);
                    items.putInt(Math.toIntExact(out));
                    items.putInt(0);
                    out += Math.min(k, rows);
                }
            }
            length[q] = Math.toIntExact(out - start[q]);
        }
        return new SearchPlan(items.flip(), (int) itemTotal, start, length, Math.toIntExact(out));
    }

    /** Segment lengths after one merge pass: each TILE chunk keeps at most k. */
    static int[] afterMerge(int[] lengths, int k) {
        int[] next = new int[lengths.length];
        for (int q = 0; q < lengths.length; q++) {
            int full = lengths[q] / TILE;
            next[q] = full * k + Math.min(k, lengths[q] % TILE);
        }
        return next;
    }

    /** Dense segment starts for {@code lengths}. */
    static int[] starts(int[] lengths) {
        int[] starts = new int[lengths.length];
        int at = 0;
        for (int q = 0; q < lengths.length; q++) {
            starts[q] = at;
            at = Math.addExact(at, lengths[q]);
        }
        return starts;
    }

    /** The longest segment. */
    static int longest(int[] lengths) {
        int max = 0;
        for (int length : lengths) {
            max = Math.max(max, length);
        }
        return max;
    }
}
