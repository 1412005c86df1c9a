package dev.sealdex.engine.keys;

import dev.sealdex.engine.crypto.IntegrityException;
import dev.sealdex.engine.format.FormatHeader;
import dev.sealdex.engine.model.Permission;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * One RBAC user's copy of the data key, stored under {@code index id || 0x03 || user id} in the
 * {@value KeyVault#NAMESPACE} namespace. The token itself is never stored: its secret is the
 * envelope's KEK, and the envelope's key-check value is the token's verifier. Deleting this
 * record revokes the token cryptographically.
 *
 * <table>
 *   <caption>User key record (format 1), 144 bytes</caption>
 *   <tr><th>offset</th><th>size</th><th>field</th></tr>
 *   <tr><td>0</td><td>4</td><td>magic {@code 53 58 55 4B} ("SXUK")</td></tr>
 *   <tr><td>4</td><td>1</td><td>format version, 1</td></tr>
 *   <tr><td>5</td><td>1</td><td>permissions: bit 0 = read, bit 1 = write</td></tr>
 *   <tr><td>6</td><td>2</td><td>reserved, zero</td></tr>
 *   <tr><td>8</td><td>16</td><td>index id</td></tr>
 *   <tr><td>24</td><td>16</td><td>user id</td></tr>
 *   <tr><td>40</td><td>16</td><td>data-key id of the index key record it was made from</td></tr>
 *   <tr><td>56</td><td>88</td><td>{@link KeyEnvelope} (slot 3) keyed by the token's secret; bytes 0..56
 *       are its context, so permissions cannot be changed without the envelope failing</td></tr>
 * </table>
 */
record UserKeyRecord(Set<Permission> permissions, byte[] indexId, byte[] userId, byte[] dataKeyId, byte[] envelope) {

    static final int FORMAT_VERSION = 1;
    static final int BYTES = 56 + KeyEnvelope.BYTES;
    private static final FormatHeader FORMAT = FormatHeader.of("user key record", new byte[] {0x53, 0x58, 0x55, 0x4B},
            1, FORMAT_VERSION, FORMAT_VERSION);
    /** The exception for a record that is not this format: the wrong size, magic or version. */
    private static final FormatHeader.Rejection<IntegrityException> DAMAGED = (fault, version) ->
            new IntegrityException(fault == FormatHeader.Fault.VERSION
                    ? "unsupported user key record format " + version : "a user key record is malformed");

    static byte[] context(Set<Permission> permissions, byte[] indexId, byte[] userId, byte[] dataKeyId) {
        int bits = 0;
        for (Permission p : permissions) {
            bits |= p.bit();
        }
        return FORMAT.write(ByteBuffer.allocate(56)).put((byte) bits).putShort((short) 0)
                .put(indexId).put(userId).put(dataKeyId).array();
    }

    byte[] context() {
        return context(permissions, indexId, userId, dataKeyId);
    }

    byte[] encode() {
        return ByteBuffer.allocate(BYTES).put(context()).put(envelope).array();
    }

    /** Parses a stored record. */
    static UserKeyRecord decode(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw DAMAGED.reject(FormatHeader.Fault.TRUNCATED, 0);
        }
        FORMAT.check(bytes, DAMAGED);
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        for (Permission p : Permission.values()) {
            if ((bytes[5] & p.bit()) != 0) {
                permissions.add(p);
            }
        }
        return new UserKeyRecord(permissions, Arrays.copyOfRange(bytes, 8, 24), Arrays.copyOfRange(bytes, 24, 40),
                Arrays.copyOfRange(bytes, 40, 56), Arrays.copyOfRange(bytes, 56, BYTES));
    }
}
