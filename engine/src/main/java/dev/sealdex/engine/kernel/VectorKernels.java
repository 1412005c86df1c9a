package dev.sealdex.engine.kernel;

import java.util.List;
import java.util.Optional;

/**
 * The numeric inner loops of Sealdex, implemented once per backend (scalar, Panama, GPU).
 *
 * <p>Implementations do no argument checking: {@link Kernels} checks bounds once, in front of
 * every backend, the way Lucene's {@code VectorUtil} fronts {@code VectorUtilSupport}.
 * {@link ScalarKernels} is the specification; the other backends must agree with it within the
 * tolerance of the contract test.
 *
 * <h2>Layouts</h2>
 * <ul>
 *   <li>Rows and queries are row-major {@code float[]}: row {@code r} of a block starting at
 *       {@code rowsOffset} is {@code rows[rowsOffset + r * dimension ...]}.</li>
 *   <li>SQ8 codes are one unsigned byte per dimension; dimension {@code i} decodes to
 *       {@code offset[i] + scale[i] * (code & 0xFF)}.</li>
 *   <li>PQ codes are one unsigned byte per sub-quantizer; the distance of a row is
 *       {@code sum_m table[m * centroids + code[m]]} for a per-query lookup table.</li>
 *   <li>Bulk outputs are query-major: the distance of query {@code q} to row {@code r} lands in
 *       {@code out[q * rowCount + r]}.</li>
 * </ul>
 *
 * <h2>Batch operations</h2>
 * {@link #searchBlocks}, {@link #searchBlocksSq8} and {@link #assignNearest} are coarse: one call
 * covers many queries and many blocks, so an accelerator can run it as a few launches. Their
 * default bodies run on the CPU through {@link #scoreBlock} and {@link #scoreBlockSq8}, so every
 * backend has them; the GPU overrides them and falls back to these bodies after a device error.
 */
public interface VectorKernels {

    /** A short name for logs, metrics and {@code /v1/health}, such as {@code panama-256}. */
    String name();

    /** Inner product of {@code length} floats. */
    float dot(float[] a, int aOffset, float[] b, int bOffset, int length);

    /** Squared Euclidean distance of {@code length} floats. */
    float squaredL2(float[] a, int aOffset, float[] b, int bOffset, int length);

    /** Cosine distance {@code 1 - cos(a, b)}; 1 when either vector has zero length. */
    float cosineDistance(float[] a, int aOffset, float[] b, int bOffset, int length);

    /** Squared Euclidean distance from a float query to one SQ8-coded row. */
    float sq8SquaredL2(float[] query, byte[] codes, int codesOffset, float[] scale, float[] offset, int length);

    /** Inner product of a float query with one decoded SQ8 row. */
    float sq8Dot(float[] query, byte[] codes, int codesOffset, float[] scale, float[] offset, int length);

    /** PQ asymmetric distance: the sum of {@code subquantizers} lookup-table entries. */
    float pqDistance(byte[] codes, int codesOffset, float[] table, int tableOffset, int subquantizers, int centroids);

    /**
     * Scores {@code rowCount} float rows against {@code queryCount} queries into {@code out}
     * (query-major). The search loop calls this once per decrypted block, with every query that
     * waits on the block, so the block is read from memory once for all of them.
     */
    void scoreBlock(DistanceFunction function, float[] rows, int rowsOffset, int rowCount, int dimension,
                    float[] queries, int queryCount, float[] out);

    /**
     * Scores {@code rowCount} SQ8-coded rows against {@code queryCount} float queries into
     * {@code out} (query-major). {@link DistanceFunction#COSINE} is scored as
     * {@link DistanceFunction#NEGATIVE_DOT} plus one: callers code unit vectors for cosine.
     */
    void scoreBlockSq8(DistanceFunction function, byte[] codes, int codesOffset, int rowCount, int dimension,
                       float[] scale, float[] offset, float[] queries, int queryCount, float[] out);

    /**
     * Scores {@code rowCount} PQ-coded rows against {@code queryCount} lookup tables (each
     * {@code subquantizers * centroids} floats, laid out one after another) into {@code out}.
     */
    void scoreBlockPq(byte[] codes, int codesOffset, int rowCount, int subquantizers, int centroids,
                      float[] tables, int queryCount, float[] out);

    // ---- batch operations ------------------------------------------------------------------------

    /**
     * Per-query top-{@code k} of {@code queryCount} queries over float-row blocks: query {@code q}
     * scans the blocks {@code blocksOfQuery[q]} (indexes into {@code blocks}), or every block when
     * {@code blocksOfQuery} is null. Hits are the {@code k} smallest (distance, id) pairs, distance
     * as {@link #scoreBlock} computes it, ids as the blocks' {@link BlockSource#decryptInto(float[], int[])}
     * reports them.
     */
    default BlockHits searchBlocks(DistanceFunction function, List<? extends BlockSource> blocks, int dimension,
                                   float[] queries, int queryCount, int[][] blocksOfQuery, int k) {
        return BatchKernels.searchBlocks(this, function, blocks, dimension, queries, queryCount, blocksOfQuery, k);
    }

    /**
     * {@link #searchBlocks} over SQ8-coded blocks ({@link BlockSource#decryptInto(byte[], int[])}),
     * distances as {@link #scoreBlockSq8} computes them.
     */
    default BlockHits searchBlocksSq8(DistanceFunction function, List<? extends BlockSource> blocks, int dimension,
                                      float[] scale, float[] offset, float[] queries, int queryCount,
                                      int[][] blocksOfQuery, int k) {
        return BatchKernels.searchBlocksSq8(this, function, blocks, dimension, scale, offset, queries, queryCount,
                blocksOfQuery, k);
    }

    /**
     * The k-means assignment step: for each of {@code count} vectors (row-major), the index of the
     * nearest of {@code k} centroids by squared L2 (the lowest index on ties) and that distance.
     */
    default void assignNearest(float[] vectors, int count, int dimension, float[] centroids, int k, int[] outIndex,
                               float[] outDistance) {
        BatchKernels.assignNearest(this, vectors, count, dimension, centroids, k, outIndex, outDistance);
    }

    /**
     * Whether the batch operations run on an accelerator now, so callers should hand it one coarse
     * call instead of their own CPU loops. False for CPU backends, and for the GPU while it backs
     * off after an error.
     */
    default boolean acceleratesBatches() {
        return false;
    }

    /** The accelerator's counters (fallbacks, resident memory), or empty for CPU backends. */
    default Optional<AcceleratorStats> acceleratorStats() {
        return Optional.empty();
    }
}
