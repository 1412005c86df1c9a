package dev.sealdex.engine.index;

import dev.sealdex.engine.train.Trainer;
import dev.sealdex.engine.train.TrainingProgress;
import dev.sealdex.engine.search.SearchHit;
import dev.sealdex.engine.search.SearchRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealdex.engine.kernel.BatchSearchKernels;
import dev.sealdex.engine.kernel.BlockHits;
import dev.sealdex.engine.kernel.BlockKey;
import dev.sealdex.engine.kernel.BlockSource;
import dev.sealdex.engine.kernel.DistanceFunction;
import dev.sealdex.engine.kernel.GpuOperations;
import dev.sealdex.engine.kernel.KernelBackend;
import dev.sealdex.engine.kernel.Kernels;
import dev.sealdex.engine.kernel.ScalarKernels;
import dev.sealdex.engine.kernel.VectorKernels;
import dev.sealdex.engine.model.IndexConfig;
import dev.sealdex.engine.model.IndexKind;
import dev.sealdex.engine.model.Metric;
import dev.sealdex.engine.model.StoragePrecision;
import dev.sealdex.engine.model.TrainingOutcome;
import dev.sealdex.engine.model.TrainingParams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine's use of the batch operations, with a stand-in accelerator (the CPU batch search
 * claiming to accelerate batches): training goes through {@code assignNearest}, flat and SQ8
 * stage-1 scoring through {@code searchBlocks}, and the answers equal the CPU path's.
 */
class BatchOffloadTest {

    private static final int D = 16;
    private static final int N = 4_000;
    private static final float[] ALL = IndexFixture.clustered(N + 40, D, 40, 23);
    private static final float[] DATA = Arrays.copyOf(ALL, N * D);

    /** The CPU batch loops over the scalar kernels, saying they accelerate batches and counting the calls. */
    static final class StandIn implements BatchSearchKernels {
        final AtomicInteger searches = new AtomicInteger();
        final AtomicInteger assignments = new AtomicInteger();
        final Set<BlockKey> keys = new HashSet<>();
        private final BatchSearchKernels cpu = BatchSearchKernels.cpu(ScalarKernels.INSTANCE);

        @Override
        public boolean acceleratesBatches() {
            return true;
        }

        @Override
        public BlockHits searchBlocks(DistanceFunction function, List<? extends BlockSource> blocks, int dimension,
                                      float[] queries, int queryCount, int[][] blocksOfQuery, int k) {
            searches.incrementAndGet();
            blocks.forEach(block -> keys.add(block.key()));
            return cpu.searchBlocks(function, blocks, dimension, queries, queryCount, blocksOfQuery, k);
        }

        @Override
        public BlockHits searchBlocksSq8(DistanceFunction function, List<? extends BlockSource> blocks, int dimension,
                                         float[] scale, float[] offset, float[] queries, int queryCount,
                                         int[][] blocksOfQuery, int k) {
            searches.incrementAndGet();
            blocks.forEach(block -> keys.add(block.key()));
            return cpu.searchBlocksSq8(function, blocks, dimension, scale, offset, queries, queryCount, blocksOfQuery,
                    k);
        }

        @Override
        public void assignNearest(float[] vectors, int count, int dimension, float[] centroids, int k,
                                  int[] outIndex, float[] outDistance) {
            assignments.incrementAndGet();
            cpu.assignNearest(vectors, count, dimension, centroids, k, outIndex, outDistance);
        }

        /** The stand-in as a backend: scalar kernels beside this batch search. */
        Kernels front(GpuOperations operations) {
            return new Kernels(new KernelBackend("stand-in", ScalarKernels.INSTANCE, this), operations);
        }
    }

    static List<IndexConfig> kinds() {
        return List.of(
                new IndexConfig(D, Metric.SQUARED_EUCLIDEAN, IndexKind.IVF_FLAT, StoragePrecision.FLOAT32, 0, 0, 0, true),
                new IndexConfig(D, Metric.COSINE, IndexKind.IVF_FLAT, StoragePrecision.FLOAT32, 0, 0, 0, true),
                new IndexConfig(D, Metric.EUCLIDEAN, IndexKind.IVF_SQ, StoragePrecision.FLOAT32, 0, 0, 8, true));
    }

    private static List<List<String>> answers(VectorIndex index, int probes) {
        List<SearchRequest> requests = new ArrayList<>();
        for (int q = 0; q < 40; q++) {
            requests.add(new SearchRequest(Arrays.copyOfRange(ALL, (N + q) * D, (N + q + 1) * D), 10, probes, 10,
                    false, null));
        }
        List<List<String>> ids = new ArrayList<>();
        for (List<SearchHit> hits : index.query(requests)) {
            ids.add(hits.stream().map(hit -> hit.id() + "@" + hit.distance()).toList());
        }
        return ids;
    }

    private static VectorIndex trained(IndexFixture fixture, IndexConfig config) {
        VectorIndex index = fixture.create(config);
        index.upsert(IndexFixture.items(DATA, D, 0, N));
        TrainingOutcome outcome = index.train(new TrainingParams(32, 2048, 20, 1e-4, 1_000, 5),
                new TrainingProgress());
        assertTrue(outcome.trained(), outcome.message());
        return index;
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void offloadedTrainingAndQueriesAnswerAsTheCpuPathDoes(IndexConfig config) {
        StandIn standIn = new StandIn();
        try (IndexFixture cpu = new IndexFixture();
             IndexFixture offloaded = new IndexFixture(standIn.front(GpuOperations.ALL))) {
            VectorIndex reference = trained(cpu, config);
            VectorIndex index = trained(offloaded, config);
            assertTrue(standIn.assignments.get() > 0, "k-means went through assignNearest");
            int searchesBefore = standIn.searches.get();
            for (int probes : new int[] {0, 3}) {
                assertEquals(answers(reference, probes), answers(index, probes), config + " probes=" + probes);
            }
            assertTrue(standIn.searches.get() > searchesBefore, "stage 1 went through searchBlocks");
            int keys = standIn.keys.size();
            answers(index, 3);
            assertEquals(keys, standIn.keys.size(), "the same blocks keep the same keys across queries");
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void gpuOperationsWithoutQueryOrTrainKeepTheCpuPaths(IndexConfig config) {
        StandIn standIn = new StandIn();
        try (IndexFixture fixture = new IndexFixture(standIn.front(new GpuOperations(true, false, false)))) {
            answers(trained(fixture, config), 0);
            assertEquals(0, standIn.assignments.get());
            assertEquals(0, standIn.searches.get());
        }
    }
}
