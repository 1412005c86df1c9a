package dev.sealdex.engine.kernel;

/**
 * The numeric inner loops of Sealdex, implemented once per CPU backend (scalar, Panama).
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
 * <h2>Batch work lives elsewhere</h2>
 * Search over many blocks and k-means assignment are {@link BatchSearchKernels}: the CPU form is
 * built on this interface's {@link #scoreBlock} and {@link #scoreBlockSq8}
 * ({@link BatchSearchKernels#cpu}), and an accelerator provides its own. This interface stays the
 * small set of inner loops that every CPU backend implements and the contract test pins.
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
}
