package dev.sealdex.engine.index;

import dev.sealdex.engine.ivf.ListBlockFormat;
import dev.sealdex.engine.crypto.BlockCipher;
import dev.sealdex.engine.crypto.IntegrityException;
import dev.sealdex.engine.crypto.ObjectKind;
import dev.sealdex.engine.model.StoragePrecision;
import dev.sealdex.engine.quant.Float16;
import java.nio.charset.StandardCharsets;

/**
 * The plaintext of a sealed row: one item's id and its vector at the index's storage precision,
 * kept in memory for the exact rerank. Sealed as {@code RERANK_VECTORS} under the vectors key in
 * the compact layout ({@link BlockCipher#sealCompact}: AES-256-GCM, the AAD binding kind, index
 * and the row ordinal as object id), so the rerank decrypts just the candidates it needs.
 *
 * <table>
 *   <caption>Row plaintext (format 2)</caption>
 *   <tr><th>offset</th><th>size</th><th>field</th></tr>
 *   <tr><td>0</td><td>2</td><td>id length n in UTF-8 bytes (little-endian, at most 65535)</td></tr>
 *   <tr><td>2</td><td>n</td><td>id, UTF-8</td></tr>
 *   <tr><td>2 + n</td><td>d b</td><td>vector, little-endian, b = 4 (float32) or 2 (float16) bytes per
 *       component: with d the index's dimension, the length tells which</td></tr>
 * </table>
 *
 * <p>Rows never leave memory: every open rebuilds them from the item records. So neither the
 * row nor its seal carries a magic or version (format 1 had a 6-byte header and the 16-byte
 * sealed-object prefix: 12 bytes more per row), and the GCM tag covers every byte. At d = 128
 * with 6-byte ids a row's array is 560 bytes instead of 576 (arrays round up to 8 bytes).
 *
 * <p>For cosine indexes the vector is stored unit-normalised (what the rerank scores); the
 * original is in the item record.
 */
final class RowFormat {

    static final int HEADER_BYTES = 2;

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
        plain[0] = (byte) idBytes.length;
        plain[1] = (byte) (idBytes.length >>> 8);
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
        byte[] sealed = cipher.sealCompact(ObjectKind.RERANK_VECTORS, ordinal, plain, 0, plain.length);
        java.util.Arrays.fill(plain, (byte) 0);
        return sealed;
    }

    /**
     * Opens row {@code ordinal} into {@code scratch} (which must hold the plaintext) and decodes
     * its vector into {@code vector}; returns the id's length in bytes (the id starts at
     * {@link #HEADER_BYTES} in {@code scratch}).
     */
    static int open(BlockCipher cipher, int ordinal, byte[] sealed, byte[] scratch, float[] vector) {
        int length = cipher.openCompact(ObjectKind.RERANK_VECTORS, ordinal, sealed, scratch, 0);
        int idLength = length < HEADER_BYTES ? -1 : (scratch[0] & 0xFF) | (scratch[1] & 0xFF) << 8;
        int at = HEADER_BYTES + idLength;
        int vectorBytes = length - at;
        if (idLength < 0 || (vectorBytes != vector.length * 4 && vectorBytes != vector.length * 2)) {
            throw new IntegrityException("row " + ordinal + " has " + length + " bytes, which is no id and "
                    + vector.length + " float32 or float16 components");
        }
        if (vectorBytes == vector.length * 4) {
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
