package dev.sealdex.accel.cpu;

import dev.sealdex.engine.kernel.DistanceFunction;
import dev.sealdex.engine.kernel.ScalarKernels;
import dev.sealdex.engine.kernel.VectorKernels;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Every kernel, written with the Panama Vector API, in the shape of Lucene's
 * {@code PanamaVectorUtilSupport}: the species is chosen once, then each loop runs an unrolled
 * vector body, a one-vector tail, and a scalar tail.
 *
 * <p>Arguments are not checked here; {@code engine.kernel.Kernels} checks them once.
 */
final class PanamaKernels implements VectorKernels {

    /** The widest float species the CPU runs natively (256 bits on AVX2, 512 on AVX-512). */
    static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    /** Ints of the same width, for widening SQ8 codes. */
    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, FLOATS.vectorShape());
    /** As many bytes as {@link #FLOATS} has lanes (64 bits for 8 lanes). */
    private static final VectorSpecies<Byte> CODE_BYTES =
            VectorSpecies.of(byte.class, VectorShape.forBitSize(FLOATS.length() * Byte.SIZE));
    private static final int LANES = FLOATS.length();
    // Pairwise kernels go vector from one full vector up. At 16 floats the vector path took
    // 8.7 ns against 13.1 ns for Lucene's "more than two vectors" threshold (all scalar there);
    // at 13 floats they tied (12.3 vs 11.6 ns, inside the noise). CPU time, 2-core Zen 3, AVX2.
    private static final int MIN_VECTOR_LENGTH = LANES;

    private final String name = "panama-" + FLOATS.vectorBitSize();

    @Override
    public String name() {
        return name;
    }

    // ---- pairwise float distances --------------------------------------------------------------

    @Override
    public float dot(float[] a, int aOffset, float[] b, int bOffset, int length) {
        int i = 0;
        float sum = 0f;
        if (length >= MIN_VECTOR_LENGTH) {
            i = FLOATS.loopBound(length);
            sum = dotBody(a, aOffset, b, bOffset, i);
        }
        for (; i < length; i++) {
            sum = Math.fma(a[aOffset + i], b[bOffset + i], sum);
        }
        return sum;
    }

    /**
     * The vector part of {@link #dot}: {@code limit} is a multiple of the lane count.
     *
     * <p>Four accumulators, as in Lucene: they cover the FMA latency (4 cycles, 2 ports on
     * Zen 3). Measured at d=128 / 768 (ns, CPU time, 2-core Zen 3): two accumulators 10.8 / 52.4,
     * four 11.0 / 54.8 (a tie here; kept at four, as Lucene does), eight
     * 27.1 / 76.3 (C2 unrolls further on top and runs out of the 16 AVX2 registers).
     */
    private static float dotBody(float[] a, int aOffset, float[] b, int bOffset, int limit) {
        FloatVector acc1 = FloatVector.zero(FLOATS);
        FloatVector acc2 = FloatVector.zero(FLOATS);
        FloatVector acc3 = FloatVector.zero(FLOATS);
        FloatVector acc4 = FloatVector.zero(FLOATS);
        int i = 0;
        for (int unrolledLimit = limit - 3 * LANES; i < unrolledLimit; i += 4 * LANES) {
            acc1 = fv(a, aOffset + i).fma(fv(b, bOffset + i), acc1);
            acc2 = fv(a, aOffset + i + LANES).fma(fv(b, bOffset + i + LANES), acc2);
            acc3 = fv(a, aOffset + i + 2 * LANES).fma(fv(b, bOffset + i + 2 * LANES), acc3);
            acc4 = fv(a, aOffset + i + 3 * LANES).fma(fv(b, bOffset + i + 3 * LANES), acc4);
        }
        for (; i < limit; i += LANES) {
            acc1 = fv(a, aOffset + i).fma(fv(b, bOffset + i), acc1);
        }
        return acc1.add(acc2).add(acc3.add(acc4)).reduceLanes(VectorOperators.ADD);
    }

    @Override
    public float squaredL2(float[] a, int aOffset, float[] b, int bOffset, int length) {
        int i = 0;
        float sum = 0f;
        if (length >= MIN_VECTOR_LENGTH) {
            i = FLOATS.loopBound(length);
            sum = squaredL2Body(a, aOffset, b, bOffset, i);
        }
        for (; i < length; i++) {
            float d = a[aOffset + i] - b[bOffset + i];
            sum = Math.fma(d, d, sum);
        }
        return sum;
    }

    /**
     * The vector part of {@link #squaredL2}: {@code limit} is a multiple of the lane count.
     *
     * <p>Each difference is squared right after it is taken, and the body is its own method, as
     * in Lucene. The earlier version (one method, four subtractions ahead of four FMAs) measured
     * 31.1 ns at d=128 and 90.3 ns at d=768 against 13.7 and 64.1 ns for this one (CPU time,
     * median of four forks each, 2-core Zen 3), and lost to Lucene's {@code squareDistance}.
     */
    private static float squaredL2Body(float[] a, int aOffset, float[] b, int bOffset, int limit) {
        FloatVector acc1 = FloatVector.zero(FLOATS);
        FloatVector acc2 = FloatVector.zero(FLOATS);
        FloatVector acc3 = FloatVector.zero(FLOATS);
        FloatVector acc4 = FloatVector.zero(FLOATS);
        int i = 0;
        for (int unrolledLimit = limit - 3 * LANES; i < unrolledLimit; i += 4 * LANES) {
            FloatVector d1 = fv(a, aOffset + i).sub(fv(b, bOffset + i));
            acc1 = d1.fma(d1, acc1);
            FloatVector d2 = fv(a, aOffset + i + LANES).sub(fv(b, bOffset + i + LANES));
            acc2 = d2.fma(d2, acc2);
            FloatVector d3 = fv(a, aOffset + i + 2 * LANES).sub(fv(b, bOffset + i + 2 * LANES));
            acc3 = d3.fma(d3, acc3);
            FloatVector d4 = fv(a, aOffset + i + 3 * LANES).sub(fv(b, bOffset + i + 3 * LANES));
            acc4 = d4.fma(d4, acc4);
        }
        for (; i < limit; i += LANES) {
            FloatVector d = fv(a, aOffset + i).sub(fv(b, bOffset + i));
            acc1 = d.fma(d, acc1);
        }
        return acc1.add(acc2).add(acc3.add(acc4)).reduceLanes(VectorOperators.ADD);
    }

    @Override
    public float cosineDistance(float[] a, int aOffset, float[] b, int bOffset, int length) {
        int i = 0;
        float dot = 0f;
        float normA = 0f;
        float normB = 0f;
        if (length >= MIN_VECTOR_LENGTH) {
            int limit = FLOATS.loopBound(length);
            FloatVector dot1 = FloatVector.zero(FLOATS);
            FloatVector dot2 = FloatVector.zero(FLOATS);
            FloatVector normA1 = FloatVector.zero(FLOATS);
            FloatVector normA2 = FloatVector.zero(FLOATS);
            FloatVector normB1 = FloatVector.zero(FLOATS);
            FloatVector normB2 = FloatVector.zero(FLOATS);
            // Two vectors per step: six FMA chains already cover the latency (Lucene's choice).
            // FMAs next to their loads measured 105 ns at d=768 against 115 ns for the loads-first
            // order (CPU time, median of four forks, 2-core Zen 3; the fork ranges overlap).
            for (int unrolledLimit = limit - LANES; i < unrolledLimit; i += 2 * LANES) {
                FloatVector x1 = fv(a, aOffset + i);
                FloatVector y1 = fv(b, bOffset + i);
                dot1 = x1.fma(y1, dot1);
                normA1 = x1.fma(x1, normA1);
                normB1 = y1.fma(y1, normB1);
                FloatVector x2 = fv(a, aOffset + i + LANES);
                FloatVector y2 = fv(b, bOffset + i + LANES);
                dot2 = x2.fma(y2, dot2);
                normA2 = x2.fma(x2, normA2);
                normB2 = y2.fma(y2, normB2);
            }
            for (; i < limit; i += LANES) {
                FloatVector x = fv(a, aOffset + i);
                FloatVector y = fv(b, bOffset + i);
                dot1 = x.fma(y, dot1);
                normA1 = x.fma(x, normA1);
                normB1 = y.fma(y, normB1);
            }
            dot = dot1.add(dot2).reduceLanes(VectorOperators.ADD);
            normA = normA1.add(normA2).reduceLanes(VectorOperators.ADD);
            normB = normB1.add(normB2).reduceLanes(VectorOperators.ADD);
        }
        for (; i < length; i++) {
            float x = a[aOffset + i];
            float y = b[bOffset + i];
            dot = Math.fma(x, y, dot);
            normA = Math.fma(x, x, normA);
            normB = Math.fma(y, y, normB);
        }
        return ScalarKernels.cosineFromParts(dot, normA, normB);
    }

    // ---- SQ8 ------------------------------------------------------------------------------------

    @Override
    public float sq8SquaredL2(float[] query, byte[] codes, int codesOffset, float[] scale, float[] offset, int length) {
        int i = 0;
        float sum = 0f;
        if (length >= LANES) {
            FloatVector acc1 = FloatVector.zero(FLOATS);
            FloatVector acc2 = FloatVector.zero(FLOATS);
            int unrolledBound = length - length % (2 * LANES);
            for (; i < unrolledBound; i += 2 * LANES) {
                FloatVector d1 = fv(query, i).sub(decode(codes, codesOffset + i, scale, offset, i));
                FloatVector d2 = fv(query, i + LANES)
                        .sub(decode(codes, codesOffset + i + LANES, scale, offset, i + LANES));
                acc1 = d1.fma(d1, acc1);
                acc2 = d2.fma(d2, acc2);
            }
            int vectorBound = FLOATS.loopBound(length);
            for (; i < vectorBound; i += LANES) {
                FloatVector d = fv(query, i).sub(decode(codes, codesOffset + i, scale, offset, i));
                acc1 = d.fma(d, acc1);
            }
            sum = acc1.add(acc2).reduceLanes(VectorOperators.ADD);
        }
        for (; i < length; i++) {
            float d = query[i] - Math.fma(scale[i], codes[codesOffset + i] & 0xFF, offset[i]);
            sum = Math.fma(d, d, sum);
        }
        return sum;
    }

    @Override
    public float sq8Dot(float[] query, byte[] codes, int codesOffset, float[] scale, float[] offset, int length) {
        int i = 0;
        float sum = 0f;
        if (length >= LANES) {
            FloatVector acc1 = FloatVector.zero(FLOATS);
            FloatVector acc2 = FloatVector.zero(FLOATS);
            int unrolledBound = length - length % (2 * LANES);
            for (; i < unrolledBound; i += 2 * LANES) {
                acc1 = fv(query, i).fma(decode(codes, codesOffset + i, scale, offset, i), acc1);
                acc2 = fv(query, i + LANES).fma(decode(codes, codesOffset + i + LANES, scale, offset, i + LANES), acc2);
            }
            int vectorBound = FLOATS.loopBound(length);
            for (; i < vectorBound; i += LANES) {
                acc1 = fv(query, i).fma(decode(codes, codesOffset + i, scale, offset, i), acc1);
            }
            sum = acc1.add(acc2).reduceLanes(VectorOperators.ADD);
        }
        for (; i < length; i++) {
            sum = Math.fma(query[i], Math.fma(scale[i], codes[codesOffset + i] & 0xFF, offset[i]), sum);
        }
        return sum;
    }

    /** Widens {@code LANES} unsigned codes to floats. */
    private static FloatVector codesAsFloats(byte[] codes, int at) {
        return (FloatVector) ((IntVector) ByteVector.fromArray(CODE_BYTES, codes, at)
                .convertShape(VectorOperators.B2I, INTS, 0))
                .lanewise(VectorOperators.AND, 0xFF)
                .convert(VectorOperators.I2F, 0);
    }

    /** Decodes {@code LANES} SQ8 codes: {@code offset + scale * code}. */
    private static FloatVector decode(byte[] codes, int at, float[] scale, float[] offset, int dim) {
        return codesAsFloats(codes, at).fma(fv(scale, dim), fv(offset, dim));
    }

    // ---- PQ -------------------------------------------------------------------------------------

    @Override
    public float pqDistance(byte[] codes, int codesOffset, float[] table, int tableOffset, int subquantizers,
                            int centroids) {
        // Table lookups do not vectorise on AVX2 (a gather costs more than four scalar loads);
        // four partial sums give the loads independent dependency chains.
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int m = 0;
        int base = tableOffset;
        for (; m + 4 <= subquantizers; m += 4, base += 4 * centroids) {
            s0 += table[base + (codes[codesOffset + m] & 0xFF)];
            s1 += table[base + centroids + (codes[codesOffset + m + 1] & 0xFF)];
            s2 += table[base + 2 * centroids + (codes[codesOffset + m + 2] & 0xFF)];
            s3 += table[base + 3 * centroids + (codes[codesOffset + m + 3] & 0xFF)];
        }
        for (; m < subquantizers; m++, base += centroids) {
            s0 += table[base + (codes[codesOffset + m] & 0xFF)];
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public void scoreBlockPq(byte[] codes, int codesOffset, int rowCount, int subquantizers, int centroids,
                             float[] tables, int queryCount, float[] out) {
        int tableSize = subquantizers * centroids;
        for (int r = 0; r < rowCount; r++) {
            int rowCodes = codesOffset + r * subquantizers;
            for (int q = 0; q < queryCount; q++) {
                out[q * rowCount + r] = pqDistance(codes, rowCodes, tables, q * tableSize, subquantizers, centroids);
            }
        }
    }

    // ---- bulk block scoring ---------------------------------------------------------------------

    @Override
    public void scoreBlock(DistanceFunction function, float[] rows, int rowsOffset, int rowCount, int dimension,
                           float[] queries, int queryCount, float[] out) {
        if (dimension < LANES) {
            ScalarKernels.INSTANCE.scoreBlock(function, rows, rowsOffset, rowCount, dimension, queries, queryCount,
                    out);
            return;
        }
        float[] queryNorms = function == DistanceFunction.COSINE ? squaredNorms(queries, queryCount, dimension) : null;
        // Row-outer order: each row is read from memory once and scored against every query while
        // it sits in L1; four queries at a time share each loaded row vector.
        for (int r = 0; r < rowCount; r++) {
            int row = rowsOffset + r * dimension;
            float rowNorm = function == DistanceFunction.COSINE ? dot(rows, row, rows, row, dimension) : 0f;
            int q = 0;
            for (; q + 4 <= queryCount; q += 4) {
                score4(function, rows, row, dimension, queries, q, queryNorms, rowNorm, out, q * rowCount + r,
                        rowCount);
            }
            for (; q < queryCount; q++) {
                int qo = q * dimension;
                out[q * rowCount + r] = switch (function) {
                    case SQUARED_L2 -> squaredL2(queries, qo, rows, row, dimension);
                    case NEGATIVE_DOT -> -dot(queries, qo, rows, row, dimension);
                    case COSINE -> ScalarKernels.cosineFromParts(dot(queries, qo, rows, row, dimension),
                            queryNorms[q], rowNorm);
                };
            }
        }
    }

    /** Scores one row against queries {@code q .. q+3}, loading each row vector once. */
    private void score4(DistanceFunction function, float[] rows, int row, int dimension, float[] queries, int q,
                        float[] queryNorms, float rowNorm, float[] out, int outAt, int stride) {
        int q0 = q * dimension;
        int q1 = q0 + dimension;
        int q2 = q1 + dimension;
        int q3 = q2 + dimension;
        FloatVector acc0 = FloatVector.zero(FLOATS);
        FloatVector acc1 = FloatVector.zero(FLOATS);
        FloatVector acc2 = FloatVector.zero(FLOATS);
        FloatVector acc3 = FloatVector.zero(FLOATS);
        int bound = FLOATS.loopBound(dimension);
        int i = 0;
        if (function == DistanceFunction.SQUARED_L2) {
            for (; i < bound; i += LANES) {
                FloatVector x = fv(rows, row + i);
                FloatVector d0 = fv(queries, q0 + i).sub(x);
                FloatVector d1 = fv(queries, q1 + i).sub(x);
                FloatVector d2 = fv(queries, q2 + i).sub(x);
                FloatVector d3 = fv(queries, q3 + i).sub(x);
                acc0 = d0.fma(d0, acc0);
                acc1 = d1.fma(d1, acc1);
                acc2 = d2.fma(d2, acc2);
                acc3 = d3.fma(d3, acc3);
            }
        } else {
            for (; i < bound; i += LANES) {
                FloatVector x = fv(rows, row + i);
                acc0 = fv(queries, q0 + i).fma(x, acc0);
                acc1 = fv(queries, q1 + i).fma(x, acc1);
                acc2 = fv(queries, q2 + i).fma(x, acc2);
                acc3 = fv(queries, q3 + i).fma(x, acc3);
            }
        }
        float s0 = acc0.reduceLanes(VectorOperators.ADD);
        float s1 = acc1.reduceLanes(VectorOperators.ADD);
        float s2 = acc2.reduceLanes(VectorOperators.ADD);
        float s3 = acc3.reduceLanes(VectorOperators.ADD);
        for (; i < dimension; i++) {
            float x = rows[row + i];
            if (function == DistanceFunction.SQUARED_L2) {
                float d0 = queries[q0 + i] - x;
                float d1 = queries[q1 + i] - x;
                float d2 = queries[q2 + i] - x;
                float d3 = queries[q3 + i] - x;
                s0 = Math.fma(d0, d0, s0);
                s1 = Math.fma(d1, d1, s1);
                s2 = Math.fma(d2, d2, s2);
                s3 = Math.fma(d3, d3, s3);
            } else {
                s0 = Math.fma(queries[q0 + i], x, s0);
                s1 = Math.fma(queries[q1 + i], x, s1);
                s2 = Math.fma(queries[q2 + i], x, s2);
                s3 = Math.fma(queries[q3 + i], x, s3);
            }
        }
        out[outAt] = finish(function, s0, queryNorms, q, rowNorm);
        out[outAt + stride] = finish(function, s1, queryNorms, q + 1, rowNorm);
        out[outAt + 2 * stride] = finish(function, s2, queryNorms, q + 2, rowNorm);
        out[outAt + 3 * stride] = finish(function, s3, queryNorms, q + 3, rowNorm);
    }

    private static float finish(DistanceFunction function, float sum, float[] queryNorms, int q, float rowNorm) {
        return switch (function) {
            case SQUARED_L2 -> sum;
            case NEGATIVE_DOT -> -sum;
            case COSINE -> ScalarKernels.cosineFromParts(sum, queryNorms[q], rowNorm);
        };
    }

    private float[] squaredNorms(float[] queries, int queryCount, int dimension) {
        float[] norms = new float[queryCount];
        for (int q = 0; q < queryCount; q++) {
            norms[q] = dot(queries, q * dimension, queries, q * dimension, dimension);
        }
        return norms;
    }

    @Override
    public void scoreBlockSq8(DistanceFunction function, byte[] codes, int codesOffset, int rowCount, int dimension,
                              float[] scale, float[] offset, float[] queries, int queryCount, float[] out) {
        if (dimension < LANES) {
            ScalarKernels.INSTANCE.scoreBlockSq8(function, codes, codesOffset, rowCount, dimension, scale, offset,
                    queries, queryCount, out);
            return;
        }
        boolean l2 = function == DistanceFunction.SQUARED_L2;
        // Fold the per-dimension affine decode into the queries once per call:
        //   L2:  (q - offset - scale*c)^2 = (q' - scale*c)^2    with q' = q - offset
        //   dot:  q . (offset + scale*c)  = q.offset + (q*scale) . c
        float[] prepared = new float[queryCount * dimension];
        float[] constant = new float[queryCount];
        for (int q = 0; q < queryCount; q++) {
            int qo = q * dimension;
            float c = 0f;
            for (int i = 0; i < dimension; i++) {
                float value = queries[qo + i];
                if (l2) {
                    prepared[qo + i] = value - offset[i];
                } else {
                    prepared[qo + i] = value * scale[i];
                    c = Math.fma(value, offset[i], c);
                }
            }
            constant[q] = c;
        }
        int bound = FLOATS.loopBound(dimension);
        for (int r = 0; r < rowCount; r++) {
            int row = codesOffset + r * dimension;
            int q = 0;
            for (; q + 4 <= queryCount; q += 4) {
                sq8Row4(l2, codes, row, dimension, bound, scale, prepared, q, constant, function, out,
                        q * rowCount + r, rowCount);
            }
            // Leftover queries one at a time. Padding them to four (aliasing the missing ones) made
            // Q=1 do four queries' work: an 85-row block at d=768 took 23-27 us of CPU padded and
            // 13-19 us this way (Q=16: 142-153 us before, 117-130 us now, with the per-row scratch
            // arrays gone too; three interleaved runs each on the busy 2-core machine).
            for (; q < queryCount; q++) {
                float sum = sq8Row1(l2, codes, row, dimension, bound, scale, prepared, q * dimension);
                out[q * rowCount + r] = sq8Finish(function, sum, constant[q]);
            }
        }
    }

    /** Scores one SQ8 row against four prepared queries, widening each code vector once. */
    private static void sq8Row4(boolean l2, byte[] codes, int row, int dimension, int bound, float[] scale,
                                float[] prepared, int q, float[] constant, DistanceFunction function,
                                float[] out, int outAt, int stride) {
        int q0 = q * dimension;
        int q1 = q0 + dimension;
        int q2 = q1 + dimension;
        int q3 = q2 + dimension;
        FloatVector acc0 = FloatVector.zero(FLOATS);
        FloatVector acc1 = FloatVector.zero(FLOATS);
        FloatVector acc2 = FloatVector.zero(FLOATS);
        FloatVector acc3 = FloatVector.zero(FLOATS);
        int i = 0;
        if (l2) {
            for (; i < bound; i += LANES) {
                FloatVector x = codesAsFloats(codes, row + i).mul(fv(scale, i));
                FloatVector d0 = fv(prepared, q0 + i).sub(x);
                FloatVector d1 = fv(prepared, q1 + i).sub(x);
                FloatVector d2 = fv(prepared, q2 + i).sub(x);
                FloatVector d3 = fv(prepared, q3 + i).sub(x);
                acc0 = d0.fma(d0, acc0);
                acc1 = d1.fma(d1, acc1);
                acc2 = d2.fma(d2, acc2);
                acc3 = d3.fma(d3, acc3);
            }
        } else {
            for (; i < bound; i += LANES) {
                FloatVector c = codesAsFloats(codes, row + i);
                acc0 = fv(prepared, q0 + i).fma(c, acc0);
                acc1 = fv(prepared, q1 + i).fma(c, acc1);
                acc2 = fv(prepared, q2 + i).fma(c, acc2);
                acc3 = fv(prepared, q3 + i).fma(c, acc3);
            }
        }
        float s0 = sq8Tail(l2, codes, row, i, dimension, scale, prepared, q0, acc0.reduceLanes(VectorOperators.ADD));
        float s1 = sq8Tail(l2, codes, row, i, dimension, scale, prepared, q1, acc1.reduceLanes(VectorOperators.ADD));
        float s2 = sq8Tail(l2, codes, row, i, dimension, scale, prepared, q2, acc2.reduceLanes(VectorOperators.ADD));
        float s3 = sq8Tail(l2, codes, row, i, dimension, scale, prepared, q3, acc3.reduceLanes(VectorOperators.ADD));
        out[outAt] = sq8Finish(function, s0, constant[q]);
        out[outAt + stride] = sq8Finish(function, s1, constant[q + 1]);
        out[outAt + 2 * stride] = sq8Finish(function, s2, constant[q + 2]);
        out[outAt + 3 * stride] = sq8Finish(function, s3, constant[q + 3]);
    }

    /** Scores one SQ8 row against the prepared query at {@code queryAt}, without the constant term. */
    private static float sq8Row1(boolean l2, byte[] codes, int row, int dimension, int bound, float[] scale,
                                 float[] prepared, int queryAt) {
        FloatVector acc1 = FloatVector.zero(FLOATS);
        FloatVector acc2 = FloatVector.zero(FLOATS);
        int unrolledBound = bound - bound % (2 * LANES);
        int i = 0;
        if (l2) {
            for (; i < unrolledBound; i += 2 * LANES) {
                FloatVector d1 = fv(prepared, queryAt + i).sub(codesAsFloats(codes, row + i).mul(fv(scale, i)));
                FloatVector d2 = fv(prepared, queryAt + i + LANES)
                        .sub(codesAsFloats(codes, row + i + LANES).mul(fv(scale, i + LANES)));
                acc1 = d1.fma(d1, acc1);
                acc2 = d2.fma(d2, acc2);
            }
            for (; i < bound; i += LANES) {
                FloatVector d = fv(prepared, queryAt + i).sub(codesAsFloats(codes, row + i).mul(fv(scale, i)));
                acc1 = d.fma(d, acc1);
            }
        } else {
            for (; i < unrolledBound; i += 2 * LANES) {
                acc1 = fv(prepared, queryAt + i).fma(codesAsFloats(codes, row + i), acc1);
                acc2 = fv(prepared, queryAt + i + LANES).fma(codesAsFloats(codes, row + i + LANES), acc2);
            }
            for (; i < bound; i += LANES) {
                acc1 = fv(prepared, queryAt + i).fma(codesAsFloats(codes, row + i), acc1);
            }
        }
        float sum = acc1.add(acc2).reduceLanes(VectorOperators.ADD);
        return sq8Tail(l2, codes, row, i, dimension, scale, prepared, queryAt, sum);
    }

    /** Adds dimensions {@code from .. dimension-1} of one prepared query to {@code sum}. */
    private static float sq8Tail(boolean l2, byte[] codes, int row, int from, int dimension, float[] scale,
                                 float[] prepared, int queryAt, float sum) {
        for (int j = from; j < dimension; j++) {
            float code = codes[row + j] & 0xFF;
            if (l2) {
                float d = prepared[queryAt + j] - scale[j] * code;
                sum = Math.fma(d, d, sum);
            } else {
                sum = Math.fma(prepared[queryAt + j], code, sum);
            }
        }
        return sum;
    }

    /** Turns a prepared SQ8 sum into the distance {@code function} asks for. */
    private static float sq8Finish(DistanceFunction function, float sum, float constant) {
        return switch (function) {
            case SQUARED_L2 -> sum;
            case NEGATIVE_DOT -> -(sum + constant);
            case COSINE -> 1f - (sum + constant);
        };
    }

    private static FloatVector fv(float[] array, int at) {
        return FloatVector.fromArray(FLOATS, array, at);
    }
}
