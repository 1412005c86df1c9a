package dev.sealdex.accel.gpu;

import dev.sealdex.engine.kernel.BlockSource;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * The host side of an upload: decrypts a block into reusable arrays, then lays it out in a pinned
 * staging buffer as the device keeps it (rows, padding to {@code idsOffset}, row ids). The arrays
 * hold plaintext, so {@link #wipe()} zeroes them when the call ends.
 */
final class HostBlocks {

    private final boolean sq8;
    private final int dimension;
    private final float[] rows;
    private final byte[] codes;
    private final int[] ids;

    HostBlocks(boolean sq8, int dimension, List<? extends BlockSource> blocks) {
        int maxRows = 0;
        for (BlockSource block : blocks) {
            maxRows = Math.max(maxRows, block.rowCount());
        }
        this.sq8 = sq8;
        this.dimension = dimension;
        this.rows = sq8 ? new float[0] : new float[maxRows * dimension];
        this.codes = sq8 ? new byte[maxRows * dimension] : new byte[0];
        this.ids = new int[maxRows];
    }

    /** Decrypts {@code block} and writes its device image into {@code staging} (native order, from 0). */
    void decrypt(BlockSource block, ByteBuffer staging, long idsOffset) {
        int n = block.rowCount();
        if (sq8) {
            block.decryptInto(codes, ids);
            staging.put(0, codes, 0, n * dimension);
        } else {
            block.decryptInto(rows, ids);
            staging.asFloatBuffer().put(rows, 0, n * dimension);
        }
        staging.position(Math.toIntExact(idsOffset));
        staging.asIntBuffer().put(ids, 0, n);
        staging.clear();
    }

    /** Zeroes the plaintext arrays. */
    void wipe() {
        Arrays.fill(rows, 0f);
        Arrays.fill(codes, (byte) 0);
        Arrays.fill(ids, 0);
    }
}
