package dev.sealdex.engine.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealdex.engine.crypto.IntegrityException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged files, torn tails, the process lock and interrupts, on real files. */
class DiskStoreDamageTest {

    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static DiskStore.Options small() {
        return DiskStore.Options.defaults().withSegmentBytes(4096).withAutoCompact(false, 0);
    }

    /** Fills two segments: keys k00..k19 with 400-byte values "value-NN..." */
    private void fill() {
        try (DiskStore store = DiskStore.open(dir, small())) {
            for (int i = 0; i < 20; i++) {
                store.write(new WriteBatch().put("items", b(String.format("k%02d", i)), value(i)), Durability.SYNC);
            }
            assertTrue(store.stats().segments() >= 2);
        }
    }

    private static byte[] value(int i) {
        byte[] value = new byte[400];
        Arrays.fill(value, (byte) ('a' + i % 26));
        byte[] tag = b(String.format("value-%02d", i));
        System.arraycopy(tag, 0, value, 0, tag.length);
        return value;
    }

    /** Flips one bit of the first occurrence of {@code marker} in any segment; returns file and offset. */
    private Object[] flip(byte[] marker, int delta) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".seg")).sorted().toList()) {
                byte[] bytes = Files.readAllBytes(file);
                for (int i = 0; i + marker.length <= bytes.length; i++) {
                    if (Arrays.equals(bytes, i, i + marker.length, marker, 0, marker.length)) {
                        bytes[i + delta] ^= 0x10;
                        Files.write(file, bytes);
                        return new Object[] {file, (long) i};
                    }
                }
            }
        }
        throw new AssertionError("marker not found");
    }

    @Test
    void aDamagedValueIsReportedWithFileAndOffsetAndTheRestServes() throws IOException {
        fill();
        Object[] where = flip(b("value-03"), 2);
        assertThrows(StoreCorruptionException.class, () -> DiskStore.open(dir, small().withStrictRecovery(true)));
        try (DiskStore store = DiskStore.open(dir, small())) {
            // Found once while replaying, and again by the read.
            assertEquals(1, store.recovery().corruptions().size());
            assertEquals((long) where[1] - 8, store.recovery().corruptions().getFirst().offset());
            assertFalse(store.recovery().corruptions().getFirst().recordsLost(), "only a value is damaged");
            StoreCorruptionException e = assertThrows(StoreCorruptionException.class, () -> store.get("items", b("k03")));
            assertEquals(where[0], e.file());
            assertEquals((long) where[1] - 8, e.offset(), "the offset of the value's length field");
            assertTrue(e.getMessage().contains(where[0].toString()) && e.getMessage().contains("CRC32C"), e.getMessage());
            assertEquals(2, store.stats().corruptionsDetected());
            assertArrayEquals(value(4), store.get("items", b("k04")));
            assertThrows(StoreCorruptionException.class, () -> store.scan("items", new byte[0], (k, v) -> true));
            List<String> skipped = new ArrayList<>();
            List<String> seen = new ArrayList<>();
            store.scan("items", new byte[0], new Store.ScanVisitor() {
                @Override
                public boolean visit(byte[] key, byte[] v) {
                    seen.add(new String(key, StandardCharsets.UTF_8));
                    return true;
                }

                @Override
                public boolean corrupt(byte[] key, IntegrityException error) {
                    skipped.add(new String(key, StandardCharsets.UTF_8));
                    return true;
                }
            });
            assertEquals(List.of("k03"), skipped);
            assertEquals(19, seen.size());
            // Compaction keeps the damage visible instead of laundering it.
            store.compact();
            assertThrows(StoreCorruptionException.class, () -> store.get("items", b("k03")));
            assertArrayEquals(value(5), store.get("items", b("k05")));
        }
    }

    @Test
    void aDamagedRecordIsSkippedAndReportedOrFailsAStrictOpen() throws IOException {
        fill();
        Path first = dir.resolve("00000001.seg");
        byte[] bytes = Files.readAllBytes(first);
        bytes[Segment.HEADER_BYTES + 1] ^= 0x01; // the first record's length
        Files.write(first, bytes);
        StoreCorruptionException strict = assertThrows(StoreCorruptionException.class,
                () -> DiskStore.open(dir, small().withStrictRecovery(true)));
        assertEquals(first, strict.file());
        assertEquals(Segment.HEADER_BYTES, strict.offset());
        try (DiskStore store = DiskStore.open(dir, small())) {
            List<StoreCorruptionException> found = store.recovery().corruptions();
            assertEquals(1, found.size());
            assertEquals(first, found.getFirst().file());
            assertEquals(Segment.HEADER_BYTES, found.getFirst().offset());
            assertTrue(found.getFirst().recordsLost(), "a whole record was skipped");
            assertEquals(1, store.stats().corruptionsDetected());
            assertNull(store.get("items", b("k00")), "the damaged batch is not applied");
            for (int i = 1; i < 20; i++) {
                assertArrayEquals(value(i), store.get("items", b(String.format("k%02d", i))));
            }
        }
    }

    @Test
    void aTornTailIsCutOffAndWritingGoesOn() throws IOException {
        fill();
        Path last;
        try (var files = Files.list(dir)) {
            last = files.filter(p -> p.toString().endsWith(".seg")).sorted().toList().getLast();
        }
        long size = Files.size(last);
        // Half a record: a plausible length, then garbage, as a crash mid-append leaves it.
        Files.write(last, new byte[] {0, 0, 1, 0, 1, 2, 3, 4, 1, 0, 0, 0, 0, 0}, StandardOpenOption.APPEND);
        try (DiskStore store = DiskStore.open(dir, small().withStrictRecovery(true))) {
            assertEquals(14, store.recovery().tornTailBytes());
            assertEquals(List.of(), store.recovery().corruptions());
            assertEquals(size, Files.size(last));
            store.write(new WriteBatch().put("items", b("after"), b("crash")), Durability.SYNC);
        }
        try (DiskStore store = DiskStore.open(dir, small().withStrictRecovery(true))) {
            assertArrayEquals(b("crash"), store.get("items", b("after")));
            assertArrayEquals(value(19), store.get("items", b("k19")));
            assertEquals(0, store.recovery().tornTailBytes());
        }
    }

    @Test
    void damagedHeadersAndManifestsFailTheOpenNamingTheFile() throws IOException {
        fill();
        Path first = dir.resolve("00000001.seg");
        byte[] original = Files.readAllBytes(first);

        byte[] badMagic = original.clone();
        badMagic[0] = 'X';
        Files.write(first, badMagic);
        StoreCorruptionException e = assertThrows(StoreCorruptionException.class, () -> DiskStore.open(dir, small()));
        assertEquals(first, e.file());
        assertTrue(e.getMessage().contains("magic"), e.getMessage());

        byte[] badId = original.clone();
        badId[15] ^= 1;
        Files.write(first, badId);
        assertEquals(0, assertThrows(StoreCorruptionException.class, () -> DiskStore.open(dir, small())).offset());

        // A header whose CRC holds but that names another segment (a file copied over another).
        byte[] otherSegment = original.clone();
        System.arraycopy(Segment.header(7), 0, otherSegment, 0, Segment.HEADER_BYTES);
        Files.write(first, otherSegment);
        assertEquals(4, assertThrows(StoreCorruptionException.class, () -> DiskStore.open(dir, small())).offset());

        Files.write(first, Arrays.copyOf(original, 7));
        assertTrue(assertThrows(StoreCorruptionException.class, () -> DiskStore.open(dir, small()))
                .getMessage().contains("truncated"));

        byte[] newer = original.clone();
        newer[5] = 9;
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(newer, 0, 16);
        java.nio.ByteBuffer.wrap(newer).putInt(16, (int) crc.getValue());
        Files.write(first, newer);
        StoreException future = assertThrows(StoreException.class, () -> DiskStore.open(dir, small()));
        assertTrue(future.getMessage().contains("newer"), future.getMessage());

        // Regression (found by the corruption test): a bit flipped in the version field is damage, not a newer format.
        byte[] flippedVersion = original.clone();
        flippedVersion[4] ^= 0x40;
        Files.write(first, flippedVersion);
        assertEquals(first, assertThrows(StoreCorruptionException.class, () -> DiskStore.open(dir, small())).file());

        Files.write(first, original);
        Path manifest = dir.resolve(Manifest.FILE);
        byte[] manifestBytes = Files.readAllBytes(manifest);
        byte[] badManifest = manifestBytes.clone();
        badManifest[10] ^= 4;
        Files.write(manifest, badManifest);
        assertEquals(manifest, assertThrows(StoreCorruptionException.class, () -> DiskStore.open(dir, small())).file());
        byte[] flippedManifestVersion = manifestBytes.clone();
        flippedManifestVersion[4] ^= 0x40;
        Files.write(manifest, flippedManifestVersion);
        StoreCorruptionException damaged = assertThrows(StoreCorruptionException.class,
                () -> DiskStore.open(dir, small()));
        assertTrue(damaged.getMessage().contains("offset"), "a damaged manifest version is damage: " + damaged);

        Files.write(manifest, manifestBytes);
        Files.delete(first);
        assertTrue(assertThrows(StoreCorruptionException.class, () -> DiskStore.open(dir, small()))
                .getMessage().contains("missing"));

        Files.write(first, original);
        Files.delete(manifest);
        assertTrue(assertThrows(StoreCorruptionException.class, () -> DiskStore.open(dir, small()))
                .getMessage().contains("MANIFEST is missing"));
    }

    @Test
    void leftoversOfAnInterruptedCompactionAreRemoved() throws IOException {
        fill();
        Files.write(dir.resolve("00000099.seg"), Segment.header(99));
        Files.write(dir.resolve(Manifest.TEMP), new byte[] {1, 2, 3});
        Files.write(dir.resolve("notes.txt"), b("not ours"));
        try (DiskStore store = DiskStore.open(dir, small())) {
            assertArrayEquals(value(7), store.get("items", b("k07")));
        }
        assertFalse(Files.exists(dir.resolve("00000099.seg")));
        assertFalse(Files.exists(dir.resolve(Manifest.TEMP)));
        assertTrue(Files.exists(dir.resolve("notes.txt")));
    }

    @Test
    void compactionReclaimsGarbageAndKeepsEverythingLive() throws IOException {
        try (DiskStore store = DiskStore.open(dir, small())) {
            for (int round = 0; round < 5; round++) {
                for (int i = 0; i < 20; i++) {
                    store.write(new WriteBatch().put("items", b(String.format("k%02d", i)), value(i + round)),
                            Durability.ASYNC);
                }
            }
            store.write(new WriteBatch().deletePrefix("items", b("k1")), Durability.SYNC);
            long before = store.stats().fileBytes();
            long reclaimed = store.compact();
            assertTrue(reclaimed > 0 && store.stats().fileBytes() < before / 4, store.stats().toString());
            assertEquals(1, store.stats().compactions());
            for (int i = 0; i < 10; i++) {
                assertArrayEquals(value(i + 4), store.get("items", b(String.format("k%02d", i))));
            }
            assertNull(store.get("items", b("k10")));
        }
        try (var files = Files.list(dir)) {
            assertEquals(2, files.filter(p -> p.toString().endsWith(".seg")).count(), "the old segments are deleted");
        }
        try (DiskStore store = DiskStore.open(dir, small())) {
            assertEquals(10, store.stats().keys());
            assertArrayEquals(value(9 + 4), store.get("items", b("k09")));
        }
    }

    @Test
    void automaticCompactionRunsInTheBackground() throws Exception {
        try (DiskStore store = DiskStore.open(dir, small().withAutoCompact(true, 8192))) {
            for (int round = 0; round < 30; round++) {
                for (int i = 0; i < 10; i++) {
                    store.write(new WriteBatch().put("items", b("k" + i), value(round)), Durability.ASYNC);
                }
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (store.stats().compactions() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(store.stats().compactions() > 0);
            assertArrayEquals(value(29), store.get("items", b("k3")));
        }
    }

    @Test
    void aSecondOpenOfTheFolderIsRefusedNamingIt() {
        try (DiskStore store = DiskStore.open(dir, small())) {
            StoreLockedException e = assertThrows(StoreLockedException.class, () -> DiskStore.open(dir, small()));
            assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
            assertEquals(dir, e.directory());
            store.write(new WriteBatch().put("a", b("k"), b("v")), Durability.SYNC);
        }
        try (DiskStore store = DiskStore.open(dir, small())) {
            assertArrayEquals(b("v"), store.get("a", b("k")));
        }
    }

    @Test
    void anInterruptedThreadDoesNotBreakTheStore() {
        try (DiskStore store = DiskStore.open(dir, small())) {
            store.write(new WriteBatch().put("a", b("k"), b("v")), Durability.SYNC);
            Thread.currentThread().interrupt();
            try {
                // FileChannel closes itself when a thread is interrupted inside I/O; the store reopens it.
                assertArrayEquals(b("v"), store.get("a", b("k")));
                store.write(new WriteBatch().put("a", b("k2"), b("v2")), Durability.SYNC);
                assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status is kept");
            } finally {
                Thread.interrupted();
            }
            assertArrayEquals(b("v2"), store.get("a", b("k2")));
        }
    }

    @Test
    void oversizedKeysAreRefused() {
        try (DiskStore store = DiskStore.open(dir, small())) {
            assertThrows(IllegalArgumentException.class,
                    () -> store.write(new WriteBatch().put("a", new byte[70_000], b("v")), Durability.SYNC));
            store.write(new WriteBatch().put("a", new byte[65_535], b("v")), Durability.SYNC);
        }
    }
}
