package dev.sealdex.engine.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What compaction does with the segments it replaces, and readers running while it does. */
class DiskStoreCompactionTest {

    private static final int KEYS = 40;
    private static final int VALUE_BYTES = 300;

    @TempDir
    Path dir;

    private static DiskStore.Options small(StorageIo io) {
        return DiskStore.Options.defaults().withIo(io).withSegmentBytes(4096).withAutoCompact(false, 0);
    }

    private static byte[] key(int k) {
        return String.format("k%03d", k).getBytes(StandardCharsets.UTF_8);
    }

    /** {@code VALUE_BYTES} bytes that name their key and round, so a reader can tell a wrong value. */
    private static byte[] value(int k, int round) {
        byte[] value = new byte[VALUE_BYTES];
        Arrays.fill(value, (byte) ('a' + k % 26));
        byte[] tag = String.format("k%03d@%d;", k, round).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(tag, 0, value, 0, tag.length);
        return value;
    }

    /** Throws unless {@code value} is some round's value of key {@code k}. */
    private static void checkValue(int k, byte[] value) {
        String text = new String(value, StandardCharsets.US_ASCII);
        String tag = String.format("k%03d@", k);
        if (value.length != VALUE_BYTES || !text.startsWith(tag)) {
            throw new AssertionError("key " + k + " read a wrong value: " + text.substring(0, Math.min(20, text.length())));
        }
        int round = Integer.parseInt(text.substring(tag.length(), text.indexOf(';')));
        assertArrayEquals(value(k, round), value, "key " + k + " round " + round);
    }

    /** Overwrites every key {@code rounds} times, so most of the segments become garbage. */
    private static void overwrite(DiskStore store, int firstRound, int rounds) {
        for (int round = firstRound; round < firstRound + rounds; round++) {
            WriteBatch batch = new WriteBatch();
            for (int k = 0; k < KEYS; k++) {
                batch.put("items", key(k), value(k, round));
            }
            store.write(batch, Durability.ASYNC);
        }
    }

    @Test
    void compactionClosesTheSegmentsItDeletes() {
        SimulatedIo io = new SimulatedIo();
        try (DiskStore store = DiskStore.open(dir, small(io))) {
            for (int compaction = 1; compaction <= 3; compaction++) {
                overwrite(store, 10 * compaction, 10);
                assertTrue(store.stats().segments() > 2, store.stats().toString());
                assertEquals(store.stats().segments(), io.openFiles(), "one handle per listed segment");
                store.compact();
                assertEquals(0, io.openDeletedFiles(), "compaction " + compaction + " left its old segments open");
                assertEquals(store.stats().segments(), io.openFiles(), "one handle per listed segment");
                for (int k = 0; k < KEYS; k++) {
                    assertArrayEquals(value(k, 10 * compaction + 9), store.get("items", key(k)));
                }
            }
            assertEquals(3, store.stats().compactions());
        }
        assertEquals(0, io.openFiles(), "closing the store closes every file");
    }

    @Test
    void compactionFreesTheDeletedFilesAtOnce() throws IOException {
        Path fds = Path.of("/proc/self/fd");
        assumeTrue(Files.isDirectory(fds) && Files.isReadable(Path.of("/proc/self/maps")), "needs Linux /proc");
        Path real = dir.toRealPath();
        try (DiskStore store = DiskStore.open(real, small(StorageIo.fileSystem()))) {
            overwrite(store, 0, 20);
            store.compact();
            assertEquals(List.of(), deletedButOpen(real), "descriptors or mappings of deleted segments");
            for (int k = 0; k < KEYS; k++) {
                assertArrayEquals(value(k, 19), store.get("items", key(k)));
            }
        }
    }

    /** The open descriptors and mappings of this process that name deleted files in {@code folder}. */
    private static List<String> deletedButOpen(Path folder) throws IOException {
        String prefix = folder.toString() + "/";
        List<String> found = new ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    continue; // closed meanwhile (the listing's own descriptor, for one)
                }
                if (target.startsWith(prefix) && target.endsWith(" (deleted)")) {
                    found.add("fd " + fd.getFileName() + " -> " + target);
                }
            }
        }
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            if (line.contains(prefix) && line.endsWith(" (deleted)")) {
                found.add("map " + line);
            }
        }
        return found;
    }

    /**
     * Readers ({@code get} and scans) run while a writer overwrites keys and compactions replace
     * the segments under them; every read returns a whole, correct value. A segment closed while a
     * reader still used it would fail that read (closed channel), mapped or not.
     */
    @ParameterizedTest(name = "real files: {0}")
    @ValueSource(booleans = {true, false})
    void readersNeverFailWhileCompactionsRun(boolean realFiles) throws Exception {
        SimulatedIo simulated = realFiles ? null : new SimulatedIo();
        StorageIo io = realFiles ? StorageIo.fileSystem() : simulated;
        int compactions = 25;
        try (DiskStore store = DiskStore.open(dir, small(io))) {
            overwrite(store, 0, 5);
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                Future<Integer> writer = pool.submit(() -> {
                    int round = 5;
                    while (!stop.get()) {
                        overwrite(store, round++, 1);
                    }
                    return round;
                });
                List<Future<Integer>> readers = new ArrayList<>();
                for (int r = 0; r < 2; r++) {
                    long seed = r;
                    readers.add(pool.submit(() -> read(store, stop, new Random(seed))));
                }
                for (int c = 0; c < compactions; c++) {
                    overwrite(store, 1_000_000 + c, 2);
                    store.compact();
                    if (simulated != null) {
                        assertEquals(0, simulated.openDeletedFiles(), "after compaction " + (c + 1));
                    }
                }
                stop.set(true);
                assertTrue(writer.get() > 5);
                for (Future<Integer> reader : readers) {
                    assertTrue(reader.get() > 0);
                }
            } finally {
                stop.set(true);
                pool.shutdownNow();
            }
            assertEquals(compactions, store.stats().compactions());
            for (int k = 0; k < KEYS; k++) {
                checkValue(k, store.get("items", key(k)));
            }
        }
        if (simulated != null) {
            assertEquals(0, simulated.openFiles());
        }
    }

    /** Reads until {@code stop}: mostly single keys, every eighth time a whole scan; returns the reads. */
    private static int read(DiskStore store, AtomicBoolean stop, Random random) {
        int reads = 0;
        while (!stop.get()) {
            if (reads % 8 == 7) {
                int[] seen = {0};
                store.scan("items", new byte[0], (key, value) -> {
                    String name = new String(key, StandardCharsets.US_ASCII);
                    checkValue(Integer.parseInt(name.substring(1)), value);
                    seen[0]++;
                    return true;
                });
                assertEquals(KEYS, seen[0], "a scan saw every key");
            } else {
                int k = random.nextInt(KEYS);
                checkValue(k, store.get("items", key(k)));
            }
            reads++;
        }
        return reads;
    }
}
