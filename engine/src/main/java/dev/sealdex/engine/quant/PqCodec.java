package dev.sealdex.engine.quant;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Product quantisation: a vector of dimension d is cut into {@code m} sub-vectors of
 * {@code d / m} components, and each is coded as the index of its nearest of {@code 2^bits}
 * sub-centroids, one byte per sub-vector. IVF lists code residuals (vector minus list centroid).
 *
 * <h2>Serialized form</h2>
 * <table>
 *   <caption>PqCodec parameters</caption>
 *   <tr><th>offset</th><th>size</th><th>field</th></tr>
 *   <tr><td>0</td><td>4</td><td>dimension d (little-endian int)</td></tr>
 *   <tr><td>4</td><td>4</td><td>sub-quantizers m</td></tr>
 *   <tr><td>8</td><td>4</td><td>centroids per sub-quantizer c (2^bits)</td></tr>
 *   <tr><td>12</td><td>4 m c (d/m)</td><td>codebooks: sub-quantizer, then centroid, then component</td></tr>
 * </table>
 */
public final class PqCodec {

    private final int dimension;
    private final int subquantizers;
    private final int centroids;
    private final int subDimension;
    private final float[] codebooks;

    private PqCodec(int dimension, int subquantizers, int centroids, float[] codebooks) {
        this.dimension = dimension;
        this.subquantizers = subquantizers;
        this.centroids = centroids;
        this.subDimension = dimension / subquantizers;
        this.codebooks = codebooks;
    }

    /**
     * Trains {@code subquantizers} codebooks of {@code 2^bits} centroids on {@code count} rows. When
     * there are fewer rows than centroids, the codebook is padded with copies (codes still decode).
     */
    public static PqCodec train(KMeans kmeans, float[] data, int count, int dimension, int subquantizers, int bits,
                                long seed) {
        int centroids = 1 << bits;
        int sub = dimension / subquantizers;
        float[] codebooks = new float[subquantizers * centroids * sub];
        float[] slice = new float[count * sub];
        for (int m = 0; m < subquantizers; m++) {
            for (int r = 0; r < count; r++) {
                System.arraycopy(data, r * dimension + m * sub, slice, r * sub, sub);
            }
            int k = Math.min(centroids, count);
            float[] trained = kmeans.train(slice, count, sub,
                    new KMeans.Params(k, 25, 1e-4, 4096, seed + m), (i, n) -> { });
            for (int c = 0; c < centroids; c++) {
                System.arraycopy(trained, (c % k) * sub, codebooks, (m * centroids + c) * sub, sub);
            }
        }
        return new PqCodec(dimension, subquantizers, centroids, codebooks);
    }

    /** Sub-quantizers per vector (= code bytes per vector). */
    public int subquantizers() {
        return subquantizers;
    }

    /** Centroids per sub-quantizer. */
    public int centroids() {
        return centroids;
    }

    /** Codes one vector into {@code subquantizers} bytes of {@code out}. */
    public void encode(float[] vector, int vectorOffset, byte[] out, int outOffset) {
        for (int m = 0; m < subquantizers; m++) {
            int best = 0;
            float bestDistance = Float.POSITIVE_INFINITY;
            int from = vectorOffset + m * subDimension;
            for (int c = 0; c < centroids; c++) {
                int base = (m * centroids + c) * subDimension;
                float distance = 0f;
                for (int i = 0; i < subDimension; i++) {
                    float d = vector[from + i] - codebooks[base + i];
                    distance += d * d;
                }
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = c;
                }
            }
            out[outOffset + m] = (byte) best;
        }
    }

    /** Decodes one coded vector. */
    public void decode(byte[] codes, int codesOffset, float[] out, int outOffset) {
        for (int m = 0; m < subquantizers; m++) {
            int base = (m * centroids + (codes[codesOffset + m] & 0xFF)) * subDimension;
            System.arraycopy(codebooks, base, out, outOffset + m * subDimension, subDimension);
        }
    }

    /**
     * Fills {@code table} (at {@code tableOffset}, {@code subquantizers * centroids} floats) with
     * the squared L2 distance of each sub-vector of {@code residual} to each sub-centroid.
     */
    public void squaredL2Table(float[] residual, float[] table, int tableOffset) {
        for (int m = 0; m < subquantizers; m++) {
            for (int c = 0; c < centroids; c++) {
                int base = (m * centroids + c) * subDimension;
                float distance = 0f;
                for (int i = 0; i < subDimension; i++) {
                    float d = residual[m * subDimension + i] - codebooks[base + i];
                    distance += d * d;
                }
                table[tableOffset + m * centroids + c] = distance;
            }
        }
    }

    /** Fills {@code table} with minus the inner product of each query sub-vector with each sub-centroid. */
    public void negativeDotTable(float[] query, float[] table, int tableOffset) {
        for (int m = 0; m < subquantizers; m++) {
            for (int c = 0; c < centroids; c++) {
                int base = (m * centroids + c) * subDimension;
                float dot = 0f;
                for (int i = 0; i < subDimension; i++) {
                    dot += query[m * subDimension + i] * codebooks[base + i];
                }
                table[tableOffset + m * centroids + c] = -dot;
            }
        }
    }

    /** The parameters as bytes (see the class table). */
    public byte[] toBytes() {
        ByteBuffer buffer = ByteBuffer.allocate(12 + 4 * codebooks.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(dimension).putInt(subquantizers).putInt(centroids);
        buffer.asFloatBuffer().put(codebooks);
        return buffer.array();
    }

    /** Reads parameters written by {@link #toBytes()}. */
    public static PqCodec fromBytes(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int dimension = buffer.getInt();
        int subquantizers = buffer.getInt();
        int centroids = buffer.getInt();
        if (dimension < 1 || subquantizers < 1 || dimension % subquantizers != 0 || centroids < 1 || centroids > 256
                || bytes.length != 12 + 4L * centroids * dimension) {
            throw new IllegalArgumentException("malformed PQ parameters");
        }
        float[] codebooks = new float[centroids * dimension];
        buffer.position(12);
        buffer.asFloatBuffer().get(codebooks);
        return new PqCodec(dimension, subquantizers, centroids, codebooks);
    }
}
