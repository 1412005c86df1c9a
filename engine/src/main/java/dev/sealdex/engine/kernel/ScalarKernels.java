package dev.sealdex.engine.kernel;

/**
 * Plain Java loops: the reference every other backend is tested against, and the fallback when
 * no faster backend can load. Written for clarity, not speed; the JIT may still vectorise some.
 */
public final class ScalarKernels implements VectorKernels {

    /** The one instance; the class holds no state. */
    public static final ScalarKernels INSTANCE = new ScalarKernels();

    private ScalarKernels() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public float dot(float[] a, int aOffset, float[] b, int bOffset, int length) {
        float sum = 0f;
        for (int i = 0; i < length; i++) {
            sum += a[aOffset + i] * b[bOffset + i];
        }
        return sum;
    }

    @Override
    public float squaredL2(float[] a, int aOffset, float[] b, int bOffset, int length) {
        float sum = 0f;
        for (int i = 0; i < length; i++) {
            float d = a[aOffset + i] - b[bOffset + i];
            sum += d * d;
        }
        return sum;
    }

    @Override
    public float cosineDistance(float[] a, int aOffset, float[] b, int bOffset, int length) {
        float dot = 0f;
        float normA = 0f;
        float normB = 0f;
        for (int i = 0; i < length; i++) {
            float x = a[aOffset + i];
            float y = b[bOffset + i];
            dot += x * y;
            normA += x * x;
            normB += y * y;
        }
        return cosineFromParts(dot, normA, normB);
    }

    /** Cosine distance from a dot product and two squared norms, shared by every backend. */
    public static float cosineFromParts(float dot, float squaredNormA, float squaredNormB) {
        if (squaredNormA == 0f || squaredNormB == 0f) {
            return 1f;
        }
        double cos = dot / Math.sqrt((double) squaredNormA * (double) squaredNormB);
        // Rounding can push |cos| a hair past 1; distances must stay inside [0, 2].
        return (float) (1.0 - Math.max(-1.0, Math.min(1.0, cos)));
    }

    @Override
    public float sq8SquaredL2(float[] query, byte[] codes, int codesOffset, float[] scale, float[] offset, int length) {
        float sum = 0f;
        for (int i = 0; i < length; i++) {
            float x = offset[i] + scale[i] * (codes[codesOffset + i] & 0xFF);
            float d = query[i] - x;
            sum += d * d;
        }
        return sum;
    }

    @Override
    public float sq8Dot(float[] query, byte[] codes, int codesOffset, float[] scale, float[] offset, int length) {
        float sum = 0f;
        for (int i = 0; i < length; i++) {
            float x = offset[i] + scale[i] * (codes[codesOffset + i] & 0xFF);
            sum += query[i] * x;
        }
        return sum;
    }

    @Override
    public float pqDistance(byte[] codes, int codesOffset, float[] table, int tableOffset, int subquantizers, int centroids) {
        float sum = 0f;
        for (int m = 0; m < subquantizers; m++) {
            sum += table[tableOffset + m * centroids + (codes[codesOffset + m] & 0xFF)];
        }
        return sum;
    }

    @Override
    public void scoreBlock(DistanceFunction function, float[] rows, int rowsOffset, int rowCount, int dimension,
                           float[] queries, int queryCount, float[] out) {
        for (int q = 0; q < queryCount; q++) {
            int queryOffset = q * dimension;
            for (int r = 0; r < rowCount; r++) {
                int rowOffset = rowsOffset + r * dimension;
                out[q * rowCount + r] = switch (function) {
                    case SQUARED_L2 -> squaredL2(queries, queryOffset, rows, rowOffset, dimension);
                    case NEGATIVE_DOT -> -dot(queries, queryOffset, rows, rowOffset, dimension);
                    case COSINE -> cosineDistance(queries, queryOffset, rows, rowOffset, dimension);
                };
            }
        }
    }

    @Override
    public void scoreBlockSq8(DistanceFunction function, byte[] codes, int codesOffset, int rowCount, int dimension,
                              float[] scale, float[] offset, float[] queries, int queryCount, float[] out) {
        float[] query = new float[dimension];
        for (int q = 0; q < queryCount; q++) {
            System.arraycopy(queries, q * dimension, query, 0, dimension);
            for (int r = 0; r < rowCount; r++) {
                int rowOffset = codesOffset + r * dimension;
                out[q * rowCount + r] = switch (function) {
                    case SQUARED_L2 -> sq8SquaredL2(query, codes, rowOffset, scale, offset, dimension);
                    case NEGATIVE_DOT -> -sq8Dot(query, codes, rowOffset, scale, offset, dimension);
                    case COSINE -> 1f - sq8Dot(query, codes, rowOffset, scale, offset, dimension);
                };
            }
        }
    }

    @Override
    public void scoreBlockPq(byte[] codes, int codesOffset, int rowCount, int subquantizers, int centroids,
                             float[] tables, int queryCount, float[] out) {
        int tableSize = subquantizers * centroids;
        for (int q = 0; q < queryCount; q++) {
            for (int r = 0; r < rowCount; r++) {
                out[q * rowCount + r] = pqDistance(codes, codesOffset + r * subquantizers, tables, q * tableSize,
                        subquantizers, centroids);
            }
        }
    }
}
