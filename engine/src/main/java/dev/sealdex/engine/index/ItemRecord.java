package dev.sealdex.engine.index;

import dev.sealdex.engine.crypto.BlockCipher;
import dev.sealdex.engine.crypto.IntegrityException;
import dev.sealdex.engine.crypto.ObjectKind;
import dev.sealdex.engine.format.FormatHeader;
import dev.sealdex.engine.model.Item;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The durable form of one item: id, vector, metadata and contents in one ciphertext, stored
 * under the item's id token (sealed as {@code ITEM} under the items key, object id = token).
 *
 * <table>
 *   <caption>Item record plaintext (format 1), little-endian</caption>
 *   <tr><th>offset</th><th>size</th><th>field</th></tr>
 *   <tr><td>0</td><td>2</td><td>magic {@code 0x49 0x54} ("IT")</td></tr>
 *   <tr><td>2</td><td>1</td><td>format version, 1</td></tr>
 *   <tr><td>3</td><td>1</td><td>flags: bit 0 metadata present, bit 1 contents present</td></tr>
 *   <tr><td>4</td><td>4</td><td>row ordinal</td></tr>
 *   <tr><td>8</td><td>8</td><td>write sequence number (orders the record against layout checkpoints)</td></tr>
 *   <tr><td>16</td><td>2</td><td>id length n (UTF-8 bytes)</td></tr>
 *   <tr><td>18</td><td>n</td><td>id</td></tr>
 *   <tr><td>18 + n</td><td>4</td><td>dimension d</td></tr>
 *   <tr><td>22 + n</td><td>4d</td><td>vector, float32 as sent</td></tr>
 *   <tr><td>22 + n + 4d</td><td>4</td><td>metadata length m (0 when absent)</td></tr>
 *   <tr><td>26 + n + 4d</td><td>m</td><td>metadata, compact JSON, UTF-8</td></tr>
 *   <tr><td>...</td><td>4</td><td>contents length c (0 when absent)</td></tr>
 *   <tr><td>...</td><td>c</td><td>contents, UTF-8, verbatim</td></tr>
 * </table>
 *
 * @param ordinal  the row ordinal the item holds in memory
 * @param sequence the write sequence number of the upsert that wrote it
 * @param item     the item
 */
record ItemRecord(int ordinal, long sequence, Item item) {

    /** Store keys of item records start with this, followed by the item's id token. */
    static final byte[] PREFIX = "item/".getBytes(StandardCharsets.US_ASCII);
    private static final FormatHeader FORMAT = FormatHeader.of("item record", new byte[] {0x49, 0x54}, 1, 1, 1);

    /** Seals this record under its token. */
    byte[] seal(BlockCipher cipher, byte[] token) {
        byte[] id = item.id().getBytes(StandardCharsets.UTF_8);
        byte[] metadata = item.metadata() == null ? new byte[0] : item.metadata().getBytes(StandardCharsets.UTF_8);
        byte[] contents = item.contents() == null ? new byte[0] : item.contents().getBytes(StandardCharsets.UTF_8);
        float[] vector = item.vector();
        ByteBuffer buffer = ByteBuffer.allocate(18 + id.length + 4 + 4 * vector.length + 4 + metadata.length + 4
                + contents.length).order(ByteOrder.LITTLE_ENDIAN);
        int flags = (item.metadata() != null ? 1 : 0) | (item.contents() != null ? 2 : 0);
        FORMAT.write(buffer).put((byte) flags).putInt(ordinal).putLong(sequence);
        buffer.putShort((short) id.length).put(id);
        buffer.putInt(vector.length);
        for (float v : vector) {
            buffer.putFloat(v);
        }
        buffer.putInt(metadata.length).put(metadata).putInt(contents.length).put(contents);
        byte[] plain = buffer.array();
        byte[] sealed = cipher.seal(ObjectKind.ITEM, token, plain);
        java.util.Arrays.fill(plain, (byte) 0);
        return sealed;
    }

    /** Opens a sealed record stored under {@code token}. */
    static ItemRecord open(BlockCipher cipher, byte[] token, byte[] sealed) {
        byte[] plain = cipher.open(ObjectKind.ITEM, token, sealed);
        try {
            FORMAT.check(plain, (fault, version) -> new IntegrityException(fault == FormatHeader.Fault.TRUNCATED
                    ? "item record is malformed" : "item record has a bad header"));
            ByteBuffer buffer = ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN).position(FORMAT.length());
            int flags = buffer.get();
            int ordinal = buffer.getInt();
            long sequence = buffer.getLong();
            String id = string(buffer, Short.toUnsignedInt(buffer.getShort()));
            int dimension = buffer.getInt();
            float[] vector = new float[dimension];
            buffer.asFloatBuffer().get(vector);
            buffer.position(buffer.position() + 4 * dimension);
            String metadata = string(buffer, buffer.getInt());
            String contents = string(buffer, buffer.getInt());
            if (buffer.hasRemaining()) {
                throw new IntegrityException("item record has trailing bytes");
            }
            return new ItemRecord(ordinal, sequence, new Item(id, vector, (flags & 1) != 0 ? metadata : null,
                    (flags & 2) != 0 ? contents : null));
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
            throw new IntegrityException("item record is malformed", e);
        } finally {
            java.util.Arrays.fill(plain, (byte) 0);
        }
    }

    private static String string(ByteBuffer buffer, int length) {
        String value = new String(buffer.array(), buffer.position(), length, StandardCharsets.UTF_8);
        buffer.position(buffer.position() + length);
        return value;
    }

    /** The store key of the record of the item with id token {@code token}. */
    static byte[] key(byte[] token) {
        byte[] key = java.util.Arrays.copyOf(PREFIX, PREFIX.length + token.length);
        System.arraycopy(token, 0, key, PREFIX.length, token.length);
        return key;
    }
}
