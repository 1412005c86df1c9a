package dev.sealdex.engine.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Store} must have. Each implementation's test extends this class;
 * it is published in the engine test-jar so that a later store (postgres) runs the same checks.
 */
public abstract class StoreContractTest {

    protected Store store;

    /** A new, empty store. */
    protected abstract Store newStore();

    /** Closes {@code current} and opens the same data again; only for durable stores. */
    protected Store reopen(Store current) {
        throw new UnsupportedOperationException("not durable");
    }

    /** Whether {@link #reopen} keeps data. */
    protected boolean durable() {
        return false;
    }

    /** Background work the store may do at any time (compaction), run at chosen moments in tests. */
    protected void maintain(Store current) {
    }

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    protected static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    protected static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    private static void put(Store store, String ns, byte[] key, byte[] value) {
        store.write(new WriteBatch().put(ns, key, value), Durability.SYNC);
    }

    /** Every entry of {@code ns} under {@code prefix}, in scan order, as hex strings. */
    protected static List<String> scan(Store store, String ns, byte[] prefix) {
        List<String> out = new ArrayList<>();
        store.scan(ns, prefix, (k, v) -> out.add(HexFormat.of().formatHex(k) + "=" + HexFormat.of().formatHex(v)));
        return out;
    }

    @Test
    void putGetOverwriteDelete() {
        assertNull(store.get("a", b("k")));
        put(store, "a", b("k"), b("v1"));
        assertArrayEquals(b("v1"), store.get("a", b("k")));
        put(store, "a", b("k"), b("v2"));
        assertArrayEquals(b("v2"), store.get("a", b("k")));
        store.write(new WriteBatch().delete("a", b("k")), Durability.ASYNC);
        assertNull(store.get("a", b("k")));
        store.write(new WriteBatch().delete("a", b("never")).delete("nowhere", b("k")), Durability.SYNC);
    }

    @Test
    void scansAreInUnsignedKeyOrder() {
        byte[][] keys = {hex("ff"), hex("00"), hex("80"), hex("7f"), hex("0102"), hex(""), hex("01"), hex("ffff")};
        WriteBatch batch = new WriteBatch();
        for (byte[] key : keys) {
            batch.put("a", key, key);
        }
        store.write(batch, Durability.SYNC);
        assertEquals(List.of("=", "00=00", "01=01", "0102=0102", "7f=7f", "80=80", "ff=ff", "ffff=ffff"),
                scan(store, "a", new byte[0]));
    }

    @Test
    void prefixScansStopAtThePrefixAndOnRequest() {
        WriteBatch batch = new WriteBatch();
        for (String key : List.of("00", "01", "0100", "01ff", "02", "ff", "ff00", "ffff", "ffff01")) {
            batch.put("a", hex(key), hex("aa"));
        }
        store.write(batch, Durability.SYNC);
        assertEquals(List.of("01=aa", "0100=aa", "01ff=aa"), scan(store, "a", hex("01")));
        assertEquals(List.of("ffff=aa", "ffff01=aa"), scan(store, "a", hex("ffff")));
        assertEquals(List.of(), scan(store, "a", hex("03")));
        assertEquals(List.of(), scan(store, "missing", hex("")));
        List<String> firstTwo = new ArrayList<>();
        store.scan("a", new byte[0], (k, v) -> {
            firstTwo.add(HexFormat.of().formatHex(k));
            return firstTwo.size() < 2;
        });
        assertEquals(List.of("00", "01"), firstTwo);
    }

    @Test
    void prefixDeletesRemoveOnlyThePrefixInOneNamespace() {
        WriteBatch batch = new WriteBatch();
        for (String key : List.of("00", "01", "0100", "02", "ff", "ffff")) {
            batch.put("a", hex(key), hex("01")).put("b", hex(key), hex("02"));
        }
        store.write(batch, Durability.SYNC);
        store.write(new WriteBatch().deletePrefix("a", hex("01")).deletePrefix("a", hex("ffff")), Durability.SYNC);
        assertEquals(List.of("00=01", "02=01", "ff=01"), scan(store, "a", new byte[0]));
        assertEquals(6, scan(store, "b", new byte[0]).size());
        store.write(new WriteBatch().deletePrefix("b", new byte[0]), Durability.SYNC);
        assertEquals(List.of(), scan(store, "b", new byte[0]));
        assertEquals(3, scan(store, "a", new byte[0]).size());
    }

    @Test
    void operationsOfABatchApplyInOrder() {
        store.write(new WriteBatch()
                .put("a", b("k1"), b("x")).delete("a", b("k1"))
                .delete("a", b("k2")).put("a", b("k2"), b("y"))
                .put("a", b("p/1"), b("z")).deletePrefix("a", b("p/")).put("a", b("p/2"), b("w"))
                .put("a", b("k3"), b("1")).put("a", b("k3"), b("2")), Durability.SYNC);
        assertNull(store.get("a", b("k1")));
        assertArrayEquals(b("y"), store.get("a", b("k2")));
        assertNull(store.get("a", b("p/1")));
        assertArrayEquals(b("w"), store.get("a", b("p/2")));
        assertArrayEquals(b("2"), store.get("a", b("k3")));
    }

    @Test
    void returnedArraysBelongToTheCaller() {
        put(store, "a", b("k"), b("value"));
        store.get("a", b("k"))[0] = 'X';
        store.scan("a", new byte[0], (k, v) -> {
            k[0] = 'X';
            v[0] = 'X';
            return true;
        });
        assertArrayEquals(b("value"), store.get("a", b("k")));
        assertEquals(1, scan(store, "a", b("k")).size());
    }

    @Test
    void emptyAndLargeValuesRoundTrip() {
        byte[] large = new byte[3 << 20];
        new Random(7).nextBytes(large);
        store.write(new WriteBatch().put("a", b("empty"), new byte[0]).put("a", b("large"), large), Durability.SYNC);
        assertArrayEquals(new byte[0], store.get("a", b("empty")));
        assertArrayEquals(large, store.get("a", b("large")));
        if (durable()) {
            store = reopen(store);
            assertArrayEquals(large, store.get("a", b("large")));
        }
    }

    @Test
    void aScanVisitorMayNotWrite() {
        put(store, "a", b("k"), b("v"));
        assertThrows(IllegalStateException.class, () -> store.scan("a", new byte[0], (k, v) -> {
            store.write(new WriteBatch().put("a", b("other"), b("v")), Durability.ASYNC);
            return true;
        }));
        assertNull(store.get("a", b("other")));
    }

    @Test
    void aClosedStoreRefusesWork() {
        store.close();
        store.close();
        assertThrows(IllegalStateException.class, () -> store.get("a", b("k")));
        assertThrows(IllegalStateException.class, () -> put(store, "a", b("k"), b("v")));
        store = newStore();
    }

    @Test
    void readersSeeWholeBatches() throws Exception {
        int keys = 16;
        AtomicBoolean stop = new AtomicBoolean();
        // Each reader's first scan; the writer waits for them half way, so that reads overlap writes
        // even where the writer would otherwise finish before a reader thread got to run.
        List<CountDownLatch> scanned = List.of(new CountDownLatch(1), new CountDownLatch(1));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<Integer> writer = pool.submit(() -> {
                for (int round = 1; round <= 300; round++) {
                    if (round == 150) {
                        for (CountDownLatch latch : scanned) {
                            assertTrue(latch.await(30, TimeUnit.SECONDS), "a reader never scanned");
                        }
                    }
                    WriteBatch batch = new WriteBatch();
                    for (int k = 0; k < keys; k++) {
                        batch.put("a", b("key" + (char) ('a' + k)), b("v" + round));
                    }
                    store.write(batch, round % 3 == 0 ? Durability.SYNC : Durability.ASYNC);
                    if (round % 100 == 0) {
                        maintain(store);
                    }
                }
                stop.set(true);
                return 300;
            });
            List<Future<Integer>> readers = new ArrayList<>();
            for (CountDownLatch firstScan : scanned) {
                readers.add(pool.submit(() -> {
                    int scans = 0;
                    while (!stop.get()) {
                        List<String> seen = new ArrayList<>();
                        store.scan("a", b("key"), (k, v) -> seen.add(new String(v, StandardCharsets.UTF_8)));
                        assertTrue(seen.isEmpty() || (seen.size() == keys && seen.stream().distinct().count() == 1),
                                "a scan saw part of a batch: " + seen);
                        scans++;
                        firstScan.countDown();
                    }
                    return scans;
                }));
            }
            assertEquals(300, writer.get());
            for (Future<Integer> reader : readers) {
                assertTrue(reader.get() > 0);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentSyncWritersAllLand() throws Exception {
        int threads = 8;
        int each = 150;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        put(store, "a", b(thread + "/" + i), b("value " + thread + "/" + i));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        if (durable()) {
            store = reopen(store);
        }
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < each; i++) {
                assertArrayEquals(b("value " + t + "/" + i), store.get("a", b(t + "/" + i)));
            }
        }
        assertEquals(threads * each, scan(store, "a", new byte[0]).size());
    }

    @Test
    void randomOperationsMatchAModel() {
        Random random = new Random(20240613L);
        Map<String, TreeMap<String, String>> model = Map.of("x", new TreeMap<>(), "y", new TreeMap<>());
        for (int round = 0; round < 400; round++) {
            WriteBatch batch = new WriteBatch();
            int ops = 1 + random.nextInt(12);
            for (int i = 0; i < ops; i++) {
                String ns = random.nextBoolean() ? "x" : "y";
                String key = String.format("%02x%02x", random.nextInt(6), random.nextInt(40));
                int kind = random.nextInt(20);
                if (kind < 13) {
                    byte[] value = new byte[random.nextInt(kind == 0 ? 3000 : 60)];
                    random.nextBytes(value);
                    batch.put(ns, hex(key), value);
                    model.get(ns).put(key, HexFormat.of().formatHex(value));
                } else if (kind < 19) {
                    batch.delete(ns, hex(key));
                    model.get(ns).remove(key);
                } else {
                    String prefix = key.substring(0, 2);
                    batch.deletePrefix(ns, hex(prefix));
                    model.get(ns).keySet().removeIf(k -> k.startsWith(prefix));
                }
            }
            store.write(batch, random.nextBoolean() ? Durability.SYNC : Durability.ASYNC);
            if (round % 97 == 50) {
                maintain(store);
            }
            if (durable() && round % 131 == 130) {
                store = reopen(store);
            }
            if (round % 50 == 49) {
                assertMatches(model);
            }
        }
        if (durable()) {
            store = reopen(store);
        }
        assertMatches(model);
    }

    private void assertMatches(Map<String, TreeMap<String, String>> model) {
        for (Map.Entry<String, TreeMap<String, String>> ns : model.entrySet()) {
            List<String> expected = new ArrayList<>();
            ns.getValue().forEach((k, v) -> expected.add(k + "=" + v));
            assertEquals(expected, scan(store, ns.getKey(), new byte[0]), "namespace " + ns.getKey());
            for (Map.Entry<String, String> entry : ns.getValue().entrySet()) {
                assertArrayEquals(hex(entry.getValue()), store.get(ns.getKey(), hex(entry.getKey())));
            }
            for (String prefix : List.of("00", "03", "05")) {
                List<String> sub = new ArrayList<>();
                ns.getValue().forEach((k, v) -> {
                    if (k.startsWith(prefix)) {
                        sub.add(k + "=" + v);
                    }
                });
                assertEquals(sub, scan(store, ns.getKey(), hex(prefix)));
            }
        }
    }

    @Test
    void dataSurvivesAReopen() {
        assumeTrue(durable());
        store.write(new WriteBatch().put("a", b("k1"), b("v1")).put("b", b("k2"), b("v2")), Durability.SYNC);
        store.write(new WriteBatch().put("a", b("k3"), b("v3")), Durability.ASYNC);
        store.write(new WriteBatch().delete("a", b("k1")), Durability.ASYNC);
        store = reopen(store);
        assertNull(store.get("a", b("k1")));
        assertArrayEquals(b("v2"), store.get("b", b("k2")));
        assertArrayEquals(b("v3"), store.get("a", b("k3")));
        assertEquals(Arrays.asList("6b33=7633"), scan(store, "a", new byte[0]));
    }
}
