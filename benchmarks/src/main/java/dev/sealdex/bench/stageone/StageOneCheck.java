package dev.sealdex.bench.stageone;

import dev.sealdex.accel.cpu.PanamaKernelsProvider;
import dev.sealdex.bench.stageone.FastScanCodes.QuantizedLut;
import dev.sealdex.bench.stageone.FastScanKernels.Lookup;
import dev.sealdex.engine.kernel.DistanceFunction;
import dev.sealdex.engine.kernel.KernelProbe;
import dev.sealdex.engine.kernel.ScalarKernels;
import dev.sealdex.engine.kernel.VectorKernels;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The checks every {@link StageOneBenchmark} trial runs before it measures: each kernel against
 * its scalar specification on awkward sizes, so a benchmark never reports the speed of a wrong
 * answer. PQ sums are integers and must be equal; float scores must be close.
 */
final class StageOneCheck {

    /** Awkward dimensions, as in the engine's kernel contract test. */
    static final int[] DIMENSIONS = {1, 3, 7, 13, 17, 31, 33, 100, 207, 300, 702, 768, 784, 1536};
    /** Awkward sub-quantizer counts (padded to 4 in the layout) and row counts (blocks of 32). */
    static final int[] SUBQUANTIZERS = {1, 3, 7, 13, 17, 33, 100, 392, 1030};
    static final int[] ROWS = {1, 31, 33, 100};

    private StageOneCheck() {
    }

    /** The Panama kernels through their provider's probe; throws with the probe's reason if they do not load. */
    static VectorKernels panama() {
        KernelProbe probe = new PanamaKernelsProvider().probe();
        return switch (probe) {
            case KernelProbe.Loaded loaded -> loaded.kernels().vectors();
            case KernelProbe.Unavailable unavailable -> throw new IllegalStateException(
                    "Panama kernels did not load: " + unavailable.reason() + "; " + unavailable.fix());
        };
    }

    /** Runs every kernel of the benchmark over the awkward sizes; throws on the first mismatch. */
    static void awkwardSizes(VectorKernels panama) {
        awkwardSq8(panama);
        awkwardSq4();
        awkwardPq4();
    }

    /** Today's SQ8 kernel over the awkward dimensions (3 rows each). */
    static void awkwardSq8(VectorKernels panama) {
        SplittableRandom random = new SplittableRandom(17);
        for (int d : DIMENSIONS) {
            int rows = 3;
            float[] query = floats(random, d, -1f, 1f);
            float[] scale = floats(random, d, 0.001f, 0.1f);
            float[] offset = floats(random, d, -1f, 0f);
            sq8(panama, bytes(random, rows * d), 0, rows, d, scale, offset, query);
        }
    }

    /** The SQ4 packing and kernel over the awkward dimensions (3 rows each). */
    static void awkwardSq4() {
        SplittableRandom random = new SplittableRandom(19);
        for (int d : DIMENSIONS) {
            int rows = 3;
            float[] query = floats(random, d, -1f, 1f);
            float[] scale = floats(random, d, 0.001f, 0.1f);
            float[] offset = floats(random, d, -1f, 0f);
            byte[] codes = new byte[rows * d];
            for (int i = 0; i < codes.length; i++) {
                codes[i] = (byte) random.nextInt(16);
            }
            byte[] sq4 = Sq4Codes.pack(codes, rows, d);
            sq4(sq4, 0, rows, d, scale, offset, query);
            checkSq4Decode(codes, sq4, rows, d, scale, offset, query);
        }
    }

    /** The PQ4 packing, tables and every lookup formulation over awkward sub-quantizer and row counts. */
    static void awkwardPq4() {
        SplittableRandom random = new SplittableRandom(23);
        for (int m : SUBQUANTIZERS) {
            for (int rows : ROWS) {
                byte[] codes = new byte[rows * m];
                for (int i = 0; i < codes.length; i++) {
                    codes[i] = (byte) random.nextInt(16);
                }
                int sub = 2;
                float[] query = floats(random, m * sub, -1f, 1f);
                float[] centroids = floats(random, m * FastScanCodes.CENTROIDS * sub, -1f, 1f);
                float[] tables = FastScanCodes.distanceTables(query, centroids, m * sub, m);
                QuantizedLut lut = FastScanCodes.quantize(tables, m);
                sameLut(lut, FastScanTables.build(query, FastScanCodes.byDimension(centroids, m, sub), m * sub, m));
                byte[] packed = FastScanCodes.pack(codes, rows, m);
                float[] expected = pq4(packed, 0, FastScanCodes.blocks(rows), lut);
                for (int r = 0; r < rows; r++) {
                    // The specification itself: a row's byte sum stands for its float distance
                    // within half a quantisation step per sub-quantizer.
                    float exact = 0f;
                    for (int j = 0; j < m; j++) {
                        exact += tables[j * FastScanCodes.CENTROIDS + codes[r * m + j]];
                    }
                    float allowed = m * 0.5f / lut.scale() + 1e-4f * (1f + Math.abs(exact));
                    if (!(Math.abs(expected[r] - exact) <= allowed)) {
                        throw new IllegalStateException("pq4 m=" + m + " row " + r + ": table sum " + expected[r]
                                + " but float distance " + exact);
                    }
                }
            }
        }
    }

    /** Panama {@code scoreBlockSq8} (SQUARED_L2, one query) against the scalar kernels. */
    static void sq8(VectorKernels panama, byte[] codes, int offsetBytes, int rows, int d, float[] scale,
                    float[] offset, float[] query) {
        float[] expected = new float[rows];
        float[] actual = new float[rows];
        ScalarKernels.INSTANCE.scoreBlockSq8(DistanceFunction.SQUARED_L2, codes, offsetBytes, rows, d, scale, offset,
                query, 1, expected);
        panama.scoreBlockSq8(DistanceFunction.SQUARED_L2, codes, offsetBytes, rows, d, scale, offset, query, 1,
                actual);
        close("sq8 d=" + d, expected, actual, d);
    }

    /** Panama SQ4 against its scalar specification. */
    static void sq4(byte[] packed, int from, int rows, int d, float[] scale, float[] offset, float[] query) {
        float[] expected = new float[rows];
        float[] actual = new float[rows];
        Sq4Codes.scoreScalar(packed, from, rows, d, scale, offset, query, expected);
        Sq4Codes.scorePanama(packed, from, rows, d, scale, offset, query, actual);
        close("sq4 d=" + d, expected, actual, d);
    }

    /** Every PQ4 formulation against the scalar specification (equal sums); returns the expected scores. */
    static float[] pq4(byte[] packed, int offset, int blocks, QuantizedLut lut) {
        float[] expected = new float[blocks * FastScanCodes.BLOCK_ROWS];
        FastScanCodes.scoreScalar(packed, offset, blocks, lut, expected);
        for (Lookup lookup : Lookup.values()) {
            float[] actual = new float[expected.length];
            FastScanKernels.score128(packed, offset, blocks, lut, actual, lookup);
            equal("pq4 128-bit " + lookup + " m=" + lut.subquantizers(), expected, actual);
            actual = new float[expected.length];
            FastScanKernels.score512(packed, offset, blocks, lut, actual, lookup);
            equal("pq4 512-bit " + lookup + " m=" + lut.subquantizers(), expected, actual);
        }
        return expected;
    }

    /** Throws unless the Panama tables equal the scalar ones, byte for byte, scale and bias included. */
    static void sameLut(QuantizedLut expected, QuantizedLut actual) {
        if (!Arrays.equals(expected.table(), actual.table())
                || Float.compare(expected.scale(), actual.scale()) != 0
                || Float.compare(expected.bias(), actual.bias()) != 0) {
            throw new IllegalStateException("pq4 Panama tables differ from the scalar ones, m="
                    + expected.subquantizers());
        }
    }

    /** The packed SQ4 row decodes to the codes it was packed from (the scalar scoring reads the packing). */
    private static void checkSq4Decode(byte[] codes, byte[] packed, int rows, int d, float[] scale, float[] offset,
                                       float[] query) {
        float[] scored = new float[rows];
        Sq4Codes.scoreScalar(packed, 0, rows, d, scale, offset, query, scored);
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int i = 0; i < d; i++) {
                double diff = query[i] - (offset[i] + scale[i] * codes[r * d + i]);
                sum += diff * diff;
            }
            close("sq4 packing d=" + d, new float[] {(float) sum}, new float[] {scored[r]}, d);
        }
    }

    /** Throws unless each {@code actual} is within a length-scaled tolerance of {@code expected}. */
    static void close(String what, float[] expected, float[] actual, int length) {
        for (int i = 0; i < expected.length; i++) {
            float tolerance = 1e-5f * length * (1f + Math.abs(expected[i]));
            if (!(Math.abs(expected[i] - actual[i]) <= tolerance)) {
                throw new IllegalStateException(what + " [" + i + "]: expected " + expected[i] + " but got "
                        + actual[i] + " (tolerance " + tolerance + ")");
            }
        }
    }

    private static void equal(String what, float[] expected, float[] actual) {
        for (int i = 0; i < expected.length; i++) {
            if (Float.compare(expected[i], actual[i]) != 0) {
                throw new IllegalStateException(what + " [" + i + "]: expected " + expected[i] + " but got "
                        + actual[i]);
            }
        }
    }

    static float[] floats(SplittableRandom random, int count, float low, float high) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (low + random.nextDouble() * (high - low));
        }
        return values;
    }

    static byte[] bytes(SplittableRandom random, int count) {
        byte[] values = new byte[count];
        random.nextBytes(values);
        return values;
    }
}
