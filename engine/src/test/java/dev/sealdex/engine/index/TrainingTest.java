package dev.sealdex.engine.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealdex.engine.kernel.ScalarKernels;
import dev.sealdex.engine.search.TopK;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class TrainingTest {

    private static final int D = 16;
    private static final int N = 12_000;
    private static final float[] DATA = IndexFixture.clustered(N, D, 40, 11);
    private static final float[] QUERIES = IndexFixture.clustered(50, D, 40, 11 + 1);

    static List<IndexConfig> kinds() {
        return List.of(
                IndexConfig.standard(D, Metric.EUCLIDEAN, StoragePrecision.FLOAT32),
                IndexConfig.standard(D, Metric.COSINE, StoragePrecision.FLOAT16),
                new IndexConfig(D, Metric.SQUARED_EUCLIDEAN, IndexKind.IVF_FLAT, StoragePrecision.FLOAT32, 0, 0, 0, true),
                new IndexConfig(D, Metric.EUCLIDEAN, IndexKind.IVF_PQ, StoragePrecision.FLOAT32, 8, 8, 0, true),
                new IndexConfig(D, Metric.COSINE, IndexKind.IVF_PQ, StoragePrecision.FLOAT32, 4, 6, 0, true),
                new IndexConfig(D, Metric.EUCLIDEAN, IndexKind.IVF_SQ, StoragePrecision.FLOAT32, 0, 0, 16, true),
                new IndexConfig(D, Metric.EUCLIDEAN, IndexKind.IVF_SQ, StoragePrecision.FLOAT32, 0, 0, 8, true));
    }

    private static Set<Integer> truth(int q, Metric metric, int k) {
        TopK top = new TopK(k);
        for (int r = 0; r < N; r++) {
            float score = metric == Metric.COSINE
                    ? ScalarKernels.INSTANCE.cosineDistance(QUERIES, q * D, DATA, r * D, D)
                    : ScalarKernels.INSTANCE.squaredL2(QUERIES, q * D, DATA, r * D, D);
            top.offer(score, r);
        }
        Set<Integer> set = new HashSet<>();
        for (int r : top.sortedOrdinals()) {
            set.add(r);
        }
        return set;
    }

    private static double recall(VectorIndex index, int probes, Metric metric) {
        List<SearchRequest> requests = new ArrayList<>();
        for (int q = 0; q < 50; q++) {
            requests.add(new SearchRequest(java.util.Arrays.copyOfRange(QUERIES, q * D, (q + 1) * D), 10, probes, 10,
                    false, null, false));
        }
        List<List<SearchHit>> results = index.query(requests);
        int found = 0;
        for (int q = 0; q < 50; q++) {
            Set<Integer> expected = truth(q, metric, 10);
            for (SearchHit hit : results.get(q)) {
                if (expected.contains(Integer.parseInt(hit.id().substring(3)))) {
                    found++;
                }
            }
        }
        return found / 500.0;
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void trainedRecallMeetsItsFloorAndAllListsAreExact(IndexConfig config) {
        try (IndexFixture fixture = new IndexFixture()) {
            VectorIndex index = fixture.create(config);
            index.upsert(IndexFixture.items(DATA, D, 0, N));
            TrainingProgress progress = new TrainingProgress();
            Trainer.Outcome outcome = Trainer.train(index,
                    new TrainingParams(64, 2048, 20, 1e-4, TrainingParams.MIN_VECTORS, 5), progress);
            assertTrue(outcome.trained(), outcome.message());
            assertTrue(index.isTrained());
            assertEquals(64, index.listCount());
            assertEquals(TrainingProgress.Phase.DONE, progress.phase());
            assertEquals(N, index.count());
            // Automatic probes are calibrated for recall@10 near 0.95; the exact floor depends on the kind.
            double automatic = recall(index, 0, config.metric());
            assertTrue(automatic >= 0.85, config + " automatic recall " + automatic);
            // Probing every list is exact; float16 storage is exact only up to its own rounding.
            double floor = config.precision() == StoragePrecision.FLOAT16 ? 0.99 : 1.0;
            double all = recall(index, 64, config.metric());
            assertTrue(all >= floor - 1e-9, config + " with every list probed: " + all);
            // Reopening restores the trained layout from the store.
            VectorIndex reopened = fixture.reopen();
            assertTrue(reopened.isTrained());
            assertEquals(automatic, recall(reopened, 0, config.metric()), 0.02, "recall after reopen");
        }
    }

    @Test
    void trainingBelowTheFloorIsSkipped() {
        try (IndexFixture fixture = new IndexFixture()) {
            VectorIndex index = fixture.create(IndexConfig.standard(D, Metric.EUCLIDEAN, StoragePrecision.FLOAT32));
            index.upsert(IndexFixture.items(DATA, D, 0, 500));
            Trainer.Outcome outcome = Trainer.train(index, TrainingParams.defaults(), new TrainingProgress());
            assertFalse(outcome.trained());
            assertFalse(index.isTrained());
            assertEquals(1, index.listCount());
        }
    }

    @Test
    void queriesAndWritesContinueDuringTrainingAndLandInTheNewLayout() throws Exception {
        try (IndexFixture fixture = new IndexFixture()) {
            VectorIndex index = fixture.create(IndexConfig.standard(D, Metric.EUCLIDEAN, StoragePrecision.FLOAT32));
            index.upsert(IndexFixture.items(DATA, D, 0, N - 1000));
            ExecutorService pool = Executors.newFixedThreadPool(2);
            AtomicBoolean done = new AtomicBoolean();
            try {
                Future<Trainer.Outcome> training = pool.submit(() -> Trainer.train(index,
                        new TrainingParams(32, 2048, 10, 1e-4, TrainingParams.MIN_VECTORS, 3), new TrainingProgress()));
                Future<Integer> writer = pool.submit(() -> {
                    int written = 0;
                    for (int from = N - 1000; from < N; from += 100) {
                        index.upsert(IndexFixture.items(DATA, D, from, from + 100));
                        index.delete(List.of("id-" + (from - 5000)));
                        written += 100;
                        float[] q = java.util.Arrays.copyOfRange(DATA, from * D, (from + 1) * D);
                        assertEquals("id-" + from, index.query(List.of(new SearchRequest(q, 1, 0, 10, false, null,
                                false))).get(0).get(0).id());
                    }
                    return written;
                });
                assertTrue(training.get().trained());
                assertEquals(1000, writer.get());
                done.set(true);
            } finally {
                pool.shutdownNow();
            }
            assertEquals(N - 10, index.count());
            // Every row written during training is findable in the new layout, deleted ones are gone.
            for (int r = N - 1000; r < N; r += 97) {
                float[] q = java.util.Arrays.copyOfRange(DATA, r * D, (r + 1) * D);
                assertEquals("id-" + r, index.query(List.of(new SearchRequest(q, 1, 4, 10, false, null, false)))
                        .get(0).get(0).id());
            }
            assertTrue(index.get(List.of("id-" + (N - 1000 - 5000))).isEmpty());
            assertEquals(N - 10, new HashSet<>(index.listIds()).size());
        }
    }
}
