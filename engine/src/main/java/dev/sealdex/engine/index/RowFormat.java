package dev.sealdex.engine.index;

import dev.sealdex.engine.crypto.BlockCipher;
import dev.sealdex.engine.crypto.IntegrityException;
import dev.sealdex.engine.crypto.ObjectKind;
import dev.sealdex.engine.quant.Float16;
import java.nio.charset.StandardCharsets;

/**
 * The plaintext of a sealed row: one item's id and its vector at the index's storage precision,
 * kept in memory for the exact rerank. Sealed as {@code RERANK_VECTORS} under the vectors key,
 * with the row ordinal as object id, so the rerank decrypts just the candidates it needs.
 *
 * <table>
 *   <caption>Row plaintext (format 1)</caption>
 *   <tr><th>offset</th><th>size</th><th>field</th></tr>
 *   <tr><td>0</td><td>2</td><td>magic {@code 0x52 0x57} ("RW")</td></tr>
 *   <tr><td>2</td><td>1</td><td>format version, 1</td></tr>
 *   <tr><td>3</td><td>1</td><td>precision: 0 float32, 1 float16</td></tr>
 *   <tr><td>4</td><td>2</td><td>id length n in UTF-8 bytes (little-endian, at most 65535)</td></tr>
 *   <tr><td>6</td><td>n</td><td>id, UTF-8</td></tr>
 *   <tr><td>6 + n</td><td>d b</td><td>vector, little-endian, b = 4 or 2 bytes per component</td></tr>
 * </table>
 *
 * <p>For cosine indexes the vector is stored unit-normalised (what the rerank scores); the
 * original is in the item record.
 */
final class RowFormat {

    static final int HEADER_BYTES = 6;
    private static final byte MAGIC_0 = 0x52;
    private static final byte MAGIC_1 = 0x57;
    private static final byte VERSION = 1;

    private RowFormat() {
    }

    /** Seals a row for {@code ordinal}. */
    static byte[] seal(BlockCipher cipher, int ordinal, String id, float[] vector, StoragePrecision precision) {
        byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
        if (idBytes.length > 0xFFFF) {
            throw new IllegalArgumentException("id is longer than 65535 UTF-8 bytes");
        }
        int vectorBytes = vector.length * precision.bytesPerComponent();
        byte[] plain = new byte[HEADER_BYTES + idBytes.length + vectorBytes];
        plain[0] = MAGIC_0;
        plain[1] = MAGIC_1;
        plain[2] = VERSION;
        plain[3] = (byte) (precision == StoragePrecision.FLOAT32 ? 0 : 1);
        plain[4] = (byte) idBytes.length;
        plain[5] = (byte) (idBytes.length >>> 8);
        System.arraycopy(idBytes, 0, plain, HEADER_BYTES, idBytes.length);
        int at = HEADER_BYTES + idBytes.length;
        if (precision == StoragePrecision.FLOAT32) {
            for (float v : vector) {
                ListBlockFormat.writeInt(plain, at, Float.floatToRawIntBits(v));
                at += 4;
            }
        } else {
            Float16.pack(vector, 0, vector.length, plain, at);
        }
        byte[] sealed = cipher.seal(ObjectKind.RERANK_VECTORS, ordinal, plain);
        java.util.Arrays.fill(plain, (byte) 0);
        return sealed;
    }

    /**
     * Opens row {@code ordinal} into {@code scratch} (which must hold the plaintext) and decodes
     * its vector into {@code vector}; returns the id's length in bytes (the id starts at
     * {@link #HEADER_BYTES} in {@code scratch}).
     */
    static int open(BlockCipher cipher, int ordinal, byte[] sealed, byte[] scratch, float[] vector) {
        int length = cipher.open(ObjectKind.RERANK_VECTORS, ordinal, sealed, scratch, 0);
        if (length < HEADER_BYTES || scratch[0] != MAGIC_0 || scratch[1] != MAGIC_1 || scratch[2] != VERSION) {
            throw new IntegrityException("row " + ordinal + " has a bad header");
        }
        int idLength = (scratch[4] & 0xFF) | (scratch[5] & 0xFF) << 8;
        int at = HEADER_BYTES + idLength;
        int bytesPer = scratch[3] == 0 ? 4 : 2;
        if (length != at + vector.length * bytesPer) {
            throw new IntegrityException("row " + ordinal + " has " + length + " bytes, expected "
                    + (at + vector.length * bytesPer));
        }
        if (bytesPer == 4) {
            for (int i = 0; i < vector.length; i++, at += 4) {
                vector[i] = Float.intBitsToFloat(ListBlockFormat.readInt(scratch, at));
            }
        } else {
            Float16.unpack(scratch, at, vector.length, vector, 0);
        }
        return idLength;
    }

    /** The id of a row opened into {@code scratch}. */
    static String id(byte[] scratch, int idLength) {
        return new String(scratch, HEADER_BYTES, idLength, StandardCharsets.UTF_8);
    }

    /** Scratch bytes enough for any row of dimension {@code dimension} with an id of up to 65535 bytes. */
    static int maxPlaintext(int dimension) {
        return HEADER_BYTES + 0xFFFF + dimension * 4;
    }
}
