package dev.sealdex.engine.index;

import dev.sealdex.engine.search.SearchHit;
import dev.sealdex.engine.search.SearchRequest;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealdex.engine.kernel.ScalarKernels;
import dev.sealdex.engine.model.IndexConfig;
import dev.sealdex.engine.model.Item;
import dev.sealdex.engine.model.Metric;
import dev.sealdex.engine.model.StoragePrecision;
import dev.sealdex.engine.search.TopK;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VectorIndexTest {

    private static final int D = 16;

    private static List<String> bruteForce(float[] data, int n, float[] query, int k, Metric metric) {
        TopK top = new TopK(k);
        for (int r = 0; r < n; r++) {
            float score = switch (metric) {
                case EUCLIDEAN, SQUARED_EUCLIDEAN -> ScalarKernels.INSTANCE.squaredL2(query, 0, data, r * D, D);
                case COSINE -> ScalarKernels.INSTANCE.cosineDistance(query, 0, data, r * D, D);
            };
            top.offer(score, r);
        }
        List<String> ids = new ArrayList<>();
        for (int r : top.sortedOrdinals()) {
            ids.add("id-" + r);
        }
        return ids;
    }

    private static List<String> ids(List<SearchHit> hits) {
        return hits.stream().map(SearchHit::id).toList();
    }

    @Test
    void idsLongerThanTheRerankScratchComeBackWhole() {
        try (IndexFixture fixture = new IndexFixture()) {
            VectorIndex index = fixture.create(IndexConfig.standard(D, Metric.EUCLIDEAN, StoragePrecision.FLOAT32));
            float[] data = IndexFixture.clustered(200, D, 4, 3);
            List<Item> items = new ArrayList<>(IndexFixture.items(data, D, 0, 200));
            String longId = "long-\u00e9-".repeat(40);
            float[] near = java.util.Arrays.copyOfRange(data, 7 * D, 8 * D);
            near[0] += 1e-3f;
            items.add(new Item(longId, near, null, null));
            index.upsert(items);
            List<SearchHit> hits = index.query(List.of(new SearchRequest(near, 3, 0, 10, false, null))).get(0);
            assertEquals(longId, hits.get(0).id());
            assertEquals("id-7", hits.get(1).id());
        }
    }

    @Test
    void untrainedSearchIsExactForEveryMetric() {
        for (Metric metric : Metric.values()) {
            try (IndexFixture fixture = new IndexFixture()) {
                VectorIndex index = fixture.create(IndexConfig.standard(0, metric, StoragePrecision.FLOAT32));
                float[] data = IndexFixture.clustered(600, D, 8, 1);
                index.upsert(IndexFixture.items(data, D, 0, 600));
                assertEquals(600, index.count());
                assertFalse(index.isTrained());
                float[] query = IndexFixture.clustered(1, D, 1, 99);
                List<SearchHit> hits = index.query(List.of(new SearchRequest(query, 10, 0, 10, false, null)))
                        .get(0);
                assertEquals(bruteForce(data, 600, query, 10, metric), ids(hits), metric.toString());
                for (int i = 1; i < hits.size(); i++) {
                    assertTrue(hits.get(i - 1).distance() <= hits.get(i).distance(), "ascending distances");
                }
                // An upserted vector finds itself at distance ~0.
                float[] self = java.util.Arrays.copyOfRange(data, 5 * D, 6 * D);
                SearchHit first = index.query(List.of(new SearchRequest(self, 1, 0, 10, false, null)))
                        .get(0).get(0);
                assertEquals("id-5", first.id());
                assertEquals(0f, first.distance(), 1e-3f);
            }
        }
    }

    @Test
    void upsertOverwritesDeleteRemovesAndGetKeepsRequestOrder() {
        try (IndexFixture fixture = new IndexFixture()) {
            VectorIndex index = fixture.create(IndexConfig.standard(D, Metric.EUCLIDEAN, StoragePrecision.FLOAT32));
            float[] data = IndexFixture.clustered(50, D, 2, 2);
            index.upsert(IndexFixture.items(data, D, 0, 50));
            float[] moved = new float[D];
            java.util.Arrays.fill(moved, 100f);
            index.upsert(List.of(new Item("id-3", moved, null, "new")));
            assertEquals(50, index.count());
            List<Item> got = index.get(List.of("id-7", "missing", "id-3"));
            assertEquals(List.of("id-7", "id-3"), got.stream().map(Item::id).toList());
            assertArrayEquals(moved, got.get(1).vector());
            assertNull(got.get(1).metadata());
            assertEquals("new", got.get(1).contents());
            assertEquals("{\"row\":7}", got.get(0).metadata());
            assertEquals("id-3", index.query(List.of(new SearchRequest(moved, 1, 0, 10, false, null)))
                    .get(0).get(0).id());

            assertEquals(2, index.delete(List.of("id-3", "id-4", "nope")));
            assertEquals(48, index.count());
            assertTrue(index.get(List.of("id-3")).isEmpty());
            Set<String> ids = new HashSet<>(index.listIds());
            assertEquals(48, ids.size());
            assertFalse(ids.contains("id-3"));
            List<SearchHit> all = index.query(List.of(new SearchRequest(moved, 100, 0, 10, false, null)))
                    .get(0);
            assertEquals(48, all.size());
            assertFalse(ids(all).contains("id-3"));
        }
    }

    @Test
    void wrongDimensionAndNaNAreRejectedAndNothingIsStored() {
        try (IndexFixture fixture = new IndexFixture()) {
            VectorIndex index = fixture.create(IndexConfig.standard(0, Metric.EUCLIDEAN, StoragePrecision.FLOAT32));
            index.upsert(List.of(new Item("a", new float[] {1, 2, 3}, null, null)));
            assertEquals(3, index.config().dimension());
            assertThrows(IllegalArgumentException.class,
                    () -> index.upsert(List.of(new Item("b", new float[] {1, 2}, null, null))));
            assertThrows(IllegalArgumentException.class,
                    () -> index.upsert(List.of(new Item("c", new float[] {1, Float.NaN, 3}, null, null))));
            assertEquals(1, index.count());
            assertTrue(index.get(List.of("b", "c")).isEmpty());
        }
    }

    @Test
    void reopenRebuildsFromItemRecords() {
        try (IndexFixture fixture = new IndexFixture()) {
            VectorIndex index = fixture.create(IndexConfig.standard(0, Metric.COSINE, StoragePrecision.FLOAT16));
            float[] data = IndexFixture.clustered(300, D, 4, 3);
            index.upsert(IndexFixture.items(data, D, 0, 300));
            index.delete(List.of("id-10"));
            VectorIndex reopened = fixture.reopen();
            assertEquals(299, reopened.count());
            assertEquals(Metric.COSINE, reopened.config().metric());
            assertEquals(StoragePrecision.FLOAT16, reopened.config().precision());
            float[] query = java.util.Arrays.copyOfRange(data, 20 * D, 21 * D);
            assertEquals("id-20", reopened.query(List.of(new SearchRequest(query, 1, 0, 10, false, null)))
                    .get(0).get(0).id());
            assertTrue(reopened.get(List.of("id-10")).isEmpty());
        }
    }

    /** A request of thousands of queries is answered in bounded passes, each query as if alone. */
    @Test
    void largeRequestsAreAnsweredInPassesInOrder() {
        assertEquals(VectorIndex.MAX_QUERIES_PER_PASS, VectorIndex.queriesPerPass(1));
        assertEquals(64, VectorIndex.queriesPerPass(65_536));
        assertEquals(1, VectorIndex.queriesPerPass(Integer.MAX_VALUE));
        try (IndexFixture fixture = new IndexFixture()) {
            VectorIndex index = fixture.create(IndexConfig.standard(4, Metric.EUCLIDEAN, StoragePrecision.FLOAT32));
            float[] data = IndexFixture.clustered(300, 4, 3, 21);
            index.upsert(IndexFixture.items(data, 4, 0, 300));
            int queries = VectorIndex.MAX_QUERIES_PER_PASS * 2 + 77;
            java.util.List<SearchRequest> requests = new java.util.ArrayList<>();
            for (int q = 0; q < queries; q++) {
                requests.add(new SearchRequest(java.util.Arrays.copyOfRange(data, (q % 300) * 4, (q % 300 + 1) * 4), 3, 0,
                        10, false, null));
            }
            java.util.List<java.util.List<SearchHit>> all = index.query(requests);
            assertEquals(queries, all.size());
            for (int q = 0; q < queries; q += 97) {
                java.util.List<SearchHit> alone = index.query(java.util.List.of(requests.get(q))).get(0);
                assertEquals(alone.stream().map(SearchHit::id).toList(), all.get(q).stream().map(SearchHit::id).toList(),
                        "query " + q);
            }
        }
    }
}
