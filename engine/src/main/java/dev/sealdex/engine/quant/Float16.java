package dev.sealdex.engine.quant;

/** IEEE half-precision packing for vectors stored at {@code float16}. */
public final class Float16 {

    private Float16() {
    }

    /** Writes {@code values} as little-endian halves into {@code out} at {@code offset}. */
    public static void pack(float[] values, int valuesOffset, int length, byte[] out, int offset) {
        for (int i = 0; i < length; i++) {
            short half = Float.floatToFloat16(values[valuesOffset + i]);
            out[offset + 2 * i] = (byte) half;
            out[offset + 2 * i + 1] = (byte) (half >>> 8);
        }
    }

    /** Reads {@code length} little-endian halves from {@code in} at {@code offset} into {@code out}. */
    public static void unpack(byte[] in, int offset, int length, float[] out, int outOffset) {
        for (int i = 0; i < length; i++) {
            short half = (short) ((in[offset + 2 * i] & 0xFF) | (in[offset + 2 * i + 1] << 8));
            out[outOffset + i] = Float.float16ToFloat(half);
        }
    }
}
