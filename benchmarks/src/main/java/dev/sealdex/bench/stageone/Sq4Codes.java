package dev.sealdex.bench.stageone;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * 4-bit scalar quantisation (SQ4): SQ8's per-dimension affine decode ({@code offset + scale *
 * code}) with codes of 0..15, two per byte, so a row is half the bytes of SQ8. A prototype for
 * choosing a stage-1 code; the engine does not use it. Squared L2 only, one query, scored the way
 * {@code PanamaKernels.scoreBlockSq8} scores one query (the offset folded into the query once per
 * call, two accumulators).
 *
 * <p>The nibble order follows the vector width {@code L} (floats per vector) so that one load of
 * {@code L} bytes decodes to two float vectors without a shuffle:
 * <table>
 *   <caption>Bytes of one row of d dimensions ({@code full} = d rounded down to a multiple of 2L)</caption>
 *   <tr><th>byte</th><th>low nibble</th><th>high nibble</th></tr>
 *   <tr><td>c L + k, k &lt; L, c &lt; full / 2L</td><td>dimension 2L c + k</td><td>dimension 2L c + L + k</td></tr>
 *   <tr><td>full / 2 + t</td><td>dimension full + 2t</td><td>dimension full + 2t + 1 (0 past d)</td></tr>
 * </table>
 */
final class Sq4Codes {

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = FLOATS.length();
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_PREFERRED
            .withShape(VectorShape.forBitSize(LANES * Byte.SIZE));

    private Sq4Codes() {
    }

    /** Floats per vector of the Panama kernel, which fixes the nibble order. */
    static int lanes() {
        return LANES;
    }

    /** Dimensions stored in the vector part of a row. */
    private static int full(int d, int lanes) {
        return d / (2 * lanes) * 2 * lanes;
    }

    /** Bytes of one row of {@code d} dimensions. */
    static int rowBytes(int d) {
        int full = full(d, LANES);
        return full / 2 + (d - full + 1) / 2;
    }

    /** Byte and nibble (0 low, 1 high) of {@code dim} in a row. */
    private static int position(int dim, int d) {
        int full = full(d, LANES);
        if (dim < full) {
            int chunk = dim / (2 * LANES);
            int within = dim % (2 * LANES);
            return 2 * (chunk * LANES + within % LANES) + within / LANES;
        }
        return 2 * (full / 2 + (dim - full) / 2) + (dim - full) % 2;
    }

    /** Packs {@code codes[r * d + i]} (each 0..15) of {@code rows} rows. */
    static byte[] pack(byte[] codes, int rows, int d) {
        int rowBytes = rowBytes(d);
        byte[] packed = new byte[rows * rowBytes];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < d; i++) {
                int position = position(i, d);
                int code = codes[r * d + i] & 0x0F;
                packed[r * rowBytes + position / 2] |= (byte) (position % 2 == 0 ? code : code << 4);
            }
        }
        return packed;
    }

    /** The specification: squared L2 of {@code query} to each decoded row, in order. */
    static void scoreScalar(byte[] packed, int from, int rows, int d, float[] scale, float[] offset, float[] query,
                            float[] out) {
        int rowBytes = rowBytes(d);
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int i = 0; i < d; i++) {
                int position = position(i, d);
                int packedByte = packed[from + r * rowBytes + position / 2] & 0xFF;
                int code = position % 2 == 0 ? packedByte & 0x0F : packedByte >>> 4;
                double diff = query[i] - (offset[i] + scale[i] * code);
                sum += diff * diff;
            }
            out[r] = (float) sum;
        }
    }

    /** Panama squared L2 of {@code query} to {@code rows} rows starting at byte {@code from}. */
    static void scorePanama(byte[] packed, int from, int rows, int d, float[] scale, float[] offset, float[] query,
                            float[] out) {
        // The same fold as SQ8: (q - offset - scale*c)^2 = (q' - scale*c)^2 with q' = q - offset.
        float[] prepared = new float[d];
        for (int i = 0; i < d; i++) {
            prepared[i] = query[i] - offset[i];
        }
        int rowBytes = rowBytes(d);
        int full = full(d, LANES);
        for (int r = 0; r < rows; r++) {
            int row = from + r * rowBytes;
            FloatVector acc1 = FloatVector.zero(FLOATS);
            FloatVector acc2 = FloatVector.zero(FLOATS);
            for (int dim = 0, at = row; dim < full; dim += 2 * LANES, at += LANES) {
                IntVector codes = (IntVector) ByteVector.fromArray(BYTES, packed, at)
                        .convertShape(VectorOperators.B2I, INTS, 0);
                FloatVector lo = (FloatVector) codes.lanewise(VectorOperators.AND, 0x0F)
                        .convert(VectorOperators.I2F, 0);
                FloatVector hi = (FloatVector) codes.lanewise(VectorOperators.ASHR, 4)
                        .lanewise(VectorOperators.AND, 0x0F).convert(VectorOperators.I2F, 0);
                FloatVector d1 = FloatVector.fromArray(FLOATS, prepared, dim)
                        .sub(lo.mul(FloatVector.fromArray(FLOATS, scale, dim)));
                FloatVector d2 = FloatVector.fromArray(FLOATS, prepared, dim + LANES)
                        .sub(hi.mul(FloatVector.fromArray(FLOATS, scale, dim + LANES)));
                acc1 = d1.fma(d1, acc1);
                acc2 = d2.fma(d2, acc2);
            }
            float sum = acc1.add(acc2).reduceLanes(VectorOperators.ADD);
            for (int dim = full; dim < d; dim++) {
                int packedByte = packed[row + full / 2 + (dim - full) / 2] & 0xFF;
                int code = (dim - full) % 2 == 0 ? packedByte & 0x0F : packedByte >>> 4;
                float diff = prepared[dim] - scale[dim] * code;
                sum = Math.fma(diff, diff, sum);
            }
            out[r] = sum;
        }
    }
}
