package dev.sealdex.api.reliability;

import java.util.HashSet;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;

/** A fixed, clustered data set for recall checks, and its exact nearest neighbours. */
final class RecallData {

    private RecallData() {
    }

    /**
     * {@code n} vectors of {@code dimension} around {@code clusters} centres, row-major, from
     * {@code seed}; components are multiples of 1/256 so they survive JSON exactly.
     */
    static float[] clustered(int n, int dimension, int clusters, long seed) {
        SplittableRandom centres = new SplittableRandom(1234);
        float[] centre = new float[clusters * dimension];
        for (int i = 0; i < centre.length; i++) {
            centre[i] = (float) (centres.nextDouble() * 8 - 4);
        }
        SplittableRandom random = new SplittableRandom(seed);
        float[] data = new float[n * dimension];
        for (int r = 0; r < n; r++) {
            int c = random.nextInt(clusters);
            for (int i = 0; i < dimension; i++) {
                double value = centre[c * dimension + i] + random.nextGaussian() * 1.5;
                data[r * dimension + i] = Math.round(value * 256) / 256f;
            }
        }
        return data;
    }

    /** {@code n} vectors with components uniform in [-4, 4), multiples of 1/256. */
    static float[] uniform(int n, int dimension, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] data = new float[n * dimension];
        for (int i = 0; i < data.length; i++) {
            data[i] = (random.nextInt(2048) - 1024) / 256f;
        }
        return data;
    }

    /** The ids ("r" + row) of the {@code k} rows nearest (euclidean) to query {@code q}. */
    static Set<String> exactTop(float[] data, int dimension, float[] queries, int q, int k) {
        PriorityQueue<double[]> top = new PriorityQueue<>((a, b) -> Double.compare(b[0], a[0]));
        int rows = data.length / dimension;
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int i = 0; i < dimension; i++) {
                double d = data[r * dimension + i] - queries[q * dimension + i];
                sum += d * d;
            }
            top.add(new double[] {sum, r});
            if (top.size() > k) {
                top.poll();
            }
        }
        Set<String> ids = new HashSet<>();
        for (double[] entry : top) {
            ids.add("r" + (int) entry[1]);
        }
        return ids;
    }
}
