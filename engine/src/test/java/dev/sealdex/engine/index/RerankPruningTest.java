package dev.sealdex.engine.index;

import dev.sealdex.engine.train.Trainer;
import dev.sealdex.engine.train.TrainingProgress;
import dev.sealdex.engine.search.IvfSearcher;
import dev.sealdex.engine.search.RowSource;
import dev.sealdex.engine.search.SearchHit;
import dev.sealdex.engine.search.SearchRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealdex.engine.model.IndexConfig;
import dev.sealdex.engine.model.IndexKind;
import dev.sealdex.engine.model.Item;
import dev.sealdex.engine.model.Metric;
import dev.sealdex.engine.model.StoragePrecision;
import dev.sealdex.engine.model.TrainingParams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Stopping the rerank at the stage-1 error bound never changes a result. */
class RerankPruningTest {

    private static final int D = 16;
    private static final int N = 3_000;

    static List<IndexConfig> kinds() {
        return List.of(
                IndexConfig.standard(D, Metric.EUCLIDEAN, StoragePrecision.FLOAT32),
                IndexConfig.standard(D, Metric.COSINE, StoragePrecision.FLOAT32),
                new IndexConfig(D, Metric.EUCLIDEAN, IndexKind.IVF_PQ, StoragePrecision.FLOAT32, 4, 8, 0, true),
                new IndexConfig(D, Metric.COSINE, IndexKind.IVF_PQ, StoragePrecision.FLOAT32, 8, 4, 0, true),
                new IndexConfig(D, Metric.SQUARED_EUCLIDEAN, IndexKind.IVF_SQ, StoragePrecision.FLOAT16, 0, 0, 16, true));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void prunedAndFullRerankAgree(IndexConfig config) {
        try (IndexFixture fixture = new IndexFixture()) {
            VectorIndex index = fixture.create(config);
            float[] data = IndexFixture.clustered(N + 60, D, 30, 77);
            index.upsert(IndexFixture.items(data, D, 0, N));
            // Rows from outside the trained range too: their codes clamp, and the bound must cover them.
            List<Item> outliers = new ArrayList<>();
            for (int r = 0; r < 20; r++) {
                float[] far = Arrays.copyOfRange(data, r * D, (r + 1) * D);
                far[r % D] += 500;
                outliers.add(new Item("far-" + r, far, null, null));
            }
            assertTrue(index.train(new TrainingParams(16, 2048, 10, 1e-4, 1_000, 2), new TrainingProgress())
                    .trained());
            index.upsert(outliers);
            assertTrue(index.layout().maxError() > 0);
            IvfSearcher pruned = new IvfSearcher(index.resources().kernels(), index.resources().executor(), 2, true);
            IvfSearcher full = new IvfSearcher(index.resources().kernels(), index.resources().executor(), 2, false);
            RowSource rows = index.rowsView();
            for (int q = 0; q < 60; q++) {
                float[] query = index.prepare(Arrays.copyOfRange(data, (N + q) * D, (N + q + 1) * D));
                if (q % 7 == 0) {
                    query[q % D] += 400;
                }
                for (int probes : new int[] {1, 4}) {
                    List<SearchRequest> request = List.of(new SearchRequest(query, 10, probes, 10, false, null));
                    float[][] queries = {query};
                    List<SearchHit> a = pruned.search(index.layout(), rows, request, queries).get(0);
                    List<SearchHit> b = full.search(index.layout(), rows, request, queries).get(0);
                    assertEquals(b.stream().map(SearchHit::id).toList(), a.stream().map(SearchHit::id).toList(),
                            config + " query " + q + " probes " + probes);
                }
            }
        }
    }

    @Test
    void perRowBoundsPruneDespiteOneClampedOutlier() {
        try (IndexFixture fixture = new IndexFixture()) {
            VectorIndex index = fixture.create(IndexConfig.standard(D, Metric.EUCLIDEAN, StoragePrecision.FLOAT32));
            float[] data = IndexFixture.clustered(N + 40, D, 30, 78);
            index.upsert(IndexFixture.items(data, D, 0, N));
            assertTrue(index.train(new TrainingParams(16, 2048, 10, 1e-4, 1_000, 2), new TrainingProgress())
                    .trained());
            float[] far = Arrays.copyOfRange(data, 0, D);
            far[3] += 5_000;
            // One row far outside the trained range: the layout's largest error is now huge.
            index.upsert(List.of(new Item("far", far, null, null)));
            IvfSearcher pruned = new IvfSearcher(index.resources().kernels(), index.resources().executor(), 2, true);
            IvfSearcher full = new IvfSearcher(index.resources().kernels(), index.resources().executor(), 2, false);
            RowSource rows = index.rowsView();
            List<SearchRequest> requests = new ArrayList<>();
            float[][] queries = new float[40][];
            for (int q = 0; q < 40; q++) {
                queries[q] = index.prepare(Arrays.copyOfRange(data, (N + q) * D, (N + q + 1) * D));
                requests.add(new SearchRequest(queries[q], 10, 2, 10, false, null));
            }
            List<List<SearchHit>> a = pruned.search(index.layout(), rows, requests, queries);
            List<List<SearchHit>> b = full.search(index.layout(), rows, requests, queries);
            long prunedRows = pruned.rowsReranked();
            assertEquals(40 * 100, full.rowsReranked());
            assertTrue(prunedRows < 40 * 100 / 2,
                    "pruned reranked " + prunedRows + " rows, the full rerank " + full.rowsReranked());
            for (int q = 0; q < 40; q++) {
                assertEquals(b.get(q).stream().map(SearchHit::id).toList(), a.get(q).stream().map(SearchHit::id).toList());
                // The batch answers each query as it would alone.
                List<SearchHit> alone = pruned.search(index.layout(), rows, List.of(requests.get(q)),
                        new float[][] {queries[q]}).get(0);
                assertEquals(alone, a.get(q), "query " + q);
            }
        }
    }
}
