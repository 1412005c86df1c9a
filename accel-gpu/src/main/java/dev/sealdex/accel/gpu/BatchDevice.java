package dev.sealdex.accel.gpu;

import dev.sealdex.engine.kernel.BlockHits;
import dev.sealdex.engine.kernel.BlockSource;
import dev.sealdex.engine.kernel.DistanceFunction;
import java.util.List;

/**
 * The device side of {@link GpuKernels}: the batch operations on one GPU. A seam so that the
 * fallback and back-off logic is tested with a fake device. Device errors surface as
 * {@code jcuda.CudaException}; errors from a block's {@code decryptInto} pass through unchanged.
 */
interface BatchDevice extends AutoCloseable {

    /** {@code searchBlocks} ({@code scale} and {@code offset} null) or {@code searchBlocksSq8}. */
    BlockHits search(DistanceFunction function, List<? extends BlockSource> blocks, int dimension, float[] scale,
                     float[] offset, float[] queries, int queryCount, int[][] blocksOfQuery, int k);

    /** The k-means assignment step. */
    void assign(float[] vectors, int count, int dimension, float[] centroids, int k, int[] outIndex,
                float[] outDistance);

    /** Device bytes held by resident blocks. */
    long residentBytes();

    /** Resident blocks. */
    int residentBlocks();

    /** The resident budget in bytes. */
    long budgetBytes();

    /** Every device byte this device allocated: resident blocks, scratch and nothing else. */
    long bytesInUse();

    /** A short description, such as the device name. */
    String describe();

    /** Frees everything, zeroing resident blocks; idempotent. */
    @Override
    void close();
}
