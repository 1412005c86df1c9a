package dev.sealdex.bench.stageone;

import dev.sealdex.bench.stageone.FastScanCodes.QuantizedLut;
import java.util.Arrays;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * 4-bit PQ fast-scan scoring of one query with the Panama Vector API, in two formulations of the
 * 16-entry table lookup (the byte shuffle FAISS uses), each with two ways of spelling the lookup.
 * {@link FastScanCodes#scoreScalar} is the specification; the results are equal, not close.
 *
 * <ul>
 *   <li>{@link #score128}: one sub-quantizer per step, its 16-byte table in a 128-bit vector
 *   (the SSE/AVX2 {@code pshufb} shape): 32 lookups per two shuffles.</li>
 *   <li>{@link #score512}: four sub-quantizers per step, their four tables in one 512-bit vector,
 *   each code offset by 16 x its 128-bit lane so that a full-width byte permute (AVX-512 VBMI
 *   {@code vpermb}) looks up all four: 128 lookups per two shuffles.</li>
 * </ul>
 *
 * <p>Sums accumulate in 16-bit lanes as FAISS's kernel does: each table result (a byte pair read
 * as one 16-bit lane) is added whole to an "even" accumulator and shifted right by 8 to an "odd"
 * one, and even minus odd x 256 recovers the even bytes' sum. FAISS's kernel lets the 16-bit lanes
 * wrap; here every lane is flushed to 32-bit sums after 256 added bytes (255 x 256 < 65,536), so
 * any sub-quantizer count is exact.
 */
final class FastScanKernels {

    private static final VectorSpecies<Byte> B128 = ByteVector.SPECIES_128;
    private static final VectorSpecies<Short> S128 = ShortVector.SPECIES_128;
    private static final VectorSpecies<Byte> B512 = ByteVector.SPECIES_512;
    private static final VectorSpecies<Short> S512 = ShortVector.SPECIES_512;
    private static final int CENTROIDS = FastScanCodes.CENTROIDS;
    private static final int BLOCK_ROWS = FastScanCodes.BLOCK_ROWS;
    /** Table bytes one 16-bit lane may add before its sum could pass 65,535. */
    private static final int LANE_TERMS = 256;
    /** 16 x the 128-bit lane of each byte: turns a 4-bit code into an index among four tables. */
    private static final byte[] LANE_BASE = new byte[64];

    static {
        for (int i = 0; i < LANE_BASE.length; i++) {
            LANE_BASE[i] = (byte) (i / 16 * 16);
        }
    }

    private FastScanKernels() {
    }

    /** How a lookup is spelt: {@code index.selectFrom(table)} or {@code table.rearrange(index.toShuffle())}. */
    enum Lookup {
        /** {@link ByteVector#selectFrom}. */
        SELECT_FROM,
        /** {@link ByteVector#rearrange} of a shuffle made from the index vector. */
        REARRANGE
    }

    /** The 128-bit formulation; see the class comment. Writes {@code 32 * blocks} distances. */
    static void score128(byte[] packed, int offset, int blocks, QuantizedLut lut, float[] out, Lookup lookup) {
        int pm = lut.paddedSubquantizers();
        byte[] table = lut.table();
        boolean select = lookup == Lookup.SELECT_FROM;
        int[] sums = new int[BLOCK_ROWS];
        short[] lanes = new short[4 * S128.length()];
        for (int b = 0; b < blocks; b++) {
            int block = offset + b * pm * CENTROIDS;
            Arrays.fill(sums, 0);
            for (int start = 0; start < pm; start += LANE_TERMS) {
                int end = Math.min(pm, start + LANE_TERMS);
                ShortVector loEven = ShortVector.zero(S128);
                ShortVector loOdd = ShortVector.zero(S128);
                ShortVector hiEven = ShortVector.zero(S128);
                ShortVector hiOdd = ShortVector.zero(S128);
                for (int j = start; j < end; j++) {
                    ByteVector tab = ByteVector.fromArray(B128, table, j * CENTROIDS);
                    ByteVector codes = ByteVector.fromArray(B128, packed, block + j * CENTROIDS);
                    ShortVector lo = lookup128(tab, codes.and((byte) 0x0F), select).reinterpretAsShorts();
                    ShortVector hi = lookup128(tab, highNibbles128(codes), select).reinterpretAsShorts();
                    loEven = loEven.add(lo);
                    loOdd = loOdd.add(lo.lanewise(VectorOperators.LSHR, 8));
                    hiEven = hiEven.add(hi);
                    hiOdd = hiOdd.add(hi.lanewise(VectorOperators.LSHR, 8));
                }
                flush128(loEven, loOdd, hiEven, hiOdd, lanes, sums);
            }
            finish(sums, lut, out, b * BLOCK_ROWS);
        }
    }

    /** The 512-bit formulation; see the class comment. Writes {@code 32 * blocks} distances. */
    static void score512(byte[] packed, int offset, int blocks, QuantizedLut lut, float[] out, Lookup lookup) {
        int pm = lut.paddedSubquantizers();
        byte[] table = lut.table();
        boolean select = lookup == Lookup.SELECT_FROM;
        ByteVector laneBase = ByteVector.fromArray(B512, LANE_BASE, 0);
        int perLoad = FastScanCodes.TABLES_PER_LOAD;
        int[] sums = new int[BLOCK_ROWS];
        short[] lanes = new short[4 * S512.length()];
        for (int b = 0; b < blocks; b++) {
            int block = offset + b * pm * CENTROIDS;
            Arrays.fill(sums, 0);
            for (int start = 0; start < pm; start += LANE_TERMS * perLoad) {
                int end = Math.min(pm, start + LANE_TERMS * perLoad);
                ShortVector loEven = ShortVector.zero(S512);
                ShortVector loOdd = ShortVector.zero(S512);
                ShortVector hiEven = ShortVector.zero(S512);
                ShortVector hiOdd = ShortVector.zero(S512);
                for (int j = start; j < end; j += perLoad) {
                    ByteVector tab = ByteVector.fromArray(B512, table, j * CENTROIDS);
                    ByteVector codes = ByteVector.fromArray(B512, packed, block + j * CENTROIDS);
                    ShortVector lo = lookup512(tab, codes.and((byte) 0x0F).or(laneBase), select).reinterpretAsShorts();
                    ShortVector hi = lookup512(tab, highNibbles512(codes).or(laneBase), select).reinterpretAsShorts();
                    loEven = loEven.add(lo);
                    loOdd = loOdd.add(lo.lanewise(VectorOperators.LSHR, 8));
                    hiEven = hiEven.add(hi);
                    hiOdd = hiOdd.add(hi.lanewise(VectorOperators.LSHR, 8));
                }
                // The four 128-bit lanes hold partial sums of the same 16 rows; flush adds them.
                flush512(loEven, loOdd, hiEven, hiOdd, lanes, sums);
            }
            finish(sums, lut, out, b * BLOCK_ROWS);
        }
    }

    /**
     * The high nibble of each byte, shifted in 16-bit lanes and masked, as FAISS does (x86 has no
     * byte shift): a byte-lane {@code LSHR} compiled to a widen, shift and pack per step (C2 in
     * JDK 25.0.3, read from the generated code).
     *
     * <p>Each helper exists once per vector width on purpose: one helper shared by the 128-bit and
     * the 512-bit kernel saw both vector classes in its profile, and once the set-up checks had run
     * both, the 512-bit kernel ran about 18x slower (48 against 2.6 us for 320 rows at d = 784).
     */
    private static ByteVector highNibbles128(ByteVector codes) {
        return codes.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes().and((byte) 0x0F);
    }

    private static ByteVector highNibbles512(ByteVector codes) {
        return codes.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes().and((byte) 0x0F);
    }

    private static ByteVector lookup128(ByteVector table, ByteVector index, boolean select) {
        return select ? index.selectFrom(table) : table.rearrange(index.toShuffle());
    }

    private static ByteVector lookup512(ByteVector table, ByteVector index, boolean select) {
        return select ? index.selectFrom(table) : table.rearrange(index.toShuffle());
    }

    /**
     * Adds one stretch of 16-bit accumulators to the 32-bit row sums. Each accumulator holds
     * {@code parts} 128-bit lanes of 8 shorts; short k of a lane holds rows 2k (even) and 2k+1 (odd)
     * of its half of the block (low nibbles: rows 0-15, high nibbles: rows 16-31).
     */
    private static void flush128(ShortVector loEven, ShortVector loOdd, ShortVector hiEven, ShortVector hiOdd,
                                 short[] lanes, int[] sums) {
        int length = S128.length();
        loEven.sub(loOdd.lanewise(VectorOperators.LSHL, 8)).intoArray(lanes, 0);
        loOdd.intoArray(lanes, length);
        hiEven.sub(hiOdd.lanewise(VectorOperators.LSHL, 8)).intoArray(lanes, 2 * length);
        hiOdd.intoArray(lanes, 3 * length);
        addLanes(lanes, sums, length, 1);
    }

    /** {@link #flush128} for the 512-bit accumulators, whose four 128-bit lanes add up. */
    private static void flush512(ShortVector loEven, ShortVector loOdd, ShortVector hiEven, ShortVector hiOdd,
                                 short[] lanes, int[] sums) {
        int length = S512.length();
        loEven.sub(loOdd.lanewise(VectorOperators.LSHL, 8)).intoArray(lanes, 0);
        loOdd.intoArray(lanes, length);
        hiEven.sub(hiOdd.lanewise(VectorOperators.LSHL, 8)).intoArray(lanes, 2 * length);
        hiOdd.intoArray(lanes, 3 * length);
        addLanes(lanes, sums, length, length / 8);
    }

    private static void addLanes(short[] lanes, int[] sums, int length, int parts) {
        for (int part = 0; part < parts; part++) {
            for (int k = 0; k < 8; k++) {
                int at = part * 8 + k;
                sums[2 * k] += lanes[at] & 0xFFFF;
                sums[2 * k + 1] += lanes[length + at] & 0xFFFF;
                sums[16 + 2 * k] += lanes[2 * length + at] & 0xFFFF;
                sums[17 + 2 * k] += lanes[3 * length + at] & 0xFFFF;
            }
        }
    }

    private static void finish(int[] sums, QuantizedLut lut, float[] out, int at) {
        for (int i = 0; i < BLOCK_ROWS; i++) {
            out[at + i] = lut.distance(sums[i]);
        }
    }
}
