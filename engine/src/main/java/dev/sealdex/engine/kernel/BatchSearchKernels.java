package dev.sealdex.engine.kernel;

import java.util.List;
import java.util.Optional;

/**
 * The IVF batch work: top-k search over many blocks for many queries, and the k-means assignment
 * step. Kept apart from {@link VectorKernels} so that the pairwise SPI stays small (Lucene keeps
 * {@code VectorUtilSupport} to single-vector routines the same way) and so that a backend that
 * gains only on coarse batches, such as an accelerator, provides just this.
 *
 * <p>Every backend has it: {@link #cpu(VectorKernels)} builds it from any pairwise backend's
 * {@code scoreBlock} loops. Implementations do no argument checking; {@link Kernels} checks once.
 * Blocks arrive as {@link BlockSource}s, which hand out decrypted rows on demand, so decryption
 * stays with the caller and a backend that keeps a block resident never asks for it again.
 */
public interface BatchSearchKernels {

    /** The CPU batch loops on top of {@code vectors}' own {@code scoreBlock} and {@code scoreBlockSq8}. */
    static BatchSearchKernels cpu(VectorKernels vectors) {
        return new BatchKernels(vectors);
    }

    /**
     * Per-query top-{@code k} of {@code queryCount} queries over float-row blocks: query {@code q}
     * scans the blocks {@code blocksOfQuery[q]} (indexes into {@code blocks}), or every block when
     * {@code blocksOfQuery} is null. Hits are the {@code k} smallest (distance, id) pairs, distance
     * as {@link VectorKernels#scoreBlock} computes it, ids as the blocks'
     * {@link BlockSource#decryptInto(float[], int[])} reports them.
     */
    BlockHits searchBlocks(DistanceFunction function, List<? extends BlockSource> blocks, int dimension,
                           float[] queries, int queryCount, int[][] blocksOfQuery, int k);

    /**
     * {@link #searchBlocks} over SQ8-coded blocks ({@link BlockSource#decryptInto(byte[], int[])}),
     * distances as {@link VectorKernels#scoreBlockSq8} computes them.
     */
    BlockHits searchBlocksSq8(DistanceFunction function, List<? extends BlockSource> blocks, int dimension,
                              float[] scale, float[] offset, float[] queries, int queryCount, int[][] blocksOfQuery,
                              int k);

    /**
     * The k-means assignment step: for each of {@code count} vectors (row-major), the index of the
     * nearest of {@code k} centroids by squared L2 (the lowest index on ties) and that distance.
     */
    void assignNearest(float[] vectors, int count, int dimension, float[] centroids, int k, int[] outIndex,
                       float[] outDistance);

    /**
     * Whether these operations run on an accelerator now, so callers should hand them one coarse
     * call instead of their own parallel CPU loops. False for the CPU loops, and for an accelerator
     * while it backs off after an error.
     */
    default boolean acceleratesBatches() {
        return false;
    }

    /** The accelerator's counters (fallbacks, resident memory), or empty for the CPU loops. */
    default Optional<AcceleratorStats> acceleratorStats() {
        return Optional.empty();
    }
}
