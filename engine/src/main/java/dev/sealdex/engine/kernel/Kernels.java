package dev.sealdex.engine.kernel;

import java.util.List;
import java.util.Objects;

/**
 * The front of the kernel backends: checks arguments once, then calls the backend. The engine
 * holds one of these and gets both halves of a backend through it: the pairwise and
 * block-scoring {@link VectorKernels}, and the {@link BatchSearchKernels} for IVF batches.
 * Backends themselves never check bounds (Lucene's {@code VectorUtil}).
 */
public final class Kernels {

    /** The most hits per query {@link #searchBlocks} may ask for: an accelerator selects on the device up to this. */
    public static final int MAX_BATCH_K = 1024;

    private final String name;
    private final VectorKernels vectors;
    private final BatchSearchKernels batches;
    private final GpuOperations gpuOperations;

    /** Fronts the CPU backend {@code vectors}, with the CPU batch loops built on it. */
    public Kernels(VectorKernels vectors) {
        this(KernelBackend.cpu(vectors));
    }

    /** Fronts {@code backend}, letting it accelerate every batch operation it can. */
    public Kernels(KernelBackend backend) {
        this(backend, GpuOperations.ALL);
    }

    /** Fronts {@code backend}; {@code gpuOperations} says which batch work it may take ({@code GPU_OPERATIONS}). */
    public Kernels(KernelBackend backend, GpuOperations gpuOperations) {
        Objects.requireNonNull(backend, "backend");
        this.name = backend.name();
        this.vectors = backend.vectors();
        this.batches = backend.batches();
        this.gpuOperations = Objects.requireNonNull(gpuOperations, "gpuOperations");
    }

    /** Whether k-means assignment should go through {@link #assignNearest} (an accelerator is up and may train). */
    public boolean offloadsTraining() {
        return gpuOperations.train() && batches.acceleratesBatches();
    }

    /** Whether stage-1 query scoring should go through {@link #searchBlocks} (an accelerator is up and may query). */
    public boolean offloadsQueries() {
        return gpuOperations.query() && batches.acceleratesBatches();
    }

    /** The pairwise and block-scoring kernels behind this front. */
    public VectorKernels vectors() {
        return vectors;
    }

    /** The batch search behind this front. */
    public BatchSearchKernels batches() {
        return batches;
    }

    /** The backend's name, for logs and {@code /v1/health}. */
    public String name() {
        return name;
    }

    /** Inner product of two whole arrays of the same length. */
    public float dot(float[] a, float[] b) {
        requireSameLength(a, b);
        return vectors.dot(a, 0, b, 0, a.length);
    }

    /** Inner product of {@code length} floats at the given offsets. */
    public float dot(float[] a, int aOffset, float[] b, int bOffset, int length) {
        checkRange(a, aOffset, length);
        checkRange(b, bOffset, length);
        return vectors.dot(a, aOffset, b, bOffset, length);
    }

    /** Squared Euclidean distance of two whole arrays of the same length. */
    public float squaredL2(float[] a, float[] b) {
        requireSameLength(a, b);
        return vectors.squaredL2(a, 0, b, 0, a.length);
    }

    /** Squared Euclidean distance of {@code length} floats at the given offsets. */
    public float squaredL2(float[] a, int aOffset, float[] b, int bOffset, int length) {
        checkRange(a, aOffset, length);
        checkRange(b, bOffset, length);
        return vectors.squaredL2(a, aOffset, b, bOffset, length);
    }

    /** Cosine distance of two whole arrays of the same length. */
    public float cosineDistance(float[] a, float[] b) {
        requireSameLength(a, b);
        return vectors.cosineDistance(a, 0, b, 0, a.length);
    }

    /** Cosine distance of {@code length} floats at the given offsets. */
    public float cosineDistance(float[] a, int aOffset, float[] b, int bOffset, int length) {
        checkRange(a, aOffset, length);
        checkRange(b, bOffset, length);
        return vectors.cosineDistance(a, aOffset, b, bOffset, length);
    }

    /** One of the three float distances, chosen by {@code function}. */
    public float distance(DistanceFunction function, float[] a, int aOffset, float[] b, int bOffset, int length) {
        return switch (function) {
            case SQUARED_L2 -> squaredL2(a, aOffset, b, bOffset, length);
            case NEGATIVE_DOT -> -dot(a, aOffset, b, bOffset, length);
            case COSINE -> cosineDistance(a, aOffset, b, bOffset, length);
        };
    }

    /** Squared Euclidean distance from {@code query} to one SQ8-coded row. */
    public float sq8SquaredL2(float[] query, byte[] codes, int codesOffset, float[] scale, float[] offset) {
        checkSq8(query, codes, codesOffset, 1, scale, offset);
        return vectors.sq8SquaredL2(query, codes, codesOffset, scale, offset, query.length);
    }

    /** Inner product of {@code query} with one decoded SQ8 row. */
    public float sq8Dot(float[] query, byte[] codes, int codesOffset, float[] scale, float[] offset) {
        checkSq8(query, codes, codesOffset, 1, scale, offset);
        return vectors.sq8Dot(query, codes, codesOffset, scale, offset, query.length);
    }

    /** PQ asymmetric distance of one coded row against one lookup table. */
    public float pqDistance(byte[] codes, int codesOffset, float[] table, int tableOffset, int subquantizers,
                            int centroids) {
        checkPq(subquantizers, centroids);
        checkRange(codes, codesOffset, subquantizers);
        checkRange(table, tableOffset, subquantizers * centroids);
        return vectors.pqDistance(codes, codesOffset, table, tableOffset, subquantizers, centroids);
    }

    /** Scores a block of float rows against a batch of queries; see {@link VectorKernels#scoreBlock}. */
    public void scoreBlock(DistanceFunction function, float[] rows, int rowsOffset, int rowCount, int dimension,
                           float[] queries, int queryCount, float[] out) {
        Objects.requireNonNull(function, "function");
        checkBlock(rowCount, dimension, queryCount);
        checkRange(rows, rowsOffset, Math.multiplyExact(rowCount, dimension));
        checkRange(queries, 0, Math.multiplyExact(queryCount, dimension));
        checkRange(out, 0, Math.multiplyExact(queryCount, rowCount));
        vectors.scoreBlock(function, rows, rowsOffset, rowCount, dimension, queries, queryCount, out);
    }

    /** Scores a block of SQ8 rows against a batch of queries; see {@link VectorKernels#scoreBlockSq8}. */
    public void scoreBlockSq8(DistanceFunction function, byte[] codes, int codesOffset, int rowCount, int dimension,
                              float[] scale, float[] offset, float[] queries, int queryCount, float[] out) {
        Objects.requireNonNull(function, "function");
        checkBlock(rowCount, dimension, queryCount);
        checkRange(codes, codesOffset, Math.multiplyExact(rowCount, dimension));
        checkRange(scale, 0, dimension);
        checkRange(offset, 0, dimension);
        checkRange(queries, 0, Math.multiplyExact(queryCount, dimension));
        checkRange(out, 0, Math.multiplyExact(queryCount, rowCount));
        vectors.scoreBlockSq8(function, codes, codesOffset, rowCount, dimension, scale, offset, queries, queryCount,
                out);
    }

    /** Scores a block of PQ rows against a batch of lookup tables; see {@link VectorKernels#scoreBlockPq}. */
    public void scoreBlockPq(byte[] codes, int codesOffset, int rowCount, int subquantizers, int centroids,
                             float[] tables, int queryCount, float[] out) {
        checkPq(subquantizers, centroids);
        checkBlock(rowCount, subquantizers, queryCount);
        checkRange(codes, codesOffset, Math.multiplyExact(rowCount, subquantizers));
        checkRange(tables, 0, Math.multiplyExact(queryCount, subquantizers * centroids));
        checkRange(out, 0, Math.multiplyExact(queryCount, rowCount));
        vectors.scoreBlockPq(codes, codesOffset, rowCount, subquantizers, centroids, tables, queryCount, out);
    }

    /** Per-query top-k over float-row blocks; see {@link BatchSearchKernels#searchBlocks}. */
    public BlockHits searchBlocks(DistanceFunction function, List<? extends BlockSource> blocks, int dimension,
                                  float[] queries, int queryCount, int[][] blocksOfQuery, int k) {
        checkSearch(function, blocks, dimension, queries, queryCount, blocksOfQuery, k);
        return batches.searchBlocks(function, blocks, dimension, queries, queryCount, blocksOfQuery, k);
    }

    /** Per-query top-k over SQ8 blocks; see {@link BatchSearchKernels#searchBlocksSq8}. */
    public BlockHits searchBlocksSq8(DistanceFunction function, List<? extends BlockSource> blocks, int dimension,
                                     float[] scale, float[] offset, float[] queries, int queryCount,
                                     int[][] blocksOfQuery, int k) {
        checkSearch(function, blocks, dimension, queries, queryCount, blocksOfQuery, k);
        checkRange(scale, 0, dimension);
        checkRange(offset, 0, dimension);
        return batches.searchBlocksSq8(function, blocks, dimension, scale, offset, queries, queryCount, blocksOfQuery,
                k);
    }

    /** Nearest centroid of each vector by squared L2; see {@link BatchSearchKernels#assignNearest}. */
    public void assignNearest(float[] vectors, int count, int dimension, float[] centroids, int k, int[] outIndex,
                              float[] outDistance) {
        if (count < 0 || dimension <= 0 || k <= 0) {
            throw new IllegalArgumentException(
                    "bad assignment shape: vectors=" + count + " dimension=" + dimension + " centroids=" + k);
        }
        checkRange(vectors, 0, Math.multiplyExact(count, dimension));
        checkRange(centroids, 0, Math.multiplyExact(k, dimension));
        Objects.checkFromIndexSize(0, count, outIndex.length);
        checkRange(outDistance, 0, count);
        batches.assignNearest(vectors, count, dimension, centroids, k, outIndex, outDistance);
    }

    /**
     * The CPU form of {@link #assignNearest} for rows {@code from} to {@code to} only, on the calling
     * thread through the kernels' {@code scoreBlock}, so that callers can spread the rows over
     * threads; returns the sum of the distances.
     */
    public double assignNearestRange(float[] vectors, int from, int to, int dimension, float[] centroids, int k,
                                     int[] outIndex, float[] outDistance) {
        if (from < 0 || to < from || dimension <= 0 || k <= 0) {
            throw new IllegalArgumentException("bad assignment shape: rows " + from + " to " + to + " dimension="
                    + dimension + " centroids=" + k);
        }
        checkRange(vectors, 0, Math.multiplyExact(to, dimension));
        checkRange(centroids, 0, Math.multiplyExact(k, dimension));
        Objects.checkFromToIndex(from, to, outIndex.length);
        checkRange(outDistance, 0, to);
        return BatchKernels.assignRange(this.vectors, vectors, from, to, dimension, centroids, k, outIndex,
                outDistance);
    }

    private static void checkSearch(DistanceFunction function, List<? extends BlockSource> blocks, int dimension,
                                    float[] queries, int queryCount, int[][] blocksOfQuery, int k) {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(blocks, "blocks");
        checkBlock(0, dimension, queryCount);
        if (k < 1 || k > MAX_BATCH_K) {
            throw new IllegalArgumentException("k must be between 1 and " + MAX_BATCH_K + ", got " + k);
        }
        checkRange(queries, 0, Math.multiplyExact(queryCount, dimension));
        if (blocksOfQuery != null) {
            if (blocksOfQuery.length != queryCount) {
                throw new IllegalArgumentException(
                        "blocksOfQuery has " + blocksOfQuery.length + " entries for " + queryCount + " queries");
            }
            for (int[] scanned : blocksOfQuery) {
                for (int b : scanned) {
                    Objects.checkIndex(b, blocks.size());
                }
            }
        }
    }

    private static void requireSameLength(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vector lengths differ: " + a.length + " != " + b.length);
        }
    }

    private static void checkSq8(float[] query, byte[] codes, int codesOffset, int rows, float[] scale,
                                 float[] offset) {
        int dimension = query.length;
        if (scale.length < dimension || offset.length < dimension) {
            throw new IllegalArgumentException("SQ8 scale/offset shorter than the query (" + dimension + ")");
        }
        checkRange(codes, codesOffset, Math.multiplyExact(rows, dimension));
    }

    private static void checkPq(int subquantizers, int centroids) {
        if (subquantizers <= 0 || centroids <= 0 || centroids > 256) {
            throw new IllegalArgumentException(
                    "PQ needs subquantizers > 0 and 1..256 centroids, got " + subquantizers + " x " + centroids);
        }
    }

    private static void checkBlock(int rowCount, int dimension, int queryCount) {
        if (rowCount < 0 || dimension <= 0 || queryCount < 0) {
            throw new IllegalArgumentException(
                    "bad block shape: rows=" + rowCount + " dimension=" + dimension + " queries=" + queryCount);
        }
    }

    private static void checkRange(float[] array, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, array.length);
    }

    private static void checkRange(byte[] array, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, array.length);
    }
}
