package dev.sealdex.bench.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sealdex.engine.kernel.BlockHits;
import dev.sealdex.engine.kernel.BlockSource;
import dev.sealdex.engine.kernel.DistanceFunction;
import dev.sealdex.engine.kernel.Kernels;
import dev.sealdex.engine.kernel.ScalarKernels;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class SplitSearchTest {

    @Test
    void mergeKeepsTheBestByDistanceThenId() {
        BlockHits a = new BlockHits(2, 3, new int[] {3, 1}, new int[] {5, 7, 9, 4, 0, 0},
                new float[] {0.1f, 0.5f, 0.9f, 2f, 0f, 0f});
        BlockHits b = new BlockHits(2, 3, new int[] {2, 2}, new int[] {6, 1, 0, 8, 2, 0},
                new float[] {0.5f, 0.7f, 0f, 1f, 2f, 0f});
        BlockHits merged = SplitSearch.merge(List.of(a, b), 3);
        assertArrayEquals(new int[] {3, 3}, merged.counts());
        // Query 0: 0.1 (5), then the tie at 0.5 goes to the lower id (6 before 7).
        assertArrayEquals(new int[] {5, 6, 7, 8, 2, 4}, merged.ids());
        assertArrayEquals(new float[] {0.1f, 0.5f, 0.5f, 1f, 2f, 2f}, merged.distances());
    }

    @Test
    void mergeOfFewerHitsThanKCountsWhatThereIs() {
        BlockHits a = new BlockHits(1, 4, new int[] {1}, new int[] {3, 0, 0, 0}, new float[] {1f, 0, 0, 0});
        BlockHits merged = SplitSearch.merge(List.of(a, a), 4);
        assertEquals(2, merged.count(0));
    }

    @Test
    void splitSearchFindsWhatOneSearchFinds() {
        int d = 13;
        int rows = 1_000;
        int queries = 7;
        SplittableRandom random = new SplittableRandom(3);
        float[] base = new float[rows * d];
        float[] query = new float[queries * d];
        for (int i = 0; i < base.length; i++) {
            base[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < query.length; i++) {
            query[i] = (float) random.nextGaussian();
        }
        List<BlockSource> blocks = ResidentBlocks.of(base, rows, d, 9);
        Kernels kernels = new Kernels(ScalarKernels.INSTANCE);
        BlockHits whole = kernels.searchBlocks(DistanceFunction.SQUARED_L2, blocks, d, query, queries, null, 10);
        try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
            BlockHits split = SplitSearch.search(kernels, pool, 3, DistanceFunction.SQUARED_L2, blocks, d, query,
                    queries, 10);
            assertArrayEquals(whole.ids(), split.ids());
            assertArrayEquals(whole.distances(), split.distances());
        }
    }

    @Test
    void blocksCoverEveryRowOnceWithRowNumbersAsIds() {
        int d = 128;
        int rows = 300;
        float[] base = new float[rows * d];
        for (int i = 0; i < base.length; i++) {
            base[i] = i;
        }
        List<BlockSource> blocks = ResidentBlocks.of(base, rows, d, 1);
        assertEquals(128, ResidentBlocks.rowsPerBlock(d));
        assertEquals(3, blocks.size());
        assertEquals(44, blocks.get(2).rowCount());
        float[] out = new float[128 * d];
        int[] ids = new int[128];
        blocks.get(2).decryptInto(out, ids);
        assertEquals(256, ids[0]);
        assertEquals(299, ids[43]);
        assertEquals(256f * d, out[0]);
        assertEquals(new dev.sealdex.engine.kernel.BlockKey(1, 2, 1), blocks.get(2).key());
    }
}
