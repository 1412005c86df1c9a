package dev.sealdex.engine.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Cuts the power at hundreds of seeded points of a workload (through the {@link StorageIo} seam)
 * and checks what a restart finds: the store always opens, every batch acknowledged as
 * {@link Durability#SYNC} survives, and the state is exactly that after some prefix of the
 * batches (a batch is never half there).
 */
class DiskStorePowerLossTest {

    private static final Path DIR = Path.of("/simulated/data");
    private static final List<String> NAMESPACES = List.of("a", "b");

    private record Step(WriteBatch batch, Durability durability, boolean compactAfter) {
    }

    private static DiskStore.Options options(StorageIo io) {
        return DiskStore.Options.defaults().withIo(io).withSegmentBytes(4096).withAutoCompact(false, 0);
    }

    /** A seeded workload with puts, overwrites, deletes, prefix deletes, rolls and compactions. */
    private static List<Step> workload(long seed, List<String> statesOut) {
        Random random = new Random(seed);
        Map<String, TreeMap<String, String>> model = Map.of("a", new TreeMap<>(), "b", new TreeMap<>());
        List<Step> steps = new ArrayList<>();
        statesOut.add(render(model));
        for (int i = 0; i < 70; i++) {
            WriteBatch batch = new WriteBatch();
            int ops = 1 + random.nextInt(5);
            for (int j = 0; j < ops; j++) {
                String ns = NAMESPACES.get(random.nextInt(2));
                String key = String.format("%02x%02x", random.nextInt(3), random.nextInt(12));
                int kind = random.nextInt(10);
                if (kind < 7) {
                    byte[] value = new byte[random.nextInt(400)];
                    random.nextBytes(value);
                    batch.put(ns, HexFormat.of().parseHex(key), value);
                    model.get(ns).put(key, HexFormat.of().formatHex(value));
                } else if (kind < 9) {
                    batch.delete(ns, HexFormat.of().parseHex(key));
                    model.get(ns).remove(key);
                } else {
                    String prefix = key.substring(0, 2);
                    batch.deletePrefix(ns, HexFormat.of().parseHex(prefix));
                    model.get(ns).keySet().removeIf(k -> k.startsWith(prefix));
                }
            }
            steps.add(new Step(batch, random.nextBoolean() ? Durability.SYNC : Durability.ASYNC, i % 17 == 16));
            statesOut.add(render(model));
        }
        return steps;
    }

    private static String render(Map<String, TreeMap<String, String>> model) {
        StringBuilder out = new StringBuilder();
        for (String ns : NAMESPACES) {
            model.get(ns).forEach((k, v) -> out.append(ns).append('/').append(k).append('=').append(v).append('\n'));
        }
        return out.toString();
    }

    private static String render(Store store) {
        StringBuilder out = new StringBuilder();
        for (String ns : NAMESPACES) {
            store.scan(ns, new byte[0], (k, v) -> {
                out.append(ns).append('/').append(HexFormat.of().formatHex(k)).append('=')
                        .append(HexFormat.of().formatHex(v)).append('\n');
                return true;
            });
        }
        return out.toString();
    }

    /** Runs {@code steps} until the power fails; fills {@code acked} and returns the batches attempted. */
    private static int run(SimulatedIo io, List<Step> steps, boolean[] acked) {
        DiskStore store;
        try {
            store = DiskStore.open(DIR, options(io));
        } catch (StoreException e) {
            return 0;
        }
        int attempted = 0;
        try {
            for (int i = 0; i < steps.size(); i++) {
                attempted = i + 1;
                store.write(steps.get(i).batch(), steps.get(i).durability());
                acked[i] = true;
                if (steps.get(i).compactAfter()) {
                    store.compact();
                }
            }
        } catch (StoreException e) {
            assertTrue(io.powerLost(), "a write failed without a power loss: " + e);
        } finally {
            store.close();
        }
        return attempted;
    }

    @Test
    void everySyncedBatchSurvivesPowerLossAtAnyPoint() {
        List<String> states = new ArrayList<>();
        List<Step> steps = workload(42, states);
        SimulatedIo calibration = new SimulatedIo();
        boolean[] all = new boolean[steps.size()];
        assertEquals(steps.size(), run(calibration, steps, all));
        long operations = calibration.operations();
        assertTrue(operations > 200, "the workload should do a few hundred I/O operations, did " + operations);

        Random points = new Random(7);
        int checked = 0;
        for (int point = 0; point < 500; point++) {
            long cut = 1 + points.nextInt((int) operations);
            SimulatedIo io = new SimulatedIo();
            io.powerLossAt(cut);
            boolean[] acked = new boolean[steps.size()];
            int attempted = run(io, steps, acked);
            boolean processCrash = point % 10 == 9;
            SimulatedIo restarted = processCrash ? io.afterProcessCrash() : io.afterPowerLoss(new Random(point));
            int mustHave = 0;
            for (int i = 0; i < steps.size(); i++) {
                if (acked[i] && (processCrash || steps.get(i).durability() == Durability.SYNC)) {
                    mustHave = i + 1;
                }
            }
            String context = "power cut at operation " + cut + " of " + operations + " (point " + point + ")";
            try (DiskStore store = DiskStore.open(DIR, options(restarted))) {
                assertEquals(List.of(), store.recovery().corruptions(), context);
                String found = render(store);
                int prefix = -1;
                for (int k = mustHave; k <= attempted && prefix < 0; k++) {
                    if (states.get(k).equals(found)) {
                        prefix = k;
                    }
                }
                if (prefix < 0) {
                    fail(context + ": the state after restart is not that of any batch prefix from " + mustHave
                            + " (the last synced) to " + attempted + " (attempted)");
                }
                // The recovered store takes new writes, and they survive a clean restart.
                store.write(new WriteBatch().put("a", new byte[] {9}, new byte[] {1, 2, 3}), Durability.SYNC);
            }
            try (DiskStore store = DiskStore.open(DIR, options(restarted))) {
                assertArrayEquals(new byte[] {1, 2, 3}, store.get("a", new byte[] {9}), context);
            }
            checked++;
        }
        assertEquals(500, checked);
    }

    @Test
    void concurrentSyncWritersLoseNothingAcknowledged() throws Exception {
        int threads = 4;
        int each = 40;
        SimulatedIo calibration = new SimulatedIo();
        writeConcurrently(calibration, threads, each, new ConcurrentHashMap<>());
        long operations = calibration.operations();
        Random points = new Random(11);
        for (int point = 0; point < 60; point++) {
            SimulatedIo io = new SimulatedIo();
            io.powerLossAt(1 + points.nextInt((int) operations));
            Map<String, byte[]> acked = new ConcurrentHashMap<>();
            writeConcurrently(io, threads, each, acked);
            try (DiskStore store = DiskStore.open(DIR, options(io.afterPowerLoss(new Random(point))))) {
                for (Map.Entry<String, byte[]> entry : acked.entrySet()) {
                    assertArrayEquals(entry.getValue(), store.get("a", entry.getKey().getBytes(StandardCharsets.UTF_8)),
                            "acknowledged write " + entry.getKey() + " lost at point " + point);
                }
            }
        }
    }

    private static void writeConcurrently(SimulatedIo io, int threads, int each, Map<String, byte[]> acked)
            throws InterruptedException {
        DiskStore store;
        try {
            store = DiskStore.open(DIR, options(io));
        } catch (StoreException e) {
            return;
        }
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread.ofPlatform().start(() -> {
                try {
                    Random random = new Random(thread);
                    for (int i = 0; i < each; i++) {
                        String key = thread + "/" + i;
                        byte[] value = new byte[random.nextInt(300)];
                        random.nextBytes(value);
                        store.write(new WriteBatch().put("a", key.getBytes(StandardCharsets.UTF_8), value), Durability.SYNC);
                        acked.put(key, value);
                    }
                } catch (StoreException e) {
                    // the power went out
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        store.close();
    }
}
