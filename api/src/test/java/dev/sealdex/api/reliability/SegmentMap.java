package dev.sealdex.api.reliability;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the segment files of a data folder as their documented format says (a 20-byte header,
 * then records: payload length, CRC, kind, reserved, operation count, operations; see
 * {@code dev.sealdex.engine.store.BatchRecord}), so a test can find where a given stored object
 * lies and damage exactly it.
 */
final class SegmentMap {

    /** Header bytes of a segment file. */
    static final int HEADER_BYTES = 20;

    /**
     * One operation: {@code recordOffset} is where its record starts; for a put, {@code valueOffset}
     * is the first byte of the value and {@code valueCrcOffset} its CRC32C field.
     */
    record Op(Path file, long recordOffset, int type, String namespace, byte[] key, long valueCrcOffset,
              long valueOffset, int valueLength) {
        boolean isPut() {
            return type == 1;
        }

        boolean keyStartsWith(String prefix) {
            byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
            return key.length >= p.length && Arrays.equals(key, 0, p.length, p, 0, p.length);
        }
    }

    private SegmentMap() {
    }

    /** Every operation in every segment of {@code dataDir}, in log order. */
    static List<Op> read(Path dataDir) throws IOException {
        List<Op> ops = new ArrayList<>();
        List<Path> segments;
        try (Stream<Path> files = Files.list(dataDir)) {
            segments = files.filter(p -> p.getFileName().toString().endsWith(".seg")).sorted().toList();
        }
        for (Path segment : segments) {
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(segment));
            int position = HEADER_BYTES;
            while (position + 16 <= bytes.limit()) {
                int payload = bytes.getInt(position);
                int end = position + 8 + payload;
                int count = bytes.getInt(position + 12);
                int at = position + 16;
                for (int i = 0; i < count; i++) {
                    int type = bytes.get(at);
                    int nsLength = Short.toUnsignedInt(bytes.getShort(at + 1));
                    String namespace = new String(bytes.array(), at + 3, nsLength, StandardCharsets.UTF_8);
                    at += 3 + nsLength;
                    int keyLength = Short.toUnsignedInt(bytes.getShort(at));
                    byte[] key = Arrays.copyOfRange(bytes.array(), at + 2, at + 2 + keyLength);
                    at += 2 + keyLength;
                    if (type == 1) {
                        int valueLength = bytes.getInt(at);
                        ops.add(new Op(segment, position, type, namespace, key, at + 4, at + 8, valueLength));
                        at += 8 + valueLength;
                    } else {
                        ops.add(new Op(segment, position, type, namespace, key, -1, -1, 0));
                    }
                }
                if (at != end) {
                    throw new IllegalStateException(segment + ": record at " + position + " does not parse");
                }
                position = end;
            }
        }
        return ops;
    }

    /**
     * Recomputes the CRC of the record at {@code record} in {@code segment} (bytes 0..4, then the
     * payload without the value bytes), as someone rewriting the file on purpose would.
     */
    static void fixRecordCrc(byte[] segment, int record) {
        ByteBuffer bytes = ByteBuffer.wrap(segment);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(segment, record, 4);
        int end = record + 8 + bytes.getInt(record);
        int at = record + 8;
        int opsStart = record + 16;
        crc.update(segment, at, opsStart - at);
        at = opsStart;
        while (at < end) {
            int type = bytes.get(at);
            int nsLength = Short.toUnsignedInt(bytes.getShort(at + 1));
            int keyAt = at + 3 + nsLength;
            int keyLength = Short.toUnsignedInt(bytes.getShort(keyAt));
            int next = keyAt + 2 + keyLength;
            if (type == 1) {
                crc.update(segment, at, next + 8 - at);
                at = next + 8 + bytes.getInt(next);
            } else {
                crc.update(segment, at, next - at);
                at = next;
            }
        }
        bytes.putInt(record + 4, (int) crc.getValue());
    }

    /** The last put of {@code key} in {@code namespace} (the live value), or null. */
    static Op live(List<Op> ops, String namespace, byte[] key) {
        Op found = null;
        for (Op op : ops) {
            if (op.namespace().equals(namespace) && Arrays.equals(op.key(), key)) {
                found = op.isPut() ? op : null;
            }
        }
        return found;
    }
}
