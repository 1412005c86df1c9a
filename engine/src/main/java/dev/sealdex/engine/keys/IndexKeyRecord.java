package dev.sealdex.engine.keys;

import dev.sealdex.engine.crypto.IntegrityException;
import dev.sealdex.engine.format.FormatHeader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * How an index keeps its data key (DEK), stored under {@code index id || 0x01} in the
 * {@value KeyVault#NAMESPACE} namespace.
 *
 * <table>
 *   <caption>Index key record (format 1)</caption>
 *   <tr><th>offset</th><th>size</th><th>field</th></tr>
 *   <tr><td>0</td><td>4</td><td>magic {@code 53 58 49 4B} ("SXIK")</td></tr>
 *   <tr><td>4</td><td>1</td><td>format version, 1</td></tr>
 *   <tr><td>5</td><td>1</td><td>mode: 1 = client key ({@code index_key}), 2 = KMS provider</td></tr>
 *   <tr><td>6</td><td>2</td><td>reserved, zero</td></tr>
 *   <tr><td>8</td><td>16</td><td>index id</td></tr>
 *   <tr><td>24</td><td>16</td><td>data-key id: random, names this DEK (its nonce sequence, its users)</td></tr>
 *   <tr><td>40</td><td>1</td><td>provider name length p (0 in client-key mode)</td></tr>
 *   <tr><td>41</td><td>p</td><td>provider name, UTF-8</td></tr>
 *   <tr><td>41 + p</td><td>2</td><td>wrapped key length w</td></tr>
 *   <tr><td>43 + p</td><td>w</td><td>the wrapped DEK: a {@link KeyEnvelope} for a client key and for
 *       the {@code file} and {@code env} providers; bytes 0..41+p are its context (AAD)</td></tr>
 * </table>
 */
record IndexKeyRecord(KeyMode mode, byte[] indexId, byte[] dataKeyId, byte[] wrapped) {

    static final int FORMAT_VERSION = 1;
    private static final FormatHeader FORMAT = FormatHeader.of("index key record", new byte[] {0x53, 0x58, 0x49, 0x4B},
            1, FORMAT_VERSION, FORMAT_VERSION);
    /** The exception for a record that is not this format: the wrong size, magic or version. */
    private static final FormatHeader.Rejection<IntegrityException> DAMAGED = (fault, version) ->
            new IntegrityException(fault == FormatHeader.Fault.VERSION
                    ? "unsupported index key record format " + version : "an index key record is malformed");

    /** The bytes the wrapped key is bound to: everything before the wrapped-key length. */
    static byte[] context(KeyMode mode, byte[] indexId, byte[] dataKeyId) {
        byte[] name = mode instanceof KeyMode.KmsBacked kms ? kms.providerName().getBytes(StandardCharsets.UTF_8)
                : new byte[0];
        if (name.length > 255) {
            throw new IllegalArgumentException("KMS provider names are limited to 255 bytes");
        }
        ByteBuffer out = ByteBuffer.allocate(41 + name.length);
        FORMAT.write(out).put((byte) (mode instanceof KeyMode.KmsBacked ? 2 : 1))
                .putShort((short) 0).put(indexId).put(dataKeyId).put((byte) name.length).put(name);
        return out.array();
    }

    byte[] context() {
        return context(mode, indexId, dataKeyId);
    }

    byte[] encode() {
        byte[] context = context();
        return ByteBuffer.allocate(context.length + 2 + wrapped.length)
                .put(context).putShort((short) wrapped.length).put(wrapped).array();
    }

    /** Parses a stored record, checking it belongs to {@code expectedIndexId}. */
    static IndexKeyRecord decode(byte[] bytes, byte[] expectedIndexId) {
        if (bytes.length < 43) {
            throw DAMAGED.reject(FormatHeader.Fault.TRUNCATED, 0);
        }
        FORMAT.check(bytes, DAMAGED);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        in.position(8);
        byte[] indexId = new byte[16];
        byte[] dataKeyId = new byte[16];
        in.get(indexId).get(dataKeyId);
        if (!Arrays.equals(indexId, expectedIndexId)) {
            throw new IntegrityException("an index key record is stored under another index");
        }
        int nameLength = in.get() & 0xFF;
        if (in.remaining() < nameLength + 2) {
            throw new IntegrityException("an index key record is truncated");
        }
        byte[] name = new byte[nameLength];
        in.get(name);
        KeyMode mode = switch (bytes[5]) {
            case 1 -> new KeyMode.ClientSupplied();
            case 2 -> new KeyMode.KmsBacked(new String(name, StandardCharsets.UTF_8));
            default -> throw new IntegrityException("an index key record has unknown mode " + bytes[5]);
        };
        int wrappedLength = in.getShort() & 0xFFFF;
        if (in.remaining() != wrappedLength) {
            throw new IntegrityException("an index key record has a wrong wrapped-key length");
        }
        byte[] wrapped = new byte[wrappedLength];
        in.get(wrapped);
        return new IndexKeyRecord(mode, indexId, dataKeyId, wrapped);
    }
}
