package dev.sealdex.engine.kernel;

import java.util.SplittableRandom;

/**
 * Runs every kernel enough times at start-up that the JIT compiles it before the first request.
 * The Vector API is interpreted, and hundreds of times slower, until C2 compiles it.
 */
public final class KernelWarmup {

    // 3,000 rounds over two dimensions took each Panama kernel past C2 compilation in
    // -XX:+PrintCompilation runs on the 2-core development machine, in well under a second.
    private static final int ROUNDS = 3_000;
    private static final int[] DIMENSIONS = {128, 768};
    private static final int ROWS = 16;
    private static final int QUERIES = 4;

    private KernelWarmup() {
    }

    /** Warms the kernels of {@code backend}; returns a checksum so the work cannot be optimised away. */
    public static double warm(KernelBackend backend) {
        return warm(backend.vectors());
    }

    /** Warms {@code kernels}; returns a checksum so the work cannot be optimised away. */
    public static double warm(VectorKernels kernels) {
        SplittableRandom random = new SplittableRandom(42);
        double checksum = 0;
        for (int dimension : DIMENSIONS) {
            float[] rows = randomFloats(random, ROWS * dimension);
            float[] queries = randomFloats(random, QUERIES * dimension);
            byte[] codes = new byte[ROWS * dimension];
            random.nextBytes(codes);
            float[] scale = randomFloats(random, dimension);
            float[] offset = randomFloats(random, dimension);
            int subquantizers = dimension / 8;
            float[] tables = randomFloats(random, QUERIES * subquantizers * 256);
            float[] out = new float[ROWS * QUERIES];
            for (int round = 0; round < ROUNDS; round++) {
                checksum += kernels.dot(rows, 0, queries, 0, dimension);
                checksum += kernels.squaredL2(rows, dimension, queries, 0, dimension);
                checksum += kernels.cosineDistance(rows, 0, queries, dimension, dimension);
                checksum += kernels.sq8SquaredL2(queries, codes, 0, scale, offset, dimension);
                checksum += kernels.sq8Dot(queries, codes, dimension, scale, offset, dimension);
                checksum += kernels.pqDistance(codes, 0, tables, 0, subquantizers, 256);
                if (round % 8 == 0) {
                    for (DistanceFunction function : DistanceFunction.values()) {
                        kernels.scoreBlock(function, rows, 0, ROWS, dimension, queries, QUERIES, out);
                        checksum += out[round % out.length];
                        kernels.scoreBlockSq8(function, codes, 0, ROWS, dimension, scale, offset, queries, QUERIES,
                                out);
                        checksum += out[round % out.length];
                    }
                    kernels.scoreBlockPq(codes, 0, ROWS, subquantizers, 256, tables, QUERIES, out);
                    checksum += out[round % out.length];
                }
            }
        }
        return checksum;
    }

    private static float[] randomFloats(SplittableRandom random, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return values;
    }
}
