package dev.sealdex.engine.keys;

import dev.sealdex.engine.crypto.IntegrityException;
import dev.sealdex.engine.format.FormatHeader;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The persisted nonce high-water mark of one data key, stored under {@code index id || 0x02} in
 * the {@value KeyVault#NAMESPACE} namespace. Every nonce counter below it may have been used.
 * It is authenticated with a key derived from the data key, so it cannot be lowered (which would
 * make nonces repeat) without that key.
 *
 * <table>
 *   <caption>Nonce mark (format 1), 48 bytes</caption>
 *   <tr><th>offset</th><th>size</th><th>field</th></tr>
 *   <tr><td>0</td><td>4</td><td>magic {@code 53 58 4E 4D} ("SXNM")</td></tr>
 *   <tr><td>4</td><td>1</td><td>format version, 1</td></tr>
 *   <tr><td>5</td><td>3</td><td>reserved, zero</td></tr>
 *   <tr><td>8</td><td>16</td><td>data-key id</td></tr>
 *   <tr><td>24</td><td>8</td><td>high-water mark, unsigned big-endian</td></tr>
 *   <tr><td>32</td><td>16</td><td>HMAC-SHA-256 of bytes 0..32 and the index id, truncated, under
 *       HKDF(DEK, salt = index id, "sealdex/v1/nonce-mark")</td></tr>
 * </table>
 */
final class NonceMark {

    static final int BYTES = 48;
    static final int FORMAT_VERSION = 1;
    private static final FormatHeader FORMAT = FormatHeader.of("nonce mark", new byte[] {0x53, 0x58, 0x4E, 0x4D}, 1,
            FORMAT_VERSION, FORMAT_VERSION);
    /** The exception for a mark that is not this format: a wrong size, magic or version. */
    private static final FormatHeader.Rejection<IntegrityException> DAMAGED = (fault, version) ->
            new IntegrityException("the nonce high-water mark of an index is malformed");

    private NonceMark() {
    }

    /** The MAC key for the marks of {@code dek} in index {@code indexId}. */
    static byte[] macKey(byte[] dek, byte[] indexId) {
        return Hkdf.derive(dek, indexId, "sealdex/v1/nonce-mark", 32);
    }

    static byte[] encode(byte[] macKey, byte[] indexId, byte[] dataKeyId, long limit) {
        byte[] out = FORMAT.write(ByteBuffer.allocate(BYTES)).put(new byte[3])
                .put(dataKeyId).putLong(limit).array();
        System.arraycopy(mac(macKey, out, indexId), 0, out, 32, 16);
        return out;
    }

    /** The mark in {@code bytes}, checked against its MAC and data-key id. */
    static long decode(byte[] macKey, byte[] indexId, byte[] dataKeyId, byte[] bytes) {
        if (bytes.length != BYTES) {
            throw DAMAGED.reject(FormatHeader.Fault.TRUNCATED, 0);
        }
        FORMAT.check(bytes, DAMAGED);
        if (!MessageDigest.isEqual(mac(macKey, bytes, indexId), Arrays.copyOfRange(bytes, 32, 48))) {
            throw new IntegrityException("the nonce high-water mark of an index fails its MAC: it was altered");
        }
        if (!Arrays.equals(bytes, 8, 24, dataKeyId, 0, 16)) {
            throw new IntegrityException("the nonce high-water mark belongs to another data key");
        }
        long limit = ByteBuffer.wrap(bytes, 24, 8).getLong();
        if (limit < 0) {
            throw new IntegrityException("the nonce high-water mark is past 2^63");
        }
        return limit;
    }

    private static byte[] mac(byte[] key, byte[] mark, byte[] indexId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(mark, 0, 32);
            mac.update(indexId);
            return Arrays.copyOf(mac.doFinal(), 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    }
}
