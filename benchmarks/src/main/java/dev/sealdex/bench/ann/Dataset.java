package dev.sealdex.bench.ann;

/**
 * Base vectors, query vectors and (optionally) their exact neighbours, all row-major.
 *
 * @param name        a short name for tables and file names ({@code fashion-mnist}, {@code clustered}, ...)
 * @param description how it was made, for the report
 * @param base        {@code size * dimension} floats
 * @param size        base rows
 * @param dimension   components per vector
 * @param queries     {@code queryCount * dimension} floats
 * @param queryCount  query rows
 * @param truth       for each query, the base rows nearest first (at least 10), or null until computed
 * @param cacheKey    what identifies this data for the ground-truth cache, or null when it must not be cached
 */
public record Dataset(String name, String description, float[] base, int size, int dimension, float[] queries,
               int queryCount, int[][] truth, String cacheKey) {

    /** Checks the shapes. */
    public Dataset {
        if (size < 1 || dimension < 1 || queryCount < 1) {
            throw new IllegalArgumentException("a data set needs at least one base row, one query and one dimension");
        }
        if ((long) size * dimension != base.length || (long) queryCount * dimension != queries.length) {
            throw new IllegalArgumentException("data set arrays do not match " + size + " x " + dimension + " and "
                    + queryCount + " queries");
        }
        if (truth != null && truth.length != queryCount) {
            throw new IllegalArgumentException("ground truth has " + truth.length + " rows for " + queryCount
                    + " queries");
        }
    }

    /** This data set with {@code exact} as its ground truth. */
    Dataset withTruth(int[][] exact) {
        return new Dataset(name, description, base, size, dimension, queries, queryCount, exact, cacheKey);
    }

    /** The first {@code count} queries only (and their truth). */
    Dataset firstQueries(int count) {
        if (count >= queryCount) {
            return this;
        }
        float[] kept = java.util.Arrays.copyOf(queries, count * dimension);
        int[][] keptTruth = truth == null ? null : java.util.Arrays.copyOf(truth, count);
        String key = cacheKey == null ? null : cacheKey + "-q" + count;
        return new Dataset(name, description, base, size, dimension, kept, count, keptTruth, key);
    }

    /** Query {@code q} as its own array. */
    float[] query(int q) {
        return java.util.Arrays.copyOfRange(queries, q * dimension, (q + 1) * dimension);
    }
}
