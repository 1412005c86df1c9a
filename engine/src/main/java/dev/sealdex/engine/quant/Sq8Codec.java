package dev.sealdex.engine.quant;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Scalar quantisation to 8 bits per component with a per-dimension range learnt from a training
 * sample: component {@code i} codes as {@code round((x - offset[i]) / scale[i])}, clamped to
 * 0..255, and decodes as {@code offset[i] + scale[i] * code}. Values outside the trained range
 * clamp; the exact rerank repairs the ranking.
 *
 * <h2>Serialized form</h2>
 * <table>
 *   <caption>Sq8Codec parameters</caption>
 *   <tr><th>offset</th><th>size</th><th>field</th></tr>
 *   <tr><td>0</td><td>4</td><td>dimension d (little-endian int)</td></tr>
 *   <tr><td>4</td><td>4d</td><td>scale[d] (little-endian floats)</td></tr>
 *   <tr><td>4 + 4d</td><td>4d</td><td>offset[d]</td></tr>
 * </table>
 */
public final class Sq8Codec {

    private final int dimension;
    private final float[] scale;
    private final float[] offset;

    private Sq8Codec(float[] scale, float[] offset) {
        this.dimension = scale.length;
        this.scale = scale;
        this.offset = offset;
    }

    /** Learns the per-dimension range of {@code count} rows of {@code data}. */
    public static Sq8Codec train(float[] data, int count, int dimension) {
        float[] min = new float[dimension];
        float[] max = new float[dimension];
        java.util.Arrays.fill(min, Float.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Float.NEGATIVE_INFINITY);
        for (int r = 0; r < count; r++) {
            int base = r * dimension;
            for (int i = 0; i < dimension; i++) {
                float v = data[base + i];
                if (v < min[i]) {
                    min[i] = v;
                }
                if (v > max[i]) {
                    max[i] = v;
                }
            }
        }
        float[] scale = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            if (count == 0) {
                min[i] = 0f;
                max[i] = 0f;
            }
            float range = max[i] - min[i];
            // A constant dimension still needs a non-zero scale so decoding is defined.
            scale[i] = range > 0f ? range / 255f : 1f;
        }
        return new Sq8Codec(scale, min);
    }

    /** The vector length. */
    public int dimension() {
        return dimension;
    }

    /** Per-dimension scales (shared, do not modify). */
    public float[] scale() {
        return scale;
    }

    /** Per-dimension offsets (shared, do not modify). */
    public float[] offset() {
        return offset;
    }

    /** Codes one vector into {@code out} at {@code outOffset}. */
    public void encode(float[] vector, int vectorOffset, byte[] out, int outOffset) {
        for (int i = 0; i < dimension; i++) {
            float code = (vector[vectorOffset + i] - offset[i]) / scale[i];
            int rounded = Math.round(code);
            out[outOffset + i] = (byte) Math.max(0, Math.min(255, rounded));
        }
    }

    /** Codes one vector and returns its reconstruction error {@code ||x - decode(code)||}. */
    public float encodeMeasured(float[] vector, int vectorOffset, byte[] out, int outOffset) {
        encode(vector, vectorOffset, out, outOffset);
        double error = 0;
        for (int i = 0; i < dimension; i++) {
            double d = vector[vectorOffset + i] - (offset[i] + scale[i] * (out[outOffset + i] & 0xFF));
            error += d * d;
        }
        return (float) Math.sqrt(error);
    }

    /** Decodes one coded vector. */
    public void decode(byte[] codes, int codesOffset, float[] out, int outOffset) {
        for (int i = 0; i < dimension; i++) {
            out[outOffset + i] = offset[i] + scale[i] * (codes[codesOffset + i] & 0xFF);
        }
    }

    /** The parameters as bytes (see the class table). */
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

    /** Reads parameters written by {@link #toBytes()}. */
    public static Sq8Codec fromBytes(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int dimension = buffer.getInt();
        if (dimension < 1 || bytes.length != 4 + 8 * dimension) {
            throw new IllegalArgumentException("SQ8 parameters are " + bytes.length + " bytes for dimension "
                    + dimension);
        }
        float[] scale = new float[dimension];
        float[] offset = new float[dimension];
        buffer.asFloatBuffer().get(scale);
        buffer.position(4 + 4 * dimension);
        buffer.asFloatBuffer().get(offset);
        return new Sq8Codec(scale, offset);
    }
}
