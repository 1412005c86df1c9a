package dev.sealdex.engine.ivf;

import dev.sealdex.engine.kernel.DistanceFunction;
import dev.sealdex.engine.kernel.Kernels;
import dev.sealdex.engine.quant.PqCodec;
import dev.sealdex.engine.quant.Sq8Codec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * How list rows are coded for the first, approximate stage of a search, and how those codes are
 * scored. The exact rerank against stored vectors follows for every kind but float lists.
 */
public sealed interface StageOneCodec {

    /** Code kind byte in list blocks. */
    byte codeKind();

    /** Bytes of code per row. */
    int codeBytes();

    /**
     * Codes {@code vector} (normalised for cosine) for list {@code list} ({@code centroids} decoded,
     * needed by PQ only) and returns the reconstruction error {@code ||x - decode(code)||}, which
     * bounds how far a stage-1 score can be from the exact one (see {@link Layout#maxError()}).
     */
    float encode(float[] vector, float[] centroids, int list, byte[] out, int outOffset);

    /** Parameters to seal with the layout (empty for float rows). */
    byte[] toBytes();

    /** A scorer for one worker of one search. */
    BlockScorer scorer(Kernels kernels, DistanceFunction function, float[] centroids);

    /** Whether stage-1 scores are already exact (no rerank needed). */
    default boolean exact() {
        return false;
    }

    /** Restores a codec from its kind and parameters. */
    static StageOneCodec fromBytes(byte codeKind, int dimension, byte[] params) {
        return switch (codeKind) {
            case 0 -> new Flat(dimension);
            case 1 -> new Sq8(Sq8Codec.fromBytes(params));
            case 2 -> Sq16.fromBytes(params);
            case 3 -> new Pq(PqCodec.fromBytes(params), dimension);
            default -> throw new IllegalArgumentException("unknown code kind " + codeKind);
        };
    }

    /** Full-precision float32 rows: exact stage-1 scores (ivfflat, and untrained indexes). */
    record Flat(int dimension) implements StageOneCodec {
        @Override
        public byte codeKind() {
            return 0;
        }

        @Override
        public int codeBytes() {
            return 4 * dimension;
        }

        @Override
        public boolean exact() {
            return true;
        }

        @Override
        public float encode(float[] vector, float[] centroids, int list, byte[] out, int outOffset) {
            ByteBuffer.wrap(out, outOffset, 4 * dimension).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(vector);
            return 0f;
        }

        @Override
        public byte[] toBytes() {
            return new byte[0];
        }

        @Override
        public BlockScorer scorer(Kernels kernels, DistanceFunction function, float[] centroids) {
            return new FloatRowScorer(kernels, function, dimension) {
                @Override
                void decode(byte[] plain, int codesOffset, int rowCount, float[] rows) {
                    ByteBuffer.wrap(plain, codesOffset, 4 * rowCount * dimension).order(ByteOrder.LITTLE_ENDIAN)
                            .asFloatBuffer().get(rows, 0, rowCount * dimension);
                }
            };
        }
    }

    /** 8-bit scalar codes over the raw (normalised) vector. */
    record Sq8(Sq8Codec codec) implements StageOneCodec {
        @Override
        public byte codeKind() {
            return 1;
        }

        @Override
        public int codeBytes() {
            return codec.dimension();
        }

        @Override
        public float encode(float[] vector, float[] centroids, int list, byte[] out, int outOffset) {
            return codec.encodeMeasured(vector, 0, out, outOffset);
        }

        @Override
        public byte[] toBytes() {
            return codec.toBytes();
        }

        @Override
        public BlockScorer scorer(Kernels kernels, DistanceFunction function, float[] centroids) {
            int dimension = codec.dimension();
            return new BlockScorer() {
                private float[] queries;
                private int queryCount;

                @Override
                public void prepare(int list, float[] q, int count) {
                    queries = q;
                    queryCount = count;
                }

                @Override
                public void score(byte[] plain, int codesOffset, int rows, float[] out) {
                    kernels.scoreBlockSq8(function, plain, codesOffset, rows, dimension, codec.scale(),
                            codec.offset(), queries, queryCount, out);
                }
            };
        }
    }

    /**
     * 16-bit scalar codes ({@code ivfsq} with {@code sq_bits: 16}): nearly lossless. Blocks are
     * widened to floats and scored by the float kernel.
     */
    record Sq16(int dimension, float[] scale, float[] offset) implements StageOneCodec {

        public static Sq16 train(float[] data, int count, int dimension) {
            Sq8Codec range = Sq8Codec.train(data, count, dimension);
            float[] scale = new float[dimension];
            for (int i = 0; i < dimension; i++) {
                scale[i] = range.scale()[i] * 255f / 65535f;
            }
            return new Sq16(dimension, scale, range.offset().clone());
        }

        static Sq16 fromBytes(byte[] bytes) {
            Sq8Codec same = Sq8Codec.fromBytes(bytes);
            return new Sq16(same.dimension(), same.scale(), same.offset());
        }

        @Override
        public byte codeKind() {
            return 2;
        }

        @Override
        public int codeBytes() {
            return 2 * dimension;
        }

        @Override
        public float encode(float[] vector, float[] centroids, int list, byte[] out, int outOffset) {
            double error = 0;
            for (int i = 0; i < dimension; i++) {
                int code = Math.max(0, Math.min(65_535, Math.round((vector[i] - offset[i]) / scale[i])));
                out[outOffset + 2 * i] = (byte) code;
                out[outOffset + 2 * i + 1] = (byte) (code >>> 8);
                double d = vector[i] - (offset[i] + scale[i] * code);
                error += d * d;
            }
            return (float) Math.sqrt(error);
        }

        @Override
        public byte[] toBytes() {
            ByteBuffer buffer = ByteBuffer.allocate(4 + 8 * dimension).order(ByteOrder.LITTLE_ENDIAN);
            buffer.putInt(dimension);
            for (float s : scale) {
                buffer.putFloat(s);
            }
            for (float o : offset) {
                buffer.putFloat(o);
            }
            return buffer.array();
        }

        @Override
        public BlockScorer scorer(Kernels kernels, DistanceFunction function, float[] centroids) {
            return new FloatRowScorer(kernels, function, dimension) {
                @Override
                void decode(byte[] plain, int codesOffset, int rowCount, float[] rows) {
                    for (int r = 0; r < rowCount; r++) {
                        int base = codesOffset + 2 * r * dimension;
                        for (int i = 0; i < dimension; i++) {
                            int code = (plain[base + 2 * i] & 0xFF) | (plain[base + 2 * i + 1] & 0xFF) << 8;
                            rows[r * dimension + i] = offset[i] + scale[i] * code;
                        }
                    }
                }
            };
        }
    }

    /** Product-quantised residuals (vector minus its list centroid). */
    record Pq(PqCodec codec, int dimension) implements StageOneCodec {
        @Override
        public byte codeKind() {
            return 3;
        }

        @Override
        public int codeBytes() {
            return codec.subquantizers();
        }

        @Override
        public float encode(float[] vector, float[] centroids, int list, byte[] out, int outOffset) {
            float[] residual = new float[dimension];
            for (int i = 0; i < dimension; i++) {
                residual[i] = vector[i] - (centroids == null ? 0f : centroids[list * dimension + i]);
            }
            codec.encode(residual, 0, out, outOffset);
            float[] decoded = new float[dimension];
            codec.decode(out, outOffset, decoded, 0);
            double error = 0;
            for (int i = 0; i < dimension; i++) {
                double d = residual[i] - decoded[i];
                error += d * d;
            }
            return (float) Math.sqrt(error);
        }

        @Override
        public byte[] toBytes() {
            return codec.toBytes();
        }

        @Override
        public BlockScorer scorer(Kernels kernels, DistanceFunction function, float[] centroids) {
            int m = codec.subquantizers();
            int c = codec.centroids();
            boolean l2 = function == DistanceFunction.SQUARED_L2;
            return new BlockScorer() {
                private float[] tables = new float[0];
                private float[] constants = new float[0];
                private final float[] residual = new float[dimension];
                private int queryCount;

                @Override
                public void prepare(int list, float[] queries, int count) {
                    queryCount = count;
                    if (tables.length < count * m * c) {
                        tables = new float[count * m * c];
                        constants = new float[count];
                    }
                    for (int q = 0; q < count; q++) {
                        int qo = q * dimension;
                        if (l2) {
                            // ||q - (c_list + r)||^2 = ||(q - c_list) - r||^2, summed per sub-vector.
                            for (int i = 0; i < dimension; i++) {
                                residual[i] = queries[qo + i] - centroids[list * dimension + i];
                            }
                            codec.squaredL2Table(residual, tables, q * m * c);
                            constants[q] = 0f;
                        } else {
                            // -q.(c_list + r) = -q.c_list + sum_m -q_m.r_m
                            System.arraycopy(queries, qo, residual, 0, dimension);
                            codec.negativeDotTable(residual, tables, q * m * c);
                            constants[q] = -kernels.dot(queries, qo, centroids, list * dimension, dimension);
                        }
                    }
                }

                @Override
                public void wipe() {
                    Arrays.fill(tables, 0f);
                    Arrays.fill(residual, 0f);
                }

                @Override
                public void score(byte[] plain, int codesOffset, int rows, float[] out) {
                    kernels.scoreBlockPq(plain, codesOffset, rows, m, c, tables, queryCount, out);
                    if (!l2) {
                        for (int q = 0; q < queryCount; q++) {
                            float constant = constants[q];
                            for (int r = 0; r < rows; r++) {
                                out[q * rows + r] += constant;
                            }
                        }
                    }
                }
            };
        }
    }

    /** Scores blocks whose codes widen to float rows, with the float kernel. */
    abstract class FloatRowScorer implements BlockScorer {
        private final Kernels kernels;
        private final DistanceFunction function;
        private final int dimension;
        private float[] queries;
        private int queryCount;
        private float[] rows = new float[0];

        FloatRowScorer(Kernels kernels, DistanceFunction function, int dimension) {
            this.kernels = kernels;
            this.function = function;
            this.dimension = dimension;
        }

        /** Widens {@code rowCount} rows of codes at {@code codesOffset} into {@code rows}. */
        abstract void decode(byte[] plain, int codesOffset, int rowCount, float[] rows);

        @Override
        public void prepare(int list, float[] q, int count) {
            queries = q;
            queryCount = count;
        }

        @Override
        public void score(byte[] plain, int codesOffset, int rowCount, float[] out) {
            if (rows.length < rowCount * dimension) {
                rows = new float[rowCount * dimension];
            }
            decode(plain, codesOffset, rowCount, rows);
            kernels.scoreBlock(function, rows, 0, rowCount, dimension, queries, queryCount, out);
        }

        @Override
        public void wipe() {
            Arrays.fill(rows, 0f);
        }
    }
}
