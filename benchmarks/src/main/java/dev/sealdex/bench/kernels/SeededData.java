package dev.sealdex.bench.kernels;

import java.util.SplittableRandom;

/** Seeded random inputs, so every run and every backend scores the same numbers. */
final class SeededData {

    private SeededData() {
    }

    /** {@code count} floats uniform in [-1, 1). */
    static float[] floats(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return values;
    }

    /** {@code count} floats uniform in [low, high). */
    static float[] floats(int count, long seed, float low, float high) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (low + random.nextDouble() * (high - low));
        }
        return values;
    }

    /** {@code count} random bytes (all 256 code values). */
    static byte[] bytes(int count, long seed) {
        byte[] values = new byte[count];
        new SplittableRandom(seed).nextBytes(values);
        return values;
    }
}
