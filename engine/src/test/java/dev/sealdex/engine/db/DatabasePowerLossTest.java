package dev.sealdex.engine.db;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sealdex.engine.kernel.Kernels;
import dev.sealdex.engine.kernel.ScalarKernels;
import dev.sealdex.engine.model.EngineResources;
import dev.sealdex.engine.model.IndexConfig;
import dev.sealdex.engine.model.Item;
import dev.sealdex.engine.model.Metric;
import dev.sealdex.engine.model.Permission;
import dev.sealdex.engine.model.StoragePrecision;
import dev.sealdex.engine.store.DiskStore;
import dev.sealdex.engine.store.SimulatedIo;
import dev.sealdex.engine.store.StoreException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Power loss under the whole engine. A seeded workload runs through the
 * {@link Database} facade on a {@link DiskStore} whose file system is {@link SimulatedIo}: index
 * creation (key envelope, nonce mark, manifest, catalog), upserts, overwrites, deletes, a user
 * created, clean restarts (checkpoints, new nonce reservations) and compactions. The power is cut
 * at a seeded operation; the disk keeps what was synced plus a random prefix of the rest, the last
 * write possibly torn. Then start-up must succeed (a torn tail is never an error), every write the
 * engine acknowledged must be there and read back identical, a write in flight must be absent or
 * whole, and the recovered database must take new writes that survive a clean restart.
 *
 * <p>This runs in-process, not against a server process: the seam is an object inside the JVM,
 * and what survives a simulated power loss exists only in that object, so no second process could
 * restart on it. Real-process crashes are the reliability suite's kill -9 test in the api module.
 * 60 points in a normal run, 500 with {@code SEALDEX_TEST_LONG=true} ({@code ./sealdex test --long}).
 */
@Tag("reliability")
class DatabasePowerLossTest {

    private static final Path DIR = Path.of("/simulated/data");
    private static final boolean LONG = "true".equalsIgnoreCase(System.getenv("SEALDEX_TEST_LONG"))
            || "true".equalsIgnoreCase(System.getProperty("sealdex.test.long"));
    private static final int POINTS = LONG ? 500 : 60;
    private static final int DIMENSION = 4;
    private static final String INDEX = "power";
    private static final byte[] KEY = new byte[32];

    static {
        new SplittableRandom(77).nextBytes(KEY);
    }

    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final EngineResources resources = new EngineResources(new Kernels(ScalarKernels.INSTANCE), executor, 2);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** One step of the workload. */
    private sealed interface Step permits Upsert, Delete, AddUser, Restart, Compact {
    }

    private record Upsert(List<String> ids, int[] versions) implements Step {
    }

    private record Delete(List<String> ids) implements Step {
    }

    private record AddUser() implements Step {
    }

    private record Restart() implements Step {
    }

    private record Compact() implements Step {
    }

    private static List<Step> workload(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Step> steps = new ArrayList<>();
        int version = 0;
        for (int i = 0; i < 40; i++) {
            int kind = random.nextInt(20);
            if (kind < 12) {
                Set<String> ids = new TreeSet<>();
                for (int n = 1 + random.nextInt(25); n > 0; n--) {
                    ids.add("id-" + random.nextInt(60));
                }
                int[] versions = new int[ids.size()];
                for (int v = 0; v < versions.length; v++) {
                    versions[v] = ++version;
                }
                steps.add(new Upsert(new ArrayList<>(ids), versions));
            } else if (kind < 16) {
                Set<String> ids = new TreeSet<>();
                for (int n = 1 + random.nextInt(5); n > 0; n--) {
                    ids.add("id-" + random.nextInt(60));
                }
                steps.add(new Delete(new ArrayList<>(ids)));
            } else if (kind < 17) {
                steps.add(new AddUser());
            } else if (kind < 19) {
                steps.add(new Restart());
            } else {
                steps.add(new Compact());
            }
        }
        return steps;
    }

    /** Version {@code v} of {@code id}: vector, metadata and contents all derived from both. */
    private static Item item(String id, int version) {
        SplittableRandom random = new SplittableRandom(id.hashCode() * 31L + version);
        float[] vector = new float[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            vector[i] = random.nextInt(1000) / 8f;
        }
        return new Item(id, vector, "{\"id\":\"" + id + "\",\"v\":" + version + "}", version % 3 == 0 ? null
                : "contents of " + id + " v" + version);
    }

    /** What the workload got acknowledged, and what was in flight when the power went. */
    private static final class Ledger {
        boolean created;
        boolean creating;
        final Map<String, Integer> acked = new HashMap<>();
        final Map<String, Set<Integer>> pending = new HashMap<>();
        final List<String> tokens = new ArrayList<>();

        void begin(List<String> ids, int[] versions) {
            for (int i = 0; i < ids.size(); i++) {
                pending.computeIfAbsent(ids.get(i), k -> new HashSet<>()).add(versions[i]);
            }
        }

        void ack(List<String> ids, int[] versions) {
            for (int i = 0; i < ids.size(); i++) {
                acked.put(ids.get(i), versions[i]);
                pending.get(ids.get(i)).remove(versions[i]);
            }
        }
    }

    private DiskStore open(SimulatedIo io) {
        return DiskStore.open(DIR, DiskStore.Options.defaults().withIo(io).withSegmentBytes(16 << 10)
                .withAutoCompact(false, 0));
    }

    private Database database(DiskStore store) {
        return Database.open(store, resources, new DatabaseSettings(-1, true, 10_000));
    }

    /** Runs {@code steps} until they end or the power fails; returns how far it got. */
    private void run(SimulatedIo io, List<Step> steps, Ledger ledger) {
        DiskStore store;
        try {
            store = open(io);
        } catch (StoreException e) {
            return;
        }
        Database db = database(store);
        try {
            ledger.creating = true;
            db.create(INDEX, IndexConfig.standard(DIMENSION, Metric.EUCLIDEAN, StoragePrecision.FLOAT32),
                    Access.withKey(KEY.clone()), null);
            ledger.created = true;
            for (Step step : steps) {
                switch (step) {
                    case Upsert upsert -> {
                        ledger.begin(upsert.ids(), upsert.versions());
                        List<Item> batch = new ArrayList<>();
                        for (int i = 0; i < upsert.ids().size(); i++) {
                            batch.add(item(upsert.ids().get(i), upsert.versions()[i]));
                        }
                        db.open(INDEX, Access.withKey(KEY.clone())).upsert(batch);
                        ledger.ack(upsert.ids(), upsert.versions());
                    }
                    case Delete delete -> {
                        int[] absent = new int[delete.ids().size()];
                        java.util.Arrays.fill(absent, -1);
                        ledger.begin(delete.ids(), absent);
                        db.open(INDEX, Access.withKey(KEY.clone())).delete(delete.ids());
                        ledger.ack(delete.ids(), absent);
                    }
                    case AddUser ignored -> ledger.tokens.add(db.open(INDEX, Access.withKey(KEY.clone()))
                            .createUser(Set.of(Permission.READ)).token());
                    case Restart ignored -> {
                        db.close();
                        store.close();
                        store = open(io);
                        db = database(store);
                    }
                    case Compact ignored -> store.compact();
                }
            }
        } catch (StoreException | StorageUnavailableException e) {
            // The store itself throws StoreException (compact, reopen); the database reports the same failure as unavailable.
            assertTrue(io.powerLost(), "a write failed without a power loss: " + e);
        } catch (RuntimeException e) {
            if (!io.powerLost()) {
                throw e;
            }
        } finally {
            try {
                db.close();
            } catch (RuntimeException afterPowerLoss) {
                // the power is off
            }
            store.close();
        }
    }

    @Test
    void everyAcknowledgedWriteSurvivesPowerLossAtAnyPoint() {
        long seed = new SecureRandom().nextLong();
        String replay = System.getProperty("sealdex.test.seed");
        if (replay == null || replay.isBlank()) {
            replay = System.getenv("SEALDEX_TEST_SEED");
        }
        if (replay != null && !replay.isBlank()) {
            seed = Long.parseLong(replay.trim());
        }
        List<Step> steps = workload(seed);
        SimulatedIo calibration = new SimulatedIo();
        run(calibration, steps, new Ledger());
        long operations = calibration.operations();
        assertTrue(operations > 100, "the workload should do a few hundred I/O operations, did " + operations);
        SplittableRandom points = new SplittableRandom(seed);
        for (int point = 0; point < POINTS; point++) {
            long cut = 1 + points.nextLong(operations);
            boolean processCrash = points.nextInt(5) == 0;
            String context = "seed " + seed + " (replay: SEALDEX_TEST_SEED=" + seed + "), point " + point + ": power cut at"
                    + " operation " + cut + " of " + operations + (processCrash ? " (process crash)" : "");
            SimulatedIo io = new SimulatedIo();
            io.powerLossAt(cut);
            Ledger ledger = new Ledger();
            run(io, steps, ledger);
            SimulatedIo restarted = processCrash ? io.afterProcessCrash()
                    : io.afterPowerLoss(new java.util.Random(seed + point));
            try {
                verify(restarted, ledger, context);
            } catch (AssertionError | RuntimeException e) {
                fail(context + ": " + e, e);
            }
        }
    }

    private void verify(SimulatedIo io, Ledger ledger, String context) {
        try (DiskStore store = open(io)) {
            assertEquals(List.of(), store.recovery().corruptions(), "start-up found damage, not a torn tail");
            Database db = database(store);
            if (!db.indexNames().contains(INDEX)) {
                assertTrue(!ledger.created, "the acknowledged index is gone");
                return;
            }
            IndexSession session = db.open(INDEX, Access.withKey(KEY.clone()));
            Set<String> ids = new TreeSet<>(ledger.acked.keySet());
            ids.addAll(ledger.pending.keySet());
            Map<String, Item> found = new HashMap<>();
            for (Item item : session.get(new ArrayList<>(ids))) {
                found.put(item.id(), item);
            }
            int present = 0;
            for (String id : ids) {
                Item item = found.get(id);
                int state = -1;
                if (item != null) {
                    state = Integer.parseInt(item.metadata().replaceAll(".*\"v\":(\\d+).*", "$1"));
                    Item written = item(id, state);
                    assertArrayEquals(written.vector(), item.vector(), id + " v" + state + " vector");
                    assertEquals(written.metadata(), item.metadata(), id + " v" + state + " metadata");
                    assertEquals(written.contents(), item.contents(), id + " v" + state + " contents");
                    present++;
                }
                int acked = ledger.acked.getOrDefault(id, -1);
                Set<Integer> pending = ledger.pending.getOrDefault(id, Set.of());
                if (state != acked && !pending.contains(state)) {
                    fail(id + " is " + (state < 0 ? "absent" : "v" + state) + " after the restart; acknowledged "
                            + (acked < 0 ? "absent" : "v" + acked) + ", in flight " + pending);
                }
            }
            assertEquals(present, session.count(), "count");
            assertEquals(new TreeSet<>(found.keySet()), new TreeSet<>(session.listIds()), "list_ids");
            for (String token : ledger.tokens) {
                assertEquals(present, db.open(INDEX, Access.user(token)).count(), "an acknowledged user token");
            }
            // The recovered database takes writes, and they survive a clean restart.
            session.upsert(List.of(item("after", 1)));
            db.close();
        }
        try (DiskStore store = open(io)) {
            Database db = database(store);
            assertEquals(1, db.open(INDEX, Access.withKey(KEY.clone())).get(List.of("after")).size());
            db.close();
        }
    }
}
