package dev.sealdex.engine.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.sealdex.engine.testing.Golden;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins the on-disk formats of the disk store (manifest, segment header, record and operations)
 * with golden files: the current code must write them byte for byte and read them back.
 */
class DiskStoreFormatTest {

    private static final List<String> FILES = List.of(Manifest.FILE, "00000001.seg", "00000002.seg");

    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] pattern(int length, int step) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * step);
        }
        return bytes;
    }

    private static DiskStore.Options options() {
        return DiskStore.Options.defaults().withSegmentBytes(4096).withAutoCompact(false, 0).withStrictRecovery(true);
    }

    /** A fixed history: every operation type, two namespaces, and a roll to a second segment. */
    private static void writeHistory(Store store) {
        store.write(new WriteBatch()
                .put("items", new byte[] {0, 1}, b("alpha"))
                .put("items", new byte[] {0, 2}, pattern(300, 7))
                .put("meta", b("config"), b("{\"dimension\":4}"))
                .put("meta", b("empty"), new byte[0]), Durability.SYNC);
        store.write(new WriteBatch().delete("items", new byte[] {0, 1}).deletePrefix("meta", b("con")), Durability.ASYNC);
        for (int i = 0; i < 3; i++) {
            store.write(new WriteBatch().put("items", new byte[] {1, (byte) i}, pattern(1500, i + 3)), Durability.SYNC);
        }
    }

    @Test
    void theStoreWritesItsGoldenFiles() throws IOException {
        try (DiskStore store = DiskStore.open(dir, options())) {
            writeHistory(store);
        }
        for (String file : FILES) {
            Golden.check("store/" + file, Files.readAllBytes(dir.resolve(file)));
        }
    }

    @Test
    void theStoreReadsItsGoldenFiles() throws IOException {
        for (String file : FILES) {
            Files.write(dir.resolve(file), Golden.read("store/" + file));
        }
        try (DiskStore store = DiskStore.open(dir, options())) {
            assertEquals(0, store.recovery().tornTailBytes());
            assertEquals(5, store.recovery().records());
            assertNull(store.get("items", new byte[] {0, 1}));
            assertArrayEquals(pattern(300, 7), store.get("items", new byte[] {0, 2}));
            assertNull(store.get("meta", b("config")));
            assertArrayEquals(new byte[0], store.get("meta", b("empty")));
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(pattern(1500, i + 3), store.get("items", new byte[] {1, (byte) i}));
            }
            assertEquals(5, store.stats().keys());
        }
    }

    @Test
    void aRecordIsLaidOutAsDocumented() {
        BatchRecord.Encoded encoded = BatchRecord.encode(new WriteBatch().put("n", new byte[] {7}, new byte[] {1, 2})
                .delete("n", new byte[] {8}));
        byte[] r = encoded.bytes();
        // length, crc, kind 1, reserved, count 2
        assertEquals(r.length - 8, BatchRecord.readInt(r, 0));
        assertEquals(1, r[8]);
        assertEquals(2, BatchRecord.readInt(r, 12));
        // put: type 1, ns length 1, "n", key length 1, key 7, value length 2, value crc, value
        assertArrayEquals(new byte[] {1, 0, 1, 'n', 0, 1, 7, 0, 0, 0, 2}, java.util.Arrays.copyOfRange(r, 16, 27));
        assertEquals(BatchRecord.valueCrc(new byte[] {1, 2}, 0, 2), BatchRecord.readInt(r, 27));
        assertArrayEquals(new byte[] {1, 2, 2, 0, 1, 'n', 0, 1, 8}, java.util.Arrays.copyOfRange(r, 31, 40));
        assertEquals(27 - 4, encoded.putOffsets()[0]);
        assertEquals(r.length, BatchRecord.validRecordLength(r, 0, r.length));
    }
}
