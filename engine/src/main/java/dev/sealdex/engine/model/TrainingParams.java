package dev.sealdex.engine.model;

/**
 * What {@code POST /v1/indexes/train} passes down, with CyborgDB's defaults.
 *
 * @param lists        lists to build; 0 = automatic, {@code 2^round(log2(sqrt(n)))} capped at 65,536
 * @param batchSize    vectors assigned per k-means task ({@code batch_size}, default 2048)
 * @param maxIterations k-means iterations at most ({@code max_iters}, default 100)
 * @param tolerance    k-means stops when the objective improves by less than this fraction (default 1e-6)
 * @param minVectors   below this many vectors training is skipped (CyborgDB: 10,000)
 * @param seed         seed for sampling and k-means
 */
public record TrainingParams(int lists, int batchSize, int maxIterations, double tolerance, int minVectors,
                             long seed) {

    /** CyborgDB's training floor. */
    public static final int MIN_VECTORS = 10_000;
    /** The most lists an index may have. */
    public static final int MAX_LISTS = 65_536;

    /** Validates the parameters. */
    public TrainingParams {
        if (lists < 0 || lists > MAX_LISTS) {
            throw new IllegalArgumentException("n_lists must be between 1 and " + MAX_LISTS + ", got " + lists);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch_size must be positive, got " + batchSize);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("max_iters must be positive, got " + maxIterations);
        }
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("tolerance must be a non-negative number, got " + tolerance);
        }
    }

    /** CyborgDB's defaults: automatic lists, batch 2048, 100 iterations, tolerance 1e-6. */
    public static TrainingParams defaults() {
        return new TrainingParams(0, 2048, 100, 1e-6, MIN_VECTORS, 42);
    }

    /** The automatic list count for {@code vectors} rows. */
    public static int automaticLists(long vectors) {
        if (vectors < 4) {
            return 1;
        }
        double exponent = Math.round(Math.log(Math.sqrt(vectors)) / Math.log(2));
        return (int) Math.min(MAX_LISTS, Math.max(1, 1L << (long) exponent));
    }
}
