package dev.sealdex.engine.quant;

import dev.sealdex.engine.model.EngineResources;
import dev.sealdex.engine.kernel.Kernels;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Lloyd's k-means with a k-means++ start on a subsample, squared-L2 assignment through the kernel
 * backend, parallel assignment in chunks of {@code batchSize} vectors, and empty-cluster repair by
 * splitting the largest cluster (as FAISS does).
 */
public final class KMeans {

    /** Receives progress after each iteration. */
    @FunctionalInterface
    public interface Progress {
        /** {@code iteration} of at most {@code maxIterations} finished. */
        void iteration(int iteration, int maxIterations);
    }

    /**
     * Training parameters, as {@code POST /v1/indexes/train} names them.
     *
     * @param k             number of centroids
     * @param maxIterations Lloyd iterations at most ({@code max_iters})
     * @param tolerance     stop when the objective improves by less than this fraction ({@code tolerance})
     * @param batchSize     vectors assigned per parallel task ({@code batch_size})
     * @param seed          random seed for the start and for repairs
     */
    public record Params(int k, int maxIterations, double tolerance, int batchSize, long seed) {
        /** Validates the parameters. */
        public Params {
            if (k < 1) {
                throw new IllegalArgumentException("k must be positive");
            }
            if (maxIterations < 1) {
                throw new IllegalArgumentException("max_iters must be positive");
            }
            if (!(tolerance >= 0)) {
                throw new IllegalArgumentException("tolerance must not be negative");
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch_size must be positive");
            }
        }
    }

    /** k-means++ seeds from at most this many points per centroid: enough for a good start, cheap. */
    private static final int SEED_SAMPLE_PER_CENTROID = 16;

    private final Kernels kernels;
    private final ExecutorService executor;
    private final int parallelism;

    /** Runs on {@code kernels}, spreading assignment over {@code parallelism} tasks of {@code executor}. */
    public KMeans(Kernels kernels, ExecutorService executor, int parallelism) {
        this.kernels = kernels;
        this.executor = executor;
        this.parallelism = Math.max(1, parallelism);
    }

    /**
     * Trains {@code params.k()} centroids on {@code count} rows of {@code data} (row-major) and
     * returns them ({@code k * dimension} floats). Needs {@code count >= k}.
     */
    public float[] train(float[] data, int count, int dimension, Params params, Progress progress) {
        int k = params.k();
        if (count < k) {
            throw new IllegalArgumentException("k-means needs at least k=" + k + " vectors, got " + count);
        }
        SplittableRandom random = new SplittableRandom(params.seed());
        float[] centroids = seed(data, count, dimension, k, random);
        int[] assignment = new int[count];
        float[] distances = new float[count];
        double previous = Double.POSITIVE_INFINITY;
        for (int iteration = 1; iteration <= params.maxIterations(); iteration++) {
            double objective = assign(data, count, dimension, centroids, k, params.batchSize(), assignment,
                    distances);
            recompute(data, count, dimension, centroids, k, assignment, distances, random);
            progress.iteration(iteration, params.maxIterations());
            if (previous - objective <= params.tolerance() * Math.max(objective, Double.MIN_NORMAL)) {
                break;
            }
            previous = objective;
        }
        return centroids;
    }

    /**
     * Assigns each of {@code count} rows to its nearest centroid (squared L2), writing the index and
     * the squared distance; returns the sum of distances.
     */
    public double assign(float[] data, int count, int dimension, float[] centroids, int k, int batchSize,
                         int[] assignment, float[] distances) {
        if (kernels.offloadsTraining()) {
            // One coarse call for every vector: the accelerator tiles vectors x centroids itself.
            kernels.assignNearest(data, count, dimension, centroids, k, assignment, distances);
            double total = 0;
            for (int i = 0; i < count; i++) {
                total += distances[i];
            }
            return total;
        }
        int chunk = Math.max(1, Math.min(batchSize, ceilDiv(count, parallelism)));
        List<Future<Double>> parts = new ArrayList<>();
        for (int start = 0; start < count; start += chunk) {
            int from = start;
            int to = Math.min(count, start + chunk);
            parts.add(executor.submit(() -> kernels.assignNearestRange(data, from, to, dimension, centroids, k,
                    assignment, distances)));
        }
        double total = 0;
        for (Future<Double> part : parts) {
            total += EngineResources.join(part, "k-means");
        }
        return total;
    }

    private float[] seed(float[] data, int count, int dimension, int k, SplittableRandom random) {
        int sampleSize = (int) Math.min(count, (long) k * SEED_SAMPLE_PER_CENTROID);
        int[] sample = sampleIndices(count, sampleSize, random);
        float[] centroids = new float[k * dimension];
        float[] nearest = new float[sampleSize];
        java.util.Arrays.fill(nearest, Float.POSITIVE_INFINITY);
        int first = sample[random.nextInt(sampleSize)];
        System.arraycopy(data, first * dimension, centroids, 0, dimension);
        for (int c = 1; c < k; c++) {
            double sum = 0;
            int previous = (c - 1) * dimension;
            for (int s = 0; s < sampleSize; s++) {
                float d = kernels.squaredL2(data, sample[s] * dimension, centroids, previous, dimension);
                if (d < nearest[s]) {
                    nearest[s] = d;
                }
                sum += nearest[s];
            }
            int chosen = sample[random.nextInt(sampleSize)];
            if (sum > 0) {
                double target = random.nextDouble() * sum;
                for (int s = 0; s < sampleSize; s++) {
                    target -= nearest[s];
                    if (target <= 0) {
                        chosen = sample[s];
                        break;
                    }
                }
            }
            System.arraycopy(data, chosen * dimension, centroids, c * dimension, dimension);
        }
        return centroids;
    }

    private static void recompute(float[] data, int count, int dimension, float[] centroids, int k, int[] assignment,
                                  float[] distances, SplittableRandom random) {
        double[] sums = new double[k * dimension];
        int[] sizes = new int[k];
        for (int r = 0; r < count; r++) {
            int c = assignment[r];
            sizes[c]++;
            int base = r * dimension;
            int target = c * dimension;
            for (int i = 0; i < dimension; i++) {
                sums[target + i] += data[base + i];
            }
        }
        for (int c = 0; c < k; c++) {
            if (sizes[c] > 0) {
                for (int i = 0; i < dimension; i++) {
                    centroids[c * dimension + i] = (float) (sums[c * dimension + i] / sizes[c]);
                }
            }
        }
        // Empty clusters: split the largest cluster in two around its centroid.
        for (int c = 0; c < k; c++) {
            if (sizes[c] != 0) {
                continue;
            }
            int largest = 0;
            for (int j = 1; j < k; j++) {
                if (sizes[j] > sizes[largest]) {
                    largest = j;
                }
            }
            if (sizes[largest] < 2) {
                // Every point has its own centroid already: park this one on the farthest point.
                int far = 0;
                for (int r = 1; r < count; r++) {
                    if (distances[r] > distances[far]) {
                        far = r;
                    }
                }
                System.arraycopy(data, far * dimension, centroids, c * dimension, dimension);
                distances[far] = 0;
                continue;
            }
            for (int i = 0; i < dimension; i++) {
                float value = centroids[largest * dimension + i];
                float nudge = (float) (1e-4 * (random.nextDouble() - 0.5) * (Math.abs(value) + 1e-3));
                centroids[c * dimension + i] = value + nudge;
                centroids[largest * dimension + i] = value - nudge;
            }
            sizes[c] = sizes[largest] / 2;
            sizes[largest] -= sizes[c];
        }
    }

    /** {@code size} distinct indices from {@code [0, count)} (partial Fisher-Yates on a copy when small). */
    public static int[] sampleIndices(int count, int size, SplittableRandom random) {
        if (size >= count) {
            int[] all = new int[count];
            for (int i = 0; i < count; i++) {
                all[i] = i;
            }
            return all;
        }
        // Floyd's algorithm: exactly `size` distinct values without an array of `count`.
        java.util.HashSet<Integer> chosen = new java.util.HashSet<>(size * 2);
        for (int j = count - size; j < count; j++) {
            int t = random.nextInt(j + 1);
            if (!chosen.add(t)) {
                chosen.add(j);
            }
        }
        int[] result = new int[size];
        int i = 0;
        for (int value : chosen) {
            result[i++] = value;
        }
        java.util.Arrays.sort(result);
        return result;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

}
