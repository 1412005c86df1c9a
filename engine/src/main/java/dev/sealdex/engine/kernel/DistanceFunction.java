package dev.sealdex.engine.kernel;

/**
 * What a bulk scoring call computes for each (query, row) pair. Smaller is always closer, so
 * the search loop can keep the smallest values whatever the metric.
 */
public enum DistanceFunction {
    /** Squared Euclidean distance, {@code sum((q - x)^2)}. */
    SQUARED_L2,
    /** Negated inner product, {@code -sum(q * x)}; for unit vectors this ranks as cosine does. */
    NEGATIVE_DOT,
    /** Cosine distance, {@code 1 - cos(q, x)}, in [0, 2]; zero-length vectors score 1. */
    COSINE
}
