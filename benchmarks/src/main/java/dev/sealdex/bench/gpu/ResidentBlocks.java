package dev.sealdex.bench.gpu;

import dev.sealdex.engine.kernel.BlockKey;
import dev.sealdex.engine.kernel.BlockSource;
import java.util.ArrayList;
import java.util.List;

/**
 * A row-major data set cut into plaintext {@link BlockSource}s with fixed keys, the synthetic
 * blocks docs/GPU-API.md describes: the GPU uploads each once and keeps it resident, so repeated
 * searches measure batched scoring over resident rows; the CPU copies them on every search, as it
 * would decrypt them. A row's id is its row number.
 */
final class ResidentBlocks {

    /** Bytes of float rows per block: the engine seals list blocks of about this size. */
    static final int BLOCK_BYTES = 64 * 1024;

    private ResidentBlocks() {
    }

    /** Rows per block for {@code dimension}: as many as fit {@link #BLOCK_BYTES}, at least one. */
    static int rowsPerBlock(int dimension) {
        return Math.max(1, BLOCK_BYTES / (Float.BYTES * dimension));
    }

    /** The first {@code rows} rows of {@code base} as blocks of {@link #rowsPerBlock} rows, keyed under {@code scope}. */
    static List<BlockSource> of(float[] base, int rows, int dimension, long scope) {
        int perBlock = rowsPerBlock(dimension);
        List<BlockSource> blocks = new ArrayList<>((rows + perBlock - 1) / perBlock);
        for (int first = 0, b = 0; first < rows; first += perBlock, b++) {
            blocks.add(new PlainBlock(new BlockKey(scope, b, 1), base, first, Math.min(perBlock, rows - first),
                    dimension));
        }
        return blocks;
    }

    /** Rows {@code [firstRow, firstRow + rowCount)} of {@code base}. */
    record PlainBlock(BlockKey key, float[] base, int firstRow, int rowCount, int dimension) implements BlockSource {

        @Override
        public void decryptInto(float[] rows, int[] ids) {
            System.arraycopy(base, firstRow * dimension, rows, 0, rowCount * dimension);
            for (int r = 0; r < rowCount; r++) {
                ids[r] = firstRow + r;
            }
        }
    }
}
