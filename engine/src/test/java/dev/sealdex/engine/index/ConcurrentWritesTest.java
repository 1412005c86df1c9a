package dev.sealdex.engine.index;

import dev.sealdex.engine.search.SearchHit;
import dev.sealdex.engine.search.SearchRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealdex.engine.model.IndexConfig;
import dev.sealdex.engine.model.Item;
import dev.sealdex.engine.model.Metric;
import dev.sealdex.engine.model.StoragePrecision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Regression test for a race the reliability soak found: writers of different ids that
 * land in the same IVF list. A remove read the row's position before taking the list's lock, so a
 * concurrent remove that moved that row (the list's last) into its own gap made it fail with
 * "list 0 holds ordinal X where Y was expected" after the record was already durable.
 */
class ConcurrentWritesTest {

    private static final int D = 4;

    @Test
    void writersOfDisjointIdsInOneListNeverTripOverMovedRows() throws Exception {
        try (IndexFixture fixture = new IndexFixture()) {
            // Untrained: every row is in list 0, so every write touches the same list.
            VectorIndex index = fixture.create(IndexConfig.standard(D, Metric.EUCLIDEAN, StoragePrecision.FLOAT32));
            int threads = 8;
            int idsPerThread = 60;
            Map<String, Integer> expected = new ConcurrentHashMap<>();
            ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
            CountDownLatch done = new CountDownLatch(threads);
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Thread.ofPlatform().start(() -> {
                    SplittableRandom random = new SplittableRandom(thread);
                    try {
                        for (int round = 0; round < 300; round++) {
                            List<Item> batch = new ArrayList<>();
                            List<String> ids = new ArrayList<>();
                            for (int i = 1 + random.nextInt(4); i > 0; i--) {
                                String id = thread + "-" + random.nextInt(idsPerThread);
                                if (!ids.contains(id)) {
                                    ids.add(id);
                                }
                            }
                            if (random.nextInt(3) == 0) {
                                index.delete(ids);
                                ids.forEach(expected::remove);
                            } else {
                                for (String id : ids) {
                                    float[] v = {random.nextFloat(), random.nextFloat(), random.nextFloat(), round};
                                    batch.add(new Item(id, v, "{\"round\":" + round + "}", null));
                                    expected.put(id, round);
                                }
                                index.upsert(batch);
                            }
                        }
                    } catch (Throwable e) {
                        errors.add(e);
                    } finally {
                        done.countDown();
                    }
                });
            }
            done.await();
            assertTrue(errors.isEmpty(), () -> "concurrent writes failed: " + errors.peek());
            assertEquals(expected.size(), index.count());
            assertEquals(new java.util.TreeSet<>(expected.keySet()), new java.util.TreeSet<>(index.listIds()));
            // Every live row is still findable in the list: an exhaustive query returns them all.
            List<SearchHit> all = index.query(List.of(new SearchRequest(new float[D], expected.size() + 10, 0, 1,
                    false, null))).get(0);
            assertEquals(expected.size(), all.size());
        }
    }
}
