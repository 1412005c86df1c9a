package dev.sealdex.engine.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Encodes and decodes one log record: one {@link WriteBatch}, so that a batch is written, synced,
 * replayed or lost as a whole. Integers are big-endian; CRC32C is the Castagnoli CRC of
 * {@link CRC32C}.
 *
 * <table>
 *   <caption>Record (format 1), as it follows the segment header or the previous record</caption>
 *   <tr><th>offset</th><th>size</th><th>field</th></tr>
 *   <tr><td>0</td><td>4</td><td>payload length n, {@value #MIN_PAYLOAD}..{@value #MAX_PAYLOAD}</td></tr>
 *   <tr><td>4</td><td>4</td><td>CRC32C of bytes 0..4 followed by the payload without the value bytes
 *       (each value has its own CRC, so damage to a value costs that value, not its batch)</td></tr>
 *   <tr><td>8</td><td>1</td><td>payload kind: 1 = write batch</td></tr>
 *   <tr><td>9</td><td>3</td><td>reserved, zero</td></tr>
 *   <tr><td>12</td><td>4</td><td>operation count m, at least 1</td></tr>
 *   <tr><td>16</td><td>...</td><td>m operations, back to back</td></tr>
 * </table>
 *
 * <table>
 *   <caption>Operation</caption>
 *   <tr><th>size</th><th>field</th></tr>
 *   <tr><td>1</td><td>type: 1 = put, 2 = delete, 3 = delete every key with the prefix</td></tr>
 *   <tr><td>2</td><td>namespace length s (UTF-8 bytes)</td></tr>
 *   <tr><td>s</td><td>namespace</td></tr>
 *   <tr><td>2</td><td>key (or prefix) length k, 0..65535</td></tr>
 *   <tr><td>k</td><td>key (or prefix)</td></tr>
 *   <tr><td>4</td><td>put only: value length v</td></tr>
 *   <tr><td>4</td><td>put only: CRC32C of the v value bytes, checked on every read</td></tr>
 *   <tr><td>v</td><td>put only: value</td></tr>
 * </table>
 *
 * <p>The store's in-memory index points at a put's value-length field, so one positional read
 * of {@code 8 + v} bytes fetches the length, the value CRC and the value.
 */
final class BatchRecord {

    /** Bytes before the payload. */
    static final int HEADER_BYTES = 8;
    /** Smallest payload: kind, reserved bytes and operation count. */
    static final int MIN_PAYLOAD = 8;
    /** Largest payload accepted, so a damaged length cannot make the reader allocate gigabytes. */
    static final int MAX_PAYLOAD = 1 << 30;
    /** Bytes of a put's value-length and value-CRC fields. */
    static final int VALUE_HEADER_BYTES = 8;
    /** Longest key or prefix. */
    static final int MAX_KEY_BYTES = 0xFFFF;

    static final byte KIND_BATCH = 1;
    static final byte PUT = 1;
    static final byte DELETE = 2;
    static final byte DELETE_PREFIX = 3;

    private BatchRecord() {
    }

    /** A batch encoded as a record, with the record offset of each put's value-length field, in order. */
    record Encoded(byte[] bytes, int[] putOffsets) {
    }

    /** Encodes {@code batch}, which must not be empty. */
    static Encoded encode(WriteBatch batch) {
        Builder builder = new Builder(64);
        int[] putOffsets = new int[batch.size()];
        int puts = 0;
        for (WriteBatch.Op op : batch.ops()) {
            byte[] namespace = op.namespace().getBytes(StandardCharsets.UTF_8);
            switch (op) {
                case WriteBatch.Put put -> putOffsets[puts++] = builder.put(namespace, put.key(), put.value());
                case WriteBatch.Delete delete -> builder.keyOp(DELETE, namespace, delete.key());
                case WriteBatch.DeletePrefix prefix -> builder.keyOp(DELETE_PREFIX, namespace, prefix.prefix());
            }
        }
        return new Encoded(builder.finish(), Arrays.copyOf(putOffsets, puts));
    }

    /** CRC32C of a value. */
    static int valueCrc(byte[] value, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(value, offset, length);
        return (int) crc.getValue();
    }

    /**
     * The record CRC of the record at {@code buffer[offset]} (its length field already in place):
     * the length field and every payload byte except the values. Returns -1 in the high word when
     * the operations do not parse within the stated length.
     */
    static long structureCrc(byte[] buffer, int offset) {
        int end = offset + HEADER_BYTES + readInt(buffer, offset);
        CRC32C crc = new CRC32C();
        crc.update(buffer, offset, 4);
        int count = readInt(buffer, offset + HEADER_BYTES + 4);
        int at = offset + HEADER_BYTES + 8;
        int covered = offset + HEADER_BYTES;
        for (int i = 0; i < count; i++) {
            if (at + 3 > end) {
                return -1L;
            }
            byte type = buffer[at];
            int nsLength = readShort(buffer, at + 1);
            at += 3 + nsLength;
            if (type < PUT || type > DELETE_PREFIX || nsLength == 0 || at + 2 > end) {
                return -1L;
            }
            at += 2 + readShort(buffer, at);
            if (at > end) {
                return -1L;
            }
            if (type == PUT) {
                if (at + VALUE_HEADER_BYTES > end) {
                    return -1L;
                }
                int valueLength = readInt(buffer, at);
                at += VALUE_HEADER_BYTES;
                if (valueLength < 0 || valueLength > end - at) {
                    return -1L;
                }
                crc.update(buffer, covered, at - covered);
                at += valueLength;
                covered = at;
            }
        }
        if (at != end) {
            return -1L;
        }
        crc.update(buffer, covered, end - covered);
        return crc.getValue();
    }

    /**
     * Whether the {@code available} bytes at {@code buffer[offset]} start with a whole record whose
     * operations parse and whose CRC verifies; returns its total length, or -1 when it is not one.
     * Values are not checked here (see {@link #firstBadValue}).
     */
    static int validRecordLength(byte[] buffer, int offset, int available) {
        if (available < HEADER_BYTES + MIN_PAYLOAD) {
            return -1;
        }
        int length = readInt(buffer, offset);
        if (length < MIN_PAYLOAD || length > MAX_PAYLOAD || length > available - HEADER_BYTES) {
            return -1;
        }
        int payload = offset + HEADER_BYTES;
        if (buffer[payload] != KIND_BATCH || buffer[payload + 1] != 0 || buffer[payload + 2] != 0
                || buffer[payload + 3] != 0 || readInt(buffer, payload + 4) <= 0) {
            return -1;
        }
        long crc = structureCrc(buffer, offset);
        if (crc < 0 || (int) crc != readInt(buffer, offset + 4)) {
            return -1;
        }
        return HEADER_BYTES + length;
    }

    /**
     * The buffer offset of the value-length field of the first put in the valid record at
     * {@code buffer[offset]} whose value fails its CRC, or -1 when every value checks.
     */
    static int firstBadValue(byte[] buffer, int offset) {
        // The structure already verified, so this walk needs no bounds checks beyond the CRC's.
        int count = readInt(buffer, offset + HEADER_BYTES + 4);
        int at = offset + HEADER_BYTES + 8;
        for (int i = 0; i < count; i++) {
            byte type = buffer[at];
            at += 3 + readShort(buffer, at + 1);
            at += 2 + readShort(buffer, at);
            if (type == PUT) {
                int valueLength = readInt(buffer, at);
                if (valueCrc(buffer, at + VALUE_HEADER_BYTES, valueLength) != readInt(buffer, at + 4)) {
                    return at;
                }
                at += VALUE_HEADER_BYTES + valueLength;
            }
        }
        return -1;
    }

    /** Receives the operations of a decoded record. */
    interface OpVisitor {
        /**
         * A put of the {@code keyLength} key bytes at {@code buffer[keyOffset]} (not copied: copy
         * to keep) whose value-length field is at {@code buffer[valueField]}.
         */
        void put(String namespace, byte[] buffer, int keyOffset, int keyLength, int valueField, int valueLength);

        /** A delete. */
        void delete(String namespace, byte[] key);

        /** A prefix delete. */
        void deletePrefix(String namespace, byte[] prefix);
    }

    /**
     * Decodes the operations of the verified record at {@code buffer[offset]}.
     *
     * @throws IllegalArgumentException if the operations do not parse (a bug or damage the CRC missed)
     */
    static void decode(byte[] buffer, int offset, OpVisitor visitor) {
        int end = offset + HEADER_BYTES + readInt(buffer, offset);
        int count = readInt(buffer, offset + HEADER_BYTES + 4);
        int at = offset + HEADER_BYTES + 8;
        byte[] lastNamespaceBytes = null;
        String lastNamespace = null;
        for (int i = 0; i < count; i++) {
            check(at + 3 <= end);
            byte type = buffer[at];
            int nsLength = readShort(buffer, at + 1);
            at += 3;
            check(nsLength > 0 && at + nsLength + 2 <= end);
            if (lastNamespaceBytes == null || !Arrays.equals(lastNamespaceBytes, 0, lastNamespaceBytes.length,
                    buffer, at, at + nsLength)) {
                lastNamespaceBytes = Arrays.copyOfRange(buffer, at, at + nsLength);
                lastNamespace = new String(lastNamespaceBytes, StandardCharsets.UTF_8);
            }
            at += nsLength;
            int keyLength = readShort(buffer, at);
            at += 2;
            check(at + keyLength <= end);
            int keyOffset = at;
            at += keyLength;
            switch (type) {
                case PUT -> {
                    check(at + VALUE_HEADER_BYTES <= end);
                    int valueLength = readInt(buffer, at);
                    check(valueLength >= 0 && valueLength <= end - at - VALUE_HEADER_BYTES);
                    visitor.put(lastNamespace, buffer, keyOffset, keyLength, at, valueLength);
                    at += VALUE_HEADER_BYTES + valueLength;
                }
                case DELETE -> visitor.delete(lastNamespace, Arrays.copyOfRange(buffer, keyOffset, at));
                case DELETE_PREFIX -> visitor.deletePrefix(lastNamespace, Arrays.copyOfRange(buffer, keyOffset, at));
                default -> throw new IllegalArgumentException("unknown operation type " + type);
            }
        }
        check(at == end);
    }

    static int readInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    static int readShort(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    static void writeInt(byte[] b, int at, int value) {
        b[at] = (byte) (value >>> 24);
        b[at + 1] = (byte) (value >>> 16);
        b[at + 2] = (byte) (value >>> 8);
        b[at + 3] = (byte) value;
    }

    private static void check(boolean ok) {
        if (!ok) {
            throw new IllegalArgumentException("operation runs past the end of its record");
        }
    }

    /** Builds one record operation by operation. */
    static final class Builder {

        private byte[] buffer;
        private int size = HEADER_BYTES + 8;
        private int count;

        Builder(int capacity) {
            buffer = new byte[Math.max(capacity, 64)];
        }

        /** Bytes so far, header included. */
        int size() {
            return size;
        }

        /** Operations so far. */
        int count() {
            return count;
        }

        /** Appends a put and returns the record offset of its value-length field. */
        int put(byte[] namespace, byte[] key, byte[] value) {
            int field = keyOp(PUT, namespace, key);
            ensure(VALUE_HEADER_BYTES + value.length);
            writeInt(buffer, size, value.length);
            writeInt(buffer, size + 4, valueCrc(value, 0, value.length));
            System.arraycopy(value, 0, buffer, size + VALUE_HEADER_BYTES, value.length);
            size += VALUE_HEADER_BYTES + value.length;
            return field;
        }

        /**
         * Appends a put whose value-length field, CRC and value are copied verbatim from
         * {@code raw} (as read from another segment, so a damaged value stays detectably damaged).
         */
        int putRaw(byte[] namespace, byte[] key, byte[] raw, int offset, int length) {
            int field = keyOp(PUT, namespace, key);
            ensure(length);
            System.arraycopy(raw, offset, buffer, size, length);
            size += length;
            return field;
        }

        /** Appends an operation without a value; returns the offset just past it. */
        int keyOp(byte type, byte[] namespace, byte[] key) {
            if (key.length > MAX_KEY_BYTES) {
                throw new IllegalArgumentException("keys are limited to " + MAX_KEY_BYTES + " bytes; got " + key.length);
            }
            ensure(5 + namespace.length + key.length);
            buffer[size] = type;
            buffer[size + 1] = (byte) (namespace.length >>> 8);
            buffer[size + 2] = (byte) namespace.length;
            System.arraycopy(namespace, 0, buffer, size + 3, namespace.length);
            int at = size + 3 + namespace.length;
            buffer[at] = (byte) (key.length >>> 8);
            buffer[at + 1] = (byte) key.length;
            System.arraycopy(key, 0, buffer, at + 2, key.length);
            size = at + 2 + key.length;
            count++;
            return size;
        }

        /** Writes the header and returns the record bytes. */
        byte[] finish() {
            int payload = size - HEADER_BYTES;
            writeInt(buffer, 0, payload);
            buffer[HEADER_BYTES] = KIND_BATCH;
            writeInt(buffer, HEADER_BYTES + 4, count);
            writeInt(buffer, 4, (int) structureCrc(buffer, 0));
            return buffer.length == size ? buffer : Arrays.copyOf(buffer, size);
        }

        private void ensure(int more) {
            long needed = (long) size + more;
            if (needed - HEADER_BYTES > MAX_PAYLOAD) {
                throw new IllegalArgumentException("a write batch is limited to " + (MAX_PAYLOAD >> 20) + " MiB");
            }
            if (needed > buffer.length) {
                buffer = Arrays.copyOf(buffer, (int) Math.min(Math.max(needed, 2L * buffer.length), Integer.MAX_VALUE - 8));
            }
        }
    }
}
