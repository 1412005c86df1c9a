package dev.sealdex.bench.store;

import dev.sealdex.engine.store.DiskStore;
import dev.sealdex.engine.store.Durability;
import dev.sealdex.engine.store.StoreStats;
import dev.sealdex.engine.store.WriteBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Rough timings of the disk store, printed, not asserted: durable write throughput with group
 * commit, and reopen time for a million small records. A main rather than JMH because each figure
 * is seconds of wall time with many writer threads and fsyncs, not a hot loop.
 *
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar dev.sealdex.bench.store.DiskStoreTiming [folder]
 * </pre>
 */
public final class DiskStoreTiming {

    private DiskStoreTiming() {
    }

    /** Runs the timings in {@code args[0]} (default: a temporary folder, deleted afterwards). */
    public static void main(String[] args) throws Exception {
        Path root = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("sealdex-timing");
        try {
            System.out.printf("folder %s, %d cores%n", root, Runtime.getRuntime().availableProcessors());
            for (int threads : new int[] {1, 16, 64, 256}) {
                durable(root.resolve("sync-" + threads), threads, 1, 3);
            }
            for (int threads : new int[] {1, 4}) {
                durable(root.resolve("batch-" + threads), threads, 100, 3);
            }
            reopen(root.resolve("reopen"), 1_000_000);
        } finally {
            if (args.length == 0) {
                delete(root);
            }
        }
    }

    /** {@code threads} writers, each committing SYNC batches of {@code perBatch} 600-byte items. */
    private static void durable(Path dir, int threads, int perBatch, int seconds) throws Exception {
        try (DiskStore store = DiskStore.open(dir)) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong items = new AtomicLong();
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                writers.add(Thread.ofPlatform().start(() -> {
                    Random random = new Random(thread);
                    byte[] value = new byte[600];
                    random.nextBytes(value);
                    for (long i = 0; !stop.get(); i++) {
                        WriteBatch batch = new WriteBatch();
                        for (int j = 0; j < perBatch; j++) {
                            byte[] key = new byte[16];
                            random.nextBytes(key);
                            batch.put("items", key, value);
                        }
                        store.write(batch, Durability.SYNC);
                        items.addAndGet(perBatch);
                    }
                }));
            }
            Thread.sleep(500);
            long startItems = items.get();
            StoreStats before = store.stats();
            long start = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long elapsed = System.nanoTime() - start;
            long done = items.get() - startItems;
            StoreStats after = store.stats();
            stop.set(true);
            for (Thread writer : writers) {
                writer.join();
            }
            double secs = elapsed / 1e9;
            System.out.printf("SYNC writes: %3d threads x %3d items/batch: %,9.0f items/s, %,8.0f batches/s, "
                            + "%,7.0f fsyncs/s (%.1f batches per fsync)%n",
                    threads, perBatch, done / secs, (after.batches() - before.batches()) / secs,
                    (after.syncs() - before.syncs()) / secs,
                    (double) (after.batches() - before.batches()) / Math.max(1, after.syncs() - before.syncs()));
        }
    }

    /** Writes {@code count} records (16-byte keys, 100-byte values), then times reopening, before and after compaction. */
    private static void reopen(Path dir, int count) {
        Random random = new Random(1);
        long start = System.nanoTime();
        try (DiskStore store = DiskStore.open(dir)) {
            for (int done = 0; done < count; ) {
                WriteBatch batch = new WriteBatch();
                for (int j = 0; j < 1000 && done < count; j++, done++) {
                    byte[] key = new byte[16];
                    random.nextBytes(key);
                    byte[] value = new byte[100];
                    random.nextBytes(value);
                    batch.put("items", key, value);
                }
                store.write(batch, Durability.ASYNC);
            }
            System.out.printf("wrote %,d records in %.2f s; %s%n", count, (System.nanoTime() - start) / 1e9, store.stats());
        }
        timeOpen(dir, "reopen, log order");
        try (DiskStore store = DiskStore.open(dir)) {
            long t = System.nanoTime();
            store.compact();
            System.out.printf("compaction: %.2f s%n", (System.nanoTime() - t) / 1e9);
        }
        timeOpen(dir, "reopen, compacted");
    }

    private static void timeOpen(Path dir, String what) {
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            try (DiskStore store = DiskStore.open(dir)) {
                long opened = System.nanoTime() - start;
                long scanStart = System.nanoTime();
                long[] seen = {0};
                store.scan("items", new byte[0], (k, v) -> {
                    seen[0]++;
                    return true;
                });
                System.out.printf("%s: open %.0f ms (%,d records replayed), full scan %.0f ms (%,d values), "
                                + "index %,d bytes, heap used %,d MB%n", what, opened / 1e6, store.recovery().records(),
                        (System.nanoTime() - scanStart) / 1e6, seen[0], store.stats().indexMemoryBytes(),
                        (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
            }
        }
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
