package dev.sealdex.engine.train;

import dev.sealdex.engine.index.IndexFixture;
import dev.sealdex.engine.index.VectorIndex;
import dev.sealdex.engine.search.SearchHit;
import dev.sealdex.engine.search.SearchRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealdex.engine.kernel.ScalarKernels;
import dev.sealdex.engine.model.IndexConfig;
import dev.sealdex.engine.model.IndexKind;
import dev.sealdex.engine.model.Metric;
import dev.sealdex.engine.model.StoragePrecision;
import dev.sealdex.engine.model.TrainingOutcome;
import dev.sealdex.engine.model.TrainingParams;
import dev.sealdex.engine.search.TopK;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TrainingTest {

    private static final int D = 16;
    private static final int N = 4_000;
    // Queries are held-out rows from the same distribution: the automatic n_probes is calibrated
    // for queries that look like the data.
    private static final float[] ALL = IndexFixture.clustered(N + 50, D, 40, 11);
    private static final float[] DATA = java.util.Arrays.copyOf(ALL, N * D);
    private static final float[] QUERIES = java.util.Arrays.copyOfRange(ALL, N * D, (N + 50) * D);

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

    /** The rows as the index stores them for rerank: normalised for cosine, rounded to float16 if asked. */
    private static float[] stored(Metric metric, StoragePrecision precision) {
        float[] rows = DATA.clone();
        for (int r = 0; r < N; r++) {
            double norm = 0;
            for (int i = 0; i < D; i++) {
                norm += rows[r * D + i] * rows[r * D + i];
            }
            for (int i = 0; i < D; i++) {
                float v = metric == Metric.COSINE ? (float) (rows[r * D + i] / Math.sqrt(norm)) : rows[r * D + i];
                rows[r * D + i] = precision == StoragePrecision.FLOAT16 ? Float.float16ToFloat(Float.floatToFloat16(v))
                        : v;
            }
        }
        return rows;
    }

    private static Set<Integer> truth(int q, IndexConfig config, int k) {
        float[] rows = stored(config.metric(), config.precision());
        TopK top = new TopK(k);
        for (int r = 0; r < N; r++) {
            // Cosine ranks by 1 - q.x over unit-normalised stored rows, as the index scores it.
            float score = config.metric() == Metric.COSINE
                    ? -ScalarKernels.INSTANCE.dot(QUERIES, q * D, rows, r * D, D)
                    : ScalarKernels.INSTANCE.squaredL2(QUERIES, q * D, rows, r * D, D);
            top.offer(score, r);
        }
        Set<Integer> set = new HashSet<>();
        for (int r : top.sortedOrdinals()) {
            set.add(r);
        }
        return set;
    }

    private static double recall(VectorIndex index, int probes, IndexConfig config) {
        List<SearchRequest> requests = new ArrayList<>();
        for (int q = 0; q < 50; q++) {
            requests.add(new SearchRequest(java.util.Arrays.copyOfRange(QUERIES, q * D, (q + 1) * D), 10, probes, 10,
                    false, null));
        }
        List<List<SearchHit>> results = index.query(requests);
        int found = 0;
        for (int q = 0; q < 50; q++) {
            Set<Integer> expected = truth(q, config, 10);
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
            TrainingOutcome outcome = index.train(new TrainingParams(32, 2048, 20, 1e-4, 1_000, 5), progress);
            assertTrue(outcome.trained(), outcome.message());
            assertTrue(index.isTrained());
            assertEquals(32, index.listCount());
            assertEquals(TrainingProgress.Phase.DONE, progress.phase());
            assertEquals(N, index.count());
            // Automatic probes are calibrated for recall@10 near 0.95; the exact floor depends on the kind.
            double automatic = recall(index, 0, config);
            assertTrue(automatic >= 0.9, config + " automatic recall " + automatic);
            // Probing every list is exact (against the vectors as stored).
            assertEquals(1.0, recall(index, 32, config), 1e-9, config + " with every list probed");
            // Reopening restores the trained layout from the store.
            VectorIndex reopened = fixture.reopen();
            assertTrue(reopened.isTrained());
            assertEquals(automatic, recall(reopened, 0, config), 0.02, "recall after reopen");
        }
    }

    @Test
    void trainingBelowTheFloorIsSkipped() {
        try (IndexFixture fixture = new IndexFixture()) {
            VectorIndex index = fixture.create(IndexConfig.standard(D, Metric.EUCLIDEAN, StoragePrecision.FLOAT32));
            index.upsert(IndexFixture.items(DATA, D, 0, 500));
            // CyborgDB's floor: fewer than 10,000 vectors never train.
            TrainingOutcome outcome = index.train(TrainingParams.defaults(), new TrainingProgress());
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
                Future<TrainingOutcome> training = pool.submit(() -> index.train(new TrainingParams(32, 2048, 10, 1e-4, 1_000, 3), new TrainingProgress()));
                Future<Integer> writer = pool.submit(() -> {
                    int written = 0;
                    for (int from = N - 1000; from < N; from += 100) {
                        index.upsert(IndexFixture.items(DATA, D, from, from + 100));
                        index.delete(List.of("id-" + (from - 2000)));
                        written += 100;
                        float[] q = java.util.Arrays.copyOfRange(DATA, from * D, (from + 1) * D);
                        assertEquals("id-" + from, index.query(List.of(new SearchRequest(q, 1, 0, 10, false, null))).get(0).get(0).id());
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
                assertEquals("id-" + r, index.query(List.of(new SearchRequest(q, 1, 4, 10, false, null)))
                        .get(0).get(0).id());
            }
            assertTrue(index.get(List.of("id-" + (N - 1000 - 2000))).isEmpty());
            assertEquals(N - 10, new HashSet<>(index.listIds()).size());
        }
    }
}
