package dev.sealdex.bench.ann;

import dev.sealdex.engine.model.IndexConfig;
import dev.sealdex.engine.model.IndexKind;
import dev.sealdex.engine.model.Metric;
import dev.sealdex.engine.model.StoragePrecision;

/**
 * One Sealdex index configuration under test.
 *
 * @param kind      the index kind
 * @param metric    the metric
 * @param precision how rerank vectors are stored
 * @param pqDim     PQ sub-quantizers (ivfpq only)
 * @param pqBits    bits per PQ code (ivfpq only)
 * @param sqBits    bits per SQ component (ivfsq only)
 */
record IndexSpec(IndexKind kind, Metric metric, StoragePrecision precision, int pqDim, int pqBits, int sqBits) {

    /**
     * The kinds and quantizer settings asked for on the command line, before the dimension is known.
     *
     * @param kinds     index kinds in the order to run
     * @param metric    the metric
     * @param precision rerank vector storage
     * @param pqDim     PQ sub-quantizers, 0 = {@link #defaultPqDim}
     * @param pqBits    bits per PQ code
     * @param sqBits    bits per SQ component
     */
    record Choice(java.util.List<IndexKind> kinds, Metric metric, StoragePrecision precision, int pqDim, int pqBits,
                  int sqBits) {

        /** The specs for data of {@code dimension}. */
        java.util.List<IndexSpec> specs(int dimension) {
            int pq = pqDim > 0 ? pqDim : defaultPqDim(dimension);
            return kinds.stream().map(kind -> of(kind, metric, precision, pq, pqBits, sqBits)).toList();
        }
    }

    /** The spec for {@code kind} with the harness's PQ/SQ settings; PQ/SQ fields are zeroed where they do not apply. */
    static IndexSpec of(IndexKind kind, Metric metric, StoragePrecision precision, int pqDim, int pqBits, int sqBits) {
        return new IndexSpec(kind, metric, precision, kind == IndexKind.IVF_PQ ? pqDim : 0,
                kind == IndexKind.IVF_PQ ? pqBits : 0, kind == IndexKind.IVF_SQ ? sqBits : 0);
    }

    /**
     * The default {@code pq_dim} for {@code dimension}: the largest divisor of the dimension not above
     * max(8, d/8), so sub-vectors are 8-d where the dimension allows and there are at least 8 codes
     * per vector. Narrower sub-vectors (d/4) train on the scalar fallback: the Panama
     * {@code scoreBlock} hands dimensions below its lane count (8 at 256 bits) to the scalar kernels,
     * and PQ training on Fashion-MNIST with pq_dim 196 had not finished after 15 minutes on the
     * 2-core machine (98 took 6 minutes). Fewer than 8 codes is too coarse for the rerank to recover:
     * 4 codes per 32-d vector plateaued at recall@10 0.91.
     */
    static int defaultPqDim(int dimension) {
        int target = Math.min(dimension, Math.max(8, dimension / 8));
        for (int candidate = target; candidate > 1; candidate--) {
            if (dimension % candidate == 0) {
                return candidate;
            }
        }
        return 1;
    }

    /** The engine configuration for {@code dimension}. */
    IndexConfig config(int dimension) {
        return new IndexConfig(dimension, metric, kind, precision, pqDim, pqBits, sqBits,
                kind != IndexKind.IVF_SQ8_RERANK);
    }

    /** A short label: {@code ivf}, {@code ivfflat}, {@code ivfpq(196x8)}, {@code ivfsq(8)}. */
    String label() {
        return switch (kind) {
            case IVF_PQ -> "ivfpq(" + pqDim + "x" + pqBits + ")";
            case IVF_SQ -> "ivfsq(" + sqBits + ")";
            default -> kind.legacyName();
        };
    }

    /**
     * The bytes the index must keep per vector: its stage-1 code plus the rerank vector at storage
     * precision (what the memory target compares the heap against).
     */
    long rawBytesPerVector(int dimension) {
        long code = switch (kind) {
            case IVF_SQ8_RERANK -> dimension;
            case IVF_FLAT -> 4L * dimension;
            // The engine keeps one byte per sub-quantizer whatever pq_bits is.
            case IVF_PQ -> pqDim;
            case IVF_SQ -> (long) dimension * sqBits / 8;
        };
        return code + (long) dimension * precision.bytesPerComponent();
    }
}
