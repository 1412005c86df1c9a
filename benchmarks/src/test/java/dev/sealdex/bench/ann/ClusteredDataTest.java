package dev.sealdex.bench.ann;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class ClusteredDataTest {

    private static final ClusteredData.Params PARAMS = new ClusteredData.Params(10_000, 12, 50, 10, 0.5, 7);

    @Test
    void theSameSeedGivesTheSameDataWhateverTheThreadCount() {
        Dataset one;
        Dataset three;
        try (ExecutorService single = Executors.newSingleThreadExecutor();
             ExecutorService pool = Executors.newFixedThreadPool(3)) {
            one = ClusteredData.generate(PARAMS, single);
            three = ClusteredData.generate(PARAMS, pool);
        }
        assertArrayEquals(one.base(), three.base());
        assertArrayEquals(one.queries(), three.queries());
        assertEquals(one.cacheKey(), three.cacheKey());
    }

    @Test
    void anotherSeedGivesOtherDataAndAnotherCacheKey() {
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Dataset a = ClusteredData.generate(PARAMS, pool);
            Dataset b = ClusteredData.generate(new ClusteredData.Params(10_000, 12, 50, 10, 0.5, 8), pool);
            assertFalse(Arrays.equals(a.base(), b.base()));
            assertFalse(a.cacheKey().equals(b.cacheKey()));
        }
    }

    @Test
    void queriesAreNotBaseRows() {
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Dataset data = ClusteredData.generate(PARAMS, pool);
            float[] firstQuery = data.query(0);
            for (int r = 0; r < data.size(); r++) {
                assertFalse(Arrays.equals(firstQuery, Arrays.copyOfRange(data.base(), r * 12, (r + 1) * 12)));
            }
        }
    }
}
