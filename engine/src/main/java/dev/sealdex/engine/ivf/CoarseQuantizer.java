package dev.sealdex.engine.ivf;

import dev.sealdex.engine.crypto.IntegrityException;
import dev.sealdex.engine.format.FormatHeader;
import dev.sealdex.engine.kernel.DistanceFunction;
import dev.sealdex.engine.kernel.Kernels;
import dev.sealdex.engine.quant.Sq8Codec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The IVF centroids, kept as SQ8 codes. Every query decrypts all centroids to choose its lists,
 * and at float32 that was the largest single cost of a query (800 KB for 256 lists of 784
 * dimensions, against 740 KB of list blocks at recall 0.95 on Fashion-MNIST); codes cut it 4x.
 * The decoded codes are the centroids: lists are assigned and PQ residuals taken against them,
 * so coding loses nothing but a little k-means precision.
 *
 * <table>
 *   <caption>Plaintext of the sealed {@code CENTROIDS} object (format 1), little-endian</caption>
 *   <tr><th>offset</th><th>size</th><th>field</th></tr>
 *   <tr><td>0</td><td>2</td><td>magic {@code 0x43 0x51} ("CQ")</td></tr>
 *   <tr><td>2</td><td>1</td><td>format version, 1</td></tr>
 *   <tr><td>3</td><td>1</td><td>reserved, 0</td></tr>
 *   <tr><td>4</td><td>4</td><td>lists n</td></tr>
 *   <tr><td>8</td><td>4 + 8d</td><td>SQ8 parameters ({@link Sq8Codec#toBytes()})</td></tr>
 *   <tr><td>12 + 8d</td><td>n d</td><td>codes, one row per list</td></tr>
 * </table>
 */
public final class CoarseQuantizer {

    private static final FormatHeader FORMAT = FormatHeader.of("centroids", new byte[] {0x43, 0x51}, 1, 1, 1);

    private final int lists;
    private final Sq8Codec codec;
    /** The codes, row-major from {@link #codesAt}: the opened plaintext itself, not a copy. */
    private final byte[] codes;
    private final int codesAt;

    private CoarseQuantizer(int lists, Sq8Codec codec, byte[] codes, int codesAt) {
        this.lists = lists;
        this.codec = codec;
        this.codes = codes;
        this.codesAt = codesAt;
    }

    /** Codes {@code lists} float centroids. */
    public static CoarseQuantizer quantize(float[] centroids, int lists, int dimension) {
        Sq8Codec codec = Sq8Codec.train(centroids, lists, dimension);
        byte[] codes = new byte[lists * dimension];
        for (int l = 0; l < lists; l++) {
            codec.encode(centroids, l * dimension, codes, l * dimension);
        }
        return new CoarseQuantizer(lists, codec, codes, 0);
    }

    int lists() {
        return lists;
    }

    /** Scores {@code queryCount} queries against every centroid into {@code out} (query-major). */
    public void score(Kernels kernels, DistanceFunction function, float[] queries, int queryCount, float[] out) {
        kernels.scoreBlockSq8(function, codes, codesAt, lists, codec.dimension(), codec.scale(), codec.offset(), queries,
                queryCount, out);
    }

    /** The centroids as floats (the decoded codes). */
    public float[] decoded() {
        int dimension = codec.dimension();
        float[] centroids = new float[lists * dimension];
        for (int l = 0; l < lists; l++) {
            codec.decode(codes, codesAt + l * dimension, centroids, l * dimension);
        }
        return centroids;
    }

    /** Overwrites the codes, and the rest of the plaintext they sit in (call when a request is done with them). */
    public void wipe() {
        Arrays.fill(codes, (byte) 0);
    }

    byte[] toBytes() {
        byte[] params = codec.toBytes();
        int length = lists * codec.dimension();
        return FORMAT.write(ByteBuffer.allocate(8 + params.length + length).order(ByteOrder.LITTLE_ENDIAN))
                .put((byte) 0).putInt(lists).put(params)
                .put(codes, codesAt, length).array();
    }

    /** Reads {@link #toBytes()}; the quantizer keeps {@code bytes} (its codes are read in place), and {@link #wipe()} clears it. */
    static CoarseQuantizer fromBytes(byte[] bytes, int dimension) {
        if (bytes.length < 8 || FORMAT.fault(bytes, bytes.length) != null) {
            throw new IntegrityException("centroids have a bad header");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).position(FORMAT.length() + 1);
        int lists = buffer.getInt();
        int paramsLength = 4 + 8 * dimension;
        if (lists < 1 || bytes.length != 8 + paramsLength + (long) lists * dimension) {
            throw new IntegrityException("centroids hold " + bytes.length + " bytes for " + lists + " lists");
        }
        Sq8Codec codec = Sq8Codec.fromBytes(Arrays.copyOfRange(bytes, 8, 8 + paramsLength));
        return new CoarseQuantizer(lists, codec, bytes, 8 + paramsLength);
    }
}
