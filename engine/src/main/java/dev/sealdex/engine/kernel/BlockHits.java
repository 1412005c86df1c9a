package dev.sealdex.engine.kernel;

import java.util.Objects;

/**
 * The per-query top-k of a batch search: for query {@code q}, {@link #count(int)} hits sorted by
 * ascending distance, ties broken by ascending id, stored at {@code q * k ...} in {@link #ids()}
 * and {@link #distances()}.
 *
 * @param queryCount queries in the batch
 * @param k          hits kept per query at most
 * @param counts     hits found per query ({@code <= k}; fewer when the query scanned fewer rows)
 * @param ids        row ids, {@code queryCount * k}, as the blocks' {@code decryptInto} gave them
 * @param distances  distances (smaller is closer), {@code queryCount * k}
 */
public record BlockHits(int queryCount, int k, int[] counts, int[] ids, float[] distances) {

    /** Checks the shape. */
    public BlockHits {
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(distances, "distances");
        if (counts.length != queryCount || ids.length != queryCount * k || distances.length != queryCount * k) {
            throw new IllegalArgumentException("hit arrays do not match " + queryCount + " queries x k=" + k);
        }
    }

    /** Hits found for query {@code q}. */
    public int count(int q) {
        return counts[q];
    }

    /** The id of query {@code q}'s {@code rank}-th hit. */
    public int id(int q, int rank) {
        return ids[q * k + rank];
    }

    /** The distance of query {@code q}'s {@code rank}-th hit. */
    public float distance(int q, int rank) {
        return distances[q * k + rank];
    }
}
