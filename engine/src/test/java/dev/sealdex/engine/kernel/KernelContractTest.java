package dev.sealdex.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every kernel backend must meet, run by each backend module against its own
 * kernels (a test-jar, like Lucene's {@code BaseVectorizationTestCase}).
 *
 * <p>Each operation is checked over awkward lengths, at odd offsets, against a double-precision
 * reference with a tolerance that grows with the length, and against {@link ScalarKernels}.
 * Integer-valued inputs small enough to sum exactly in float must match exactly.
 */
public abstract class KernelContractTest {

    /** Lengths that hit every path: below one vector, exact multiples, and every kind of tail. */
    protected static final int[] SIZES = {1, 3, 7, 13, 16, 17, 31, 33, 100, 207, 300, 702, 768, 1536, 4099};

    /** The backend under test. */
    protected abstract VectorKernels kernels();

    /** The backend's batch search: the CPU loops on {@link #kernels()} unless the backend has its own. */
    protected BatchSearchKernels batches() {
        return BatchSearchKernels.cpu(kernels());
    }

    static int[] sizes() {
        return SIZES;
    }

    private static final ScalarKernels SCALAR = ScalarKernels.INSTANCE;

    private final SplittableRandom random = new SplittableRandom(0x5EA1DE);

    // ---- pairwise float distances ------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("sizes")
    void dotMatchesReference(int n) {
        for (Inputs in : inputs(n)) {
            double expected = 0;
            double magnitude = 0;
            for (int i = 0; i < n; i++) {
                double p = (double) in.a[in.aOff + i] * in.b[in.bOff + i];
                expected += p;
                magnitude += Math.abs(p);
            }
            float actual = kernels().dot(in.a, in.aOff, in.b, in.bOff, n);
            check("dot", in, expected, magnitude, actual);
            check("dot vs scalar", in, SCALAR.dot(in.a, in.aOff, in.b, in.bOff, n), magnitude, actual);
        }
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void squaredL2MatchesReference(int n) {
        for (Inputs in : inputs(n)) {
            double expected = 0;
            for (int i = 0; i < n; i++) {
                double d = (double) in.a[in.aOff + i] - in.b[in.bOff + i];
                expected += d * d;
            }
            float actual = kernels().squaredL2(in.a, in.aOff, in.b, in.bOff, n);
            check("squaredL2", in, expected, expected, actual);
            check("squaredL2 vs scalar", in, SCALAR.squaredL2(in.a, in.aOff, in.b, in.bOff, n), expected, actual);
            assertTrue(actual >= 0, "squaredL2 must not be negative");
        }
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void cosineDistanceMatchesReference(int n) {
        for (Inputs in : inputs(n)) {
            double dot = 0;
            double na = 0;
            double nb = 0;
            for (int i = 0; i < n; i++) {
                double x = in.a[in.aOff + i];
                double y = in.b[in.bOff + i];
                dot += x * y;
                na += x * x;
                nb += y * y;
            }
            double expected = na == 0 || nb == 0 ? 1 : 1 - dot / Math.sqrt(na * nb);
            float actual = kernels().cosineDistance(in.a, in.aOff, in.b, in.bOff, n);
            double tolerance = 1e-5 + n * 2e-7;
            assertEquals(expected, actual, tolerance, () -> "cosine " + in);
            assertEquals(SCALAR.cosineDistance(in.a, in.aOff, in.b, in.bOff, n), actual, tolerance,
                    () -> "cosine vs scalar " + in);
            assertTrue(actual >= 0 && actual <= 2, "cosine distance must stay in [0, 2]: " + actual);
        }
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void cosineOfAVectorWithItselfIsZeroAndZeroVectorScoresOne(int n) {
        float[] a = gaussian(n);
        assertEquals(0, kernels().cosineDistance(a, 0, a, 0, n), 1e-5);
        assertEquals(1f, kernels().cosineDistance(a, 0, new float[n], 0, n));
    }

    // ---- SQ8 and PQ codes ----------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("sizes")
    void sq8MatchesReference(int n) {
        for (boolean integral : new boolean[] {false, true}) {
            float[] query = integral ? integers(n, 16) : gaussian(n);
            float[] scale = integral ? filled(n, 1f) : uniform(n, 0.001f, 0.05f);
            float[] offset = integral ? integers(n, 8) : gaussian(n);
            int codesOffset = 5;
            byte[] codes = new byte[codesOffset + n];
            for (int i = 0; i < codes.length; i++) {
                // Integral runs keep codes small so every float sum below stays exact (< 2^24).
                codes[i] = (byte) random.nextInt(integral ? 16 : 256);
            }
            double l2 = 0;
            double dot = 0;
            double magnitude = 0;
            for (int i = 0; i < n; i++) {
                double x = offset[i] + (double) scale[i] * (codes[codesOffset + i] & 0xFF);
                double d = query[i] - x;
                l2 += d * d;
                dot += query[i] * x;
                magnitude += Math.abs(query[i] * x);
            }
            float actualL2 = kernels().sq8SquaredL2(query, codes, codesOffset, scale, offset, n);
            float actualDot = kernels().sq8Dot(query, codes, codesOffset, scale, offset, n);
            if (integral) {
                assertEquals((float) l2, actualL2, "sq8SquaredL2 integral n=" + n);
                assertEquals((float) dot, actualDot, "sq8Dot integral n=" + n);
            } else {
                assertEquals(l2, actualL2, tolerance(n, l2), "sq8SquaredL2 n=" + n);
                assertEquals(dot, actualDot, tolerance(n, magnitude), "sq8Dot n=" + n);
            }
            assertEquals(SCALAR.sq8SquaredL2(query, codes, codesOffset, scale, offset, n), actualL2,
                    tolerance(n, l2), "sq8SquaredL2 vs scalar n=" + n);
        }
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void pqMatchesReference(int m) {
        for (int centroids : new int[] {16, 256}) {
            float[] table = integers(3 + m * centroids, 100);
            int tableOffset = 3;
            byte[] codes = new byte[2 + m];
            for (int i = 0; i < codes.length; i++) {
                codes[i] = (byte) random.nextInt(centroids);
            }
            double expected = 0;
            for (int s = 0; s < m; s++) {
                expected += table[tableOffset + s * centroids + (codes[2 + s] & 0xFF)];
            }
            // Integer tables sum exactly.
            assertEquals((float) expected, kernels().pqDistance(codes, 2, table, tableOffset, m, centroids),
                    "pq m=" + m + " centroids=" + centroids);
        }
    }

    // ---- bulk block scoring --------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("sizes")
    void scoreBlockAgreesWithPairwiseScalar(int dimension) {
        int rows = dimension > 1000 ? 5 : 19;
        for (int queries : new int[] {1, 3, 4, 16}) {
            int rowsOffset = 2 * dimension + 1;
            float[] block = gaussian(rowsOffset + rows * dimension);
            float[] query = gaussian(queries * dimension);
            for (DistanceFunction function : DistanceFunction.values()) {
                float[] out = new float[queries * rows];
                kernels().scoreBlock(function, block, rowsOffset, rows, dimension, query, queries, out);
                for (int q = 0; q < queries; q++) {
                    for (int r = 0; r < rows; r++) {
                        int ro = rowsOffset + r * dimension;
                        int qo = q * dimension;
                        float expected = switch (function) {
                            case SQUARED_L2 -> SCALAR.squaredL2(query, qo, block, ro, dimension);
                            case NEGATIVE_DOT -> -SCALAR.dot(query, qo, block, ro, dimension);
                            case COSINE -> SCALAR.cosineDistance(query, qo, block, ro, dimension);
                        };
                        double magnitude = function == DistanceFunction.COSINE ? 1 : 2.0 * dimension;
                        assertEquals(expected, out[q * rows + r], tolerance(dimension, magnitude),
                                function + " q=" + q + " r=" + r + " queries=" + queries + " d=" + dimension);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void scoreBlockSq8AgreesWithPairwiseScalar(int dimension) {
        int rows = dimension > 1000 ? 5 : 11;
        float[] scale = uniform(dimension, 0.001f, 0.02f);
        float[] offset = uniform(dimension, -1f, 0f);
        for (int queries : new int[] {1, 4, 5}) {
            byte[] codes = new byte[7 + rows * dimension];
            random.nextBytes(codes);
            float[] query = gaussian(queries * dimension);
            for (DistanceFunction function : DistanceFunction.values()) {
                float[] out = new float[queries * rows];
                kernels().scoreBlockSq8(function, codes, 7, rows, dimension, scale, offset, query, queries, out);
                float[] one = new float[dimension];
                for (int q = 0; q < queries; q++) {
                    System.arraycopy(query, q * dimension, one, 0, dimension);
                    for (int r = 0; r < rows; r++) {
                        int co = 7 + r * dimension;
                        float expected = switch (function) {
                            case SQUARED_L2 -> SCALAR.sq8SquaredL2(one, codes, co, scale, offset, dimension);
                            case NEGATIVE_DOT -> -SCALAR.sq8Dot(one, codes, co, scale, offset, dimension);
                            case COSINE -> 1 - SCALAR.sq8Dot(one, codes, co, scale, offset, dimension);
                        };
                        assertEquals(expected, out[q * rows + r], tolerance(dimension, 4.0 * dimension),
                                function + " q=" + q + " r=" + r + " d=" + dimension);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void scoreBlockPqAgreesWithPairwiseScalar(int m) {
        int rows = 9;
        int centroids = 256;
        for (int queries : new int[] {1, 4}) {
            float[] tables = integers(queries * m * centroids, 50);
            byte[] codes = new byte[1 + rows * m];
            random.nextBytes(codes);
            float[] out = new float[queries * rows];
            kernels().scoreBlockPq(codes, 1, rows, m, centroids, tables, queries, out);
            for (int q = 0; q < queries; q++) {
                for (int r = 0; r < rows; r++) {
                    assertEquals(SCALAR.pqDistance(codes, 1 + r * m, tables, q * m * centroids, m, centroids),
                            out[q * rows + r], "pq block q=" + q + " r=" + r + " m=" + m);
                }
            }
        }
    }

    // ---- batch operations ------------------------------------------------------------------------

    /** Dimensions for the batch operations: odd ones, a warp's width either side, and a large one. */
    static int[] batchDimensions() {
        return new int[] {1, 3, 31, 33, 128, 207, 768, 1536};
    }

    @ParameterizedTest
    @MethodSource("batchDimensions")
    void searchBlocksFindsTheExactTopK(int dimension) {
        for (boolean integral : new boolean[] {false, true}) {
            List<TestBlock> blocks = floatBlocks(dimension, integral, new int[] {1, 7, 40, 0, 129, 3});
            for (int queryCount : new int[] {1, 5, 17}) {
                float[] queries = integral ? integers(queryCount * dimension, 4) : gaussian(queryCount * dimension);
                for (int[][] plan : new int[][][] {null, randomPlan(queryCount, blocks.size())}) {
                    for (int k : new int[] {1, 10, 1024}) {
                        for (DistanceFunction function : DistanceFunction.values()) {
                            BlockHits hits = batches().searchBlocks(function, blocks, dimension, queries, queryCount,
                                    plan, k);
                            checkHits(hits, blocks, plan, queryCount, k, integral, dimension,
                                    (q, block, row) -> floatDistance(function, queries, q, block, row, dimension),
                                    function + " d=" + dimension + " Q=" + queryCount + " k=" + k + " integral="
                                            + integral + " plan=" + (plan != null));
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("batchDimensions")
    void searchBlocksSq8FindsTheExactTopK(int dimension) {
        for (boolean integral : new boolean[] {false, true}) {
            float[] scale = integral ? filled(dimension, 1f) : uniform(dimension, 0.001f, 0.02f);
            float[] offset = integral ? integers(dimension, 4) : uniform(dimension, -1f, 0f);
            List<TestBlock> blocks = sq8Blocks(dimension, integral, new int[] {2, 0, 65, 11, 300});
            for (int queryCount : new int[] {1, 6}) {
                float[] queries = integral ? integers(queryCount * dimension, 4) : gaussian(queryCount * dimension);
                for (int[][] plan : new int[][][] {null, randomPlan(queryCount, blocks.size())}) {
                    for (int k : new int[] {1, 16, 500}) {
                        for (DistanceFunction function : DistanceFunction.values()) {
                            BlockHits hits = batches().searchBlocksSq8(function, blocks, dimension, scale, offset,
                                    queries, queryCount, plan, k);
                            checkHits(hits, blocks, plan, queryCount, k, integral, dimension,
                                    (q, block, row) -> sq8Distance(function, queries, q, block, row, dimension,
                                            scale, offset),
                                    "SQ8 " + function + " d=" + dimension + " Q=" + queryCount + " k=" + k
                                            + " integral=" + integral);
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("batchDimensions")
    void searchBlocksDecryptsEachBlockAtMostOncePerCall(int dimension) {
        List<TestBlock> blocks = floatBlocks(dimension, false, new int[] {5, 9, 12});
        float[] queries = gaussian(8 * dimension);
        for (int round = 0; round < 3; round++) {
            batches().searchBlocks(DistanceFunction.SQUARED_L2, blocks, dimension, queries, 8, null, 4);
        }
        for (TestBlock block : blocks) {
            assertTrue(block.decrypts.get() <= 3, "block decrypted " + block.decrypts.get() + " times in 3 calls");
        }
    }

    @ParameterizedTest
    @MethodSource("batchDimensions")
    void assignNearestPicksTheClosestCentroid(int dimension) {
        for (boolean integral : new boolean[] {false, true}) {
            for (int k : new int[] {1, 3, 64, 100}) {
                int count = 203;
                float[] vectors = integral ? integers(count * dimension, 3) : gaussian(count * dimension);
                float[] centroids = integral ? integers(k * dimension, 3) : gaussian(k * dimension);
                int[] index = new int[count];
                float[] distance = new float[count];
                batches().assignNearest(vectors, count, dimension, centroids, k, index, distance);
                for (int v = 0; v < count; v++) {
                    int best = 0;
                    float bestScore = Float.POSITIVE_INFINITY;
                    for (int c = 0; c < k; c++) {
                        float d = SCALAR.squaredL2(vectors, v * dimension, centroids, c * dimension, dimension);
                        if (d < bestScore) {
                            bestScore = d;
                            best = c;
                        }
                    }
                    String where = "v=" + v + " k=" + k + " d=" + dimension + " integral=" + integral;
                    if (integral) {
                        assertEquals(best, index[v], where);
                        assertEquals(bestScore, distance[v], where);
                    } else {
                        double tolerance = tolerance(dimension, 4.0 * dimension);
                        float chosen = SCALAR.squaredL2(vectors, v * dimension, centroids, index[v] * dimension,
                                dimension);
                        assertEquals(chosen, distance[v], tolerance, where);
                        assertEquals(bestScore, distance[v], tolerance, where);
                    }
                }
            }
        }
    }

    /** A block held in plain arrays, counting how often it is decrypted. */
    protected static final class TestBlock implements BlockSource {
        private static final AtomicInteger SCOPES = new AtomicInteger();
        private final BlockKey key;
        final float[] rows;
        final byte[] codes;
        final int[] ids;
        final AtomicInteger decrypts = new AtomicInteger();

        TestBlock(float[] rows, byte[] codes, int[] ids) {
            this.key = new BlockKey(SCOPES.incrementAndGet(), 0, 0);
            this.rows = rows;
            this.codes = codes;
            this.ids = ids;
        }

        @Override
        public BlockKey key() {
            return key;
        }

        @Override
        public int rowCount() {
            return ids.length;
        }

        @Override
        public void decryptInto(float[] out, int[] outIds) {
            if (rows == null) {
                BlockSource.super.decryptInto(out, outIds);
            }
            decrypts.incrementAndGet();
            System.arraycopy(rows, 0, out, 0, rows.length);
            System.arraycopy(ids, 0, outIds, 0, ids.length);
        }

        @Override
        public void decryptInto(byte[] out, int[] outIds) {
            if (codes == null) {
                BlockSource.super.decryptInto(out, outIds);
            }
            decrypts.incrementAndGet();
            System.arraycopy(codes, 0, out, 0, codes.length);
            System.arraycopy(ids, 0, outIds, 0, ids.length);
        }
    }

    @FunctionalInterface
    private interface PairDistance {
        float of(int query, TestBlock block, int row);
    }

    private List<TestBlock> floatBlocks(int dimension, boolean integral, int[] rowCounts) {
        List<TestBlock> blocks = new ArrayList<>();
        int[] ids = distinctIds(Arrays.stream(rowCounts).sum());
        int next = 0;
        for (int rows : rowCounts) {
            float[] data = integral ? integers(rows * dimension, 4) : gaussian(rows * dimension);
            blocks.add(new TestBlock(data, null, Arrays.copyOfRange(ids, next, next + rows)));
            next += rows;
        }
        return blocks;
    }

    private List<TestBlock> sq8Blocks(int dimension, boolean integral, int[] rowCounts) {
        List<TestBlock> blocks = new ArrayList<>();
        int[] ids = distinctIds(Arrays.stream(rowCounts).sum());
        int next = 0;
        for (int rows : rowCounts) {
            byte[] codes = new byte[rows * dimension];
            for (int i = 0; i < codes.length; i++) {
                codes[i] = (byte) random.nextInt(integral ? 8 : 256);
            }
            blocks.add(new TestBlock(null, codes, Arrays.copyOfRange(ids, next, next + rows)));
            next += rows;
        }
        return blocks;
    }

    /** Distinct, unordered ids, so a backend cannot pass by returning row positions. */
    private int[] distinctIds(int n) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = 1_000 + 7 * i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = ids[i];
            ids[i] = ids[j];
            ids[j] = t;
        }
        return ids;
    }

    /** Each query scans a random subset of the blocks (possibly none), each block at most once. */
    private int[][] randomPlan(int queryCount, int blockCount) {
        int[][] plan = new int[queryCount][];
        for (int q = 0; q < queryCount; q++) {
            int[] chosen = new int[blockCount];
            int n = 0;
            for (int b = 0; b < blockCount; b++) {
                if (random.nextInt(3) > 0) {
                    chosen[n++] = b;
                }
            }
            plan[q] = Arrays.copyOf(chosen, n);
        }
        return plan;
    }

    private static float floatDistance(DistanceFunction function, float[] queries, int q, TestBlock block, int row,
                                       int dimension) {
        return switch (function) {
            case SQUARED_L2 -> SCALAR.squaredL2(queries, q * dimension, block.rows, row * dimension, dimension);
            case NEGATIVE_DOT -> -SCALAR.dot(queries, q * dimension, block.rows, row * dimension, dimension);
            case COSINE -> SCALAR.cosineDistance(queries, q * dimension, block.rows, row * dimension, dimension);
        };
    }

    private static float sq8Distance(DistanceFunction function, float[] queries, int q, TestBlock block, int row,
                                     int dimension, float[] scale, float[] offset) {
        float[] query = Arrays.copyOfRange(queries, q * dimension, (q + 1) * dimension);
        return switch (function) {
            case SQUARED_L2 -> SCALAR.sq8SquaredL2(query, block.codes, row * dimension, scale, offset, dimension);
            case NEGATIVE_DOT -> -SCALAR.sq8Dot(query, block.codes, row * dimension, scale, offset, dimension);
            case COSINE -> 1 - SCALAR.sq8Dot(query, block.codes, row * dimension, scale, offset, dimension);
        };
    }

    /**
     * Checks every query's hits against a brute-force scan: the right count, ascending (distance,
     * id) order, distinct ids from the scanned blocks only, distances that match the scalar ones
     * and a k-th distance equal to the true k-th. Integer-valued inputs must give the exact ids.
     */
    private static void checkHits(BlockHits hits, List<TestBlock> blocks, int[][] plan, int queryCount, int k,
                                  boolean integral, int dimension, PairDistance distance, String where) {
        assertEquals(queryCount, hits.queryCount(), where);
        double tolerance = tolerance(dimension, 8.0 * dimension);
        for (int q = 0; q < queryCount; q++) {
            List<long[]> all = new ArrayList<>();
            java.util.Map<Integer, Float> exact = new java.util.HashMap<>();
            int[] scanned = plan == null ? java.util.stream.IntStream.range(0, blocks.size()).toArray() : plan[q];
            for (int b : scanned) {
                TestBlock block = blocks.get(b);
                for (int r = 0; r < block.rowCount(); r++) {
                    float d = distance.of(q, block, r);
                    exact.put(block.ids[r], d);
                    all.add(new long[] {Float.floatToIntBits(d), block.ids[r]});
                }
            }
            all.sort((x, y) -> {
                int c = Float.compare(Float.intBitsToFloat((int) x[0]), Float.intBitsToFloat((int) y[0]));
                return c != 0 ? c : Long.compare(x[1], y[1]);
            });
            int expectedCount = Math.min(k, all.size());
            String at = where + " q=" + q;
            assertEquals(expectedCount, hits.count(q), at);
            java.util.Set<Integer> seen = new java.util.HashSet<>();
            for (int i = 0; i < expectedCount; i++) {
                int id = hits.id(q, i);
                float d = hits.distance(q, i);
                assertTrue(exact.containsKey(id), at + ": id " + id + " is not in a scanned block");
                assertTrue(seen.add(id), at + ": id " + id + " returned twice");
                if (i > 0) {
                    assertTrue(hits.distance(q, i - 1) <= d, at + ": hits out of order at rank " + i);
                }
                if (integral) {
                    assertEquals((int) all.get(i)[1], id, at + " rank " + i);
                    assertEquals(Float.intBitsToFloat((int) all.get(i)[0]), d, at + " rank " + i);
                } else {
                    assertEquals(exact.get(id), d, tolerance, at + " rank " + i);
                }
            }
            if (expectedCount > 0 && !integral) {
                float kth = Float.intBitsToFloat((int) all.get(expectedCount - 1)[0]);
                assertEquals(kth, hits.distance(q, expectedCount - 1), tolerance, at + " k-th distance");
            }
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** One pair of inputs at odd offsets; {@code exact} when every float sum is exact. */
    protected record Inputs(float[] a, int aOff, float[] b, int bOff, int n, boolean exact) {
        @Override
        public String toString() {
            return "n=" + n + (exact ? " (integer-valued)" : " (random)") + " aOff=" + aOff + " bOff=" + bOff;
        }
    }

    private Inputs[] inputs(int n) {
        // Integers in [-8, 8]: every partial sum of products stays below 2^24 for n <= 4099,
        // so any summation order gives the same float.
        IntFunction<float[]> ints = len -> integers(len, 8);
        return new Inputs[] {
            new Inputs(gaussian(n + 3), 3, gaussian(n + 1), 1, n, false),
            new Inputs(uniform(n, -1000f, 1000f), 0, uniform(n + 7, -1000f, 1000f), 7, n, false),
            new Inputs(ints.apply(n + 2), 2, ints.apply(n), 0, n, true),
        };
    }

    private void check(String what, Inputs in, double expected, double magnitude, float actual) {
        if (in.exact()) {
            assertEquals((float) expected, actual, () -> what + " " + in);
        } else {
            assertEquals(expected, actual, tolerance(in.n(), magnitude), () -> what + " " + in);
        }
    }

    /** Float sums drift with length: allow a few ulps per term of the summed magnitude. */
    protected static double tolerance(int length, double magnitude) {
        return 1e-5 + magnitude * 4e-7 * Math.sqrt(length) * 4;
    }

    protected float[] gaussian(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) nextGaussian();
        }
        return v;
    }

    private double nextGaussian() {
        double u = random.nextDouble();
        double w = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * w);
    }

    protected float[] uniform(int n, float lo, float hi) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + (float) random.nextDouble() * (hi - lo);
        }
        return v;
    }

    protected float[] integers(int n, int bound) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextInt(-bound, bound + 1);
        }
        return v;
    }

    private static float[] filled(int n, float value) {
        float[] v = new float[n];
        java.util.Arrays.fill(v, value);
        return v;
    }
}
