package dev.sealdex.engine.model;

/**
 * What an index was created with. Immutable once created, except the dimension, which the first
 * upsert fixes when it was not given.
 *
 * @param dimension  vector length, or 0 until the first upsert fixes it
 * @param metric     the distance reported
 * @param kind       stage-1 coding of the lists
 * @param precision  how rerank vectors are stored
 * @param pqDim      PQ sub-quantizers ({@link IndexKind#IVF_PQ} only, else 0)
 * @param pqBits     bits per PQ code, 1..8 ({@link IndexKind#IVF_PQ} only, else 0)
 * @param sqBits     bits per SQ component, 8 or 16 ({@link IndexKind#IVF_SQ} only, else 0)
 * @param legacy     whether the index was created with a {@code <=0.16} {@code index_config}
 */
public record IndexConfig(int dimension, Metric metric, IndexKind kind, StoragePrecision precision, int pqDim,
                          int pqBits, int sqBits, boolean legacy) {

    /** The largest dimension an index accepts. */
    public static final int MAX_DIMENSION = 16_384;

    /** Validates the combination; messages name the field as the API spells it. */
    public IndexConfig {
        if (dimension < 0 || dimension > MAX_DIMENSION) {
            throw new IllegalArgumentException("dimension must be between 1 and " + MAX_DIMENSION + ", got "
                    + dimension);
        }
        if (kind == IndexKind.IVF_PQ) {
            if (pqBits < 1 || pqBits > 8) {
                throw new IllegalArgumentException("pq_bits must be between 1 and 8, got " + pqBits);
            }
            if (pqDim < 1) {
                throw new IllegalArgumentException("pq_dim must be at least 1, got " + pqDim);
            }
            if (dimension > 0) {
                checkPqDim(dimension, pqDim);
            }
        } else if (pqDim != 0 || pqBits != 0) {
            throw new IllegalArgumentException("pq_dim and pq_bits apply only to ivfpq indexes");
        }
        if (kind == IndexKind.IVF_SQ) {
            if (sqBits != 8 && sqBits != 16) {
                throw new IllegalArgumentException("sq_bits must be 8 or 16, got " + sqBits);
            }
        } else if (sqBits != 0) {
            throw new IllegalArgumentException("sq_bits applies only to ivfsq indexes");
        }
    }

    /** The 0.17 index with the given dimension (0 = fixed by the first upsert), metric and precision. */
    public static IndexConfig standard(int dimension, Metric metric, StoragePrecision precision) {
        return new IndexConfig(dimension, metric, IndexKind.IVF_SQ8_RERANK, precision, 0, 0, 0, false);
    }

    /** This configuration with its dimension fixed. */
    public IndexConfig withDimension(int fixed) {
        if (fixed < 1) {
            throw new IllegalArgumentException("dimension must be at least 1");
        }
        return new IndexConfig(fixed, metric, kind, precision, pqDim, pqBits, sqBits, legacy);
    }

    /** Whether the first upsert still has to fix the dimension. */
    public boolean dimensionPending() {
        return dimension == 0;
    }

    private static void checkPqDim(int dimension, int pqDim) {
        if (pqDim > dimension || dimension % pqDim != 0) {
            throw new IllegalArgumentException("pq_dim must divide the dimension " + dimension + ", got " + pqDim);
        }
    }
}
