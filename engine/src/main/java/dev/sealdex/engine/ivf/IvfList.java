package dev.sealdex.engine.ivf;

import dev.sealdex.engine.crypto.BlockCipher;
import dev.sealdex.engine.crypto.ObjectKind;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntUnaryOperator;

/**
 * One IVF list: a sequence of sealed blocks, all full but the last. Writers serialise on the
 * list's own lock and publish a new immutable {@link Snapshot}; readers take the current snapshot
 * and never wait.
 */
public final class IvfList {

    /** The sealed blocks and total row count at one moment. Never modified once published. */
    public record Snapshot(byte[][] blocks, int rows) {
        static final Snapshot EMPTY = new Snapshot(new byte[0][], 0);
    }

    /** Where moved rows go: called with (ordinal, new position) for every row placed or moved. */
    @FunctionalInterface
    interface PositionSink {
        void placed(int ordinal, int position);
    }

    private final int list;
    private final ListCoding coding;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Snapshot snapshot;

    IvfList(int list, ListCoding coding, Snapshot initial) {
        this.list = list;
        this.coding = coding;
        this.snapshot = initial;
    }

    /** The current snapshot, for readers. */
    public Snapshot snapshot() {
        return snapshot;
    }

    /** Replaces the contents with {@code loaded} (restoring a checkpoint before the index is published). */
    void install(Snapshot loaded) {
        lock.lock();
        try {
            snapshot = loaded;
        } finally {
            lock.unlock();
        }
    }

    /** Rows in the list now. */
    public int rows() {
        return snapshot.rows();
    }

    /**
     * Appends {@code count} rows: their ordinals, {@code coding.codeBytes()} bytes of code each,
     * contiguous in {@code codes}, and an {@link ErrorBound} each. Reports each row's position to
     * {@code sink}.
     */
    void append(int[] ordinals, byte[] codes, byte[] bounds, int count, PositionSink sink) {
        if (count == 0) {
            return;
        }
        lock.lock();
        try {
            Snapshot current = snapshot;
            int perBlock = coding.rowsPerBlock();
            int codeBytes = coding.codeBytes();
            int total = current.rows() + count;
            int blockCount = (total + perBlock - 1) / perBlock;
            byte[][] blocks = Arrays.copyOf(current.blocks(), blockCount);
            int firstBlock = current.rows() / perBlock;
            int taken = 0;
            for (int b = firstBlock; b < blockCount; b++) {
                int blockStart = b * perBlock;
                int existing = Math.max(0, Math.min(perBlock, current.rows() - blockStart));
                int rows = Math.min(perBlock, total - blockStart);
                byte[] plain = new byte[ListBlockFormat.size(rows, codeBytes)];
                if (existing > 0) {
                    byte[] old = coding.open(list, b, current.blocks()[b]);
                    copyRows(old, existing, 0, plain, rows, 0, existing, codeBytes);
                    Arrays.fill(old, (byte) 0);
                }
                ListBlockFormat.writeHeader(plain, coding.codeKind(), rows);
                int boundsAt = ListBlockFormat.boundsOffset(rows, codeBytes);
                for (int r = existing; r < rows; r++, taken++) {
                    ListBlockFormat.setOrdinal(plain, r, ordinals[taken]);
                    System.arraycopy(codes, taken * codeBytes, plain,
                            ListBlockFormat.codesOffset(rows) + r * codeBytes, codeBytes);
                    plain[boundsAt + r] = bounds[taken];
                    sink.placed(ordinals[taken], blockStart + r);
                }
                blocks[b] = coding.seal(list, b, plain);
                Arrays.fill(plain, (byte) 0);
            }
            snapshot = new Snapshot(blocks, total);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Copies {@code count} rows (ordinal, code and bound) from row {@code from} of a block of
     * {@code fromRows} rows to row {@code to} of a block of {@code toRows} rows.
     */
    private static void copyRows(byte[] source, int fromRows, int from, byte[] target, int toRows, int to, int count,
                                 int codeBytes) {
        System.arraycopy(source, ListBlockFormat.HEADER_BYTES + from * Integer.BYTES, target,
                ListBlockFormat.HEADER_BYTES + to * Integer.BYTES, count * Integer.BYTES);
        System.arraycopy(source, ListBlockFormat.codesOffset(fromRows) + from * codeBytes, target,
                ListBlockFormat.codesOffset(toRows) + to * codeBytes, count * codeBytes);
        System.arraycopy(source, ListBlockFormat.boundsOffset(fromRows, codeBytes) + from, target,
                ListBlockFormat.boundsOffset(toRows, codeBytes) + to, count);
    }

    /**
     * Removes the row of {@code ordinal}, at the position {@code positionOf} gives for it, by
     * moving the list's last row into its place. Reports the moved row's new position to
     * {@code sink}. The position is looked up under the list's lock: a concurrent remove in the
     * same list may just have moved this very row (when it was the last) into its own gap.
     */
    void remove(int ordinal, IntUnaryOperator positionOf, PositionSink sink) {
        lock.lock();
        try {
            int position = positionOf.applyAsInt(ordinal);
            Snapshot current = snapshot;
            if (position < 0 || position >= current.rows()) {
                throw new IllegalStateException("position " + position + " outside list " + list + " of "
                        + current.rows() + " rows");
            }
            int perBlock = coding.rowsPerBlock();
            int codeBytes = coding.codeBytes();
            int last = current.rows() - 1;
            int lastBlock = last / perBlock;
            int lastRows = last % perBlock + 1;
            byte[] tail = coding.open(list, lastBlock, current.blocks()[lastBlock]);
            int movedOrdinal = ListBlockFormat.ordinal(tail, lastRows - 1);
            byte[][] blocks = current.blocks().clone();
            int block = position / perBlock;
            int row = position % perBlock;
            if (position != last) {
                byte[] target = block == lastBlock ? tail : coding.open(list, block, current.blocks()[block]);
                int targetRows = block == lastBlock ? lastRows : perBlock;
                checkOrdinal(target, row, ordinal);
                copyRows(tail, lastRows, lastRows - 1, target, targetRows, row, 1, codeBytes);
                if (block != lastBlock) {
                    blocks[block] = coding.seal(list, block, target);
                    Arrays.fill(target, (byte) 0);
                }
                sink.placed(movedOrdinal, position);
            } else {
                checkOrdinal(tail, row, ordinal);
            }
            int remaining = lastRows - 1;
            if (remaining == 0) {
                blocks = Arrays.copyOf(blocks, lastBlock);
            } else {
                byte[] shrunk = new byte[ListBlockFormat.size(remaining, codeBytes)];
                ListBlockFormat.writeHeader(shrunk, coding.codeKind(), remaining);
                copyRows(tail, lastRows, 0, shrunk, remaining, 0, remaining, codeBytes);
                blocks[lastBlock] = coding.seal(list, lastBlock, shrunk);
                Arrays.fill(shrunk, (byte) 0);
            }
            Arrays.fill(tail, (byte) 0);
            snapshot = new Snapshot(blocks, last);
        } finally {
            lock.unlock();
        }
    }

    private void checkOrdinal(byte[] plain, int row, int expected) {
        int found = ListBlockFormat.ordinal(plain, row);
        if (found != expected) {
            throw new IllegalStateException("list " + list + " holds ordinal " + found + " where " + expected
                    + " was expected");
        }
    }

    /**
     * How the blocks of one layout are coded and sealed.
     *
     * @param epoch      the layout epoch bound into every block id
     * @param codeKind   the block's code kind byte
     * @param codeBytes  bytes of code per row
     * @param cipher     the CODES cipher of the index
     */
    public record ListCoding(int epoch, byte codeKind, int codeBytes, BlockCipher cipher) {

        public int rowsPerBlock() {
            return ListBlockFormat.rowsPerBlock(codeBytes);
        }

        byte[] seal(int list, int block, byte[] plain) {
            return cipher.seal(ObjectKind.LIST_BLOCK, ListBlockFormat.objectId(epoch, list, block), plain);
        }

        public byte[] open(int list, int block, byte[] sealed) {
            return open(list, block, sealed, false);
        }

        /** Opens a block; with {@code anyFormat} its header is left for the caller to check. */
        public byte[] open(int list, int block, byte[] sealed, boolean anyFormat) {
            byte[] plain = cipher.open(ObjectKind.LIST_BLOCK, ListBlockFormat.objectId(epoch, list, block), sealed);
            if (!anyFormat) {
                ListBlockFormat.readHeader(plain, plain.length, codeKind, codeBytes);
            }
            return plain;
        }

        public int open(int list, int block, byte[] sealed, byte[] scratch) {
            int length = cipher.open(ObjectKind.LIST_BLOCK, ListBlockFormat.objectId(epoch, list, block), sealed,
                    scratch, 0);
            return ListBlockFormat.readHeader(scratch, length, codeKind, codeBytes);
        }
    }
}
