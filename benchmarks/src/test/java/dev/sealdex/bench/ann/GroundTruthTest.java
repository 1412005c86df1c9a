package dev.sealdex.bench.ann;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sealdex.engine.kernel.DistanceFunction;
import dev.sealdex.engine.kernel.Kernels;
import dev.sealdex.engine.kernel.ScalarKernels;
import dev.sealdex.engine.search.TopK;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroundTruthTest {

    private static final Kernels KERNELS = new Kernels(ScalarKernels.INSTANCE);

    @TempDir
    Path dir;

    @Test
    void matchesABruteForceLoopAndIsCached() {
        Dataset data;
        try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
            // 5,000 rows spans two row chunks; 300 queries span three query chunks.
            data = ClusteredData.generate(new ClusteredData.Params(5_000, 9, 300, 10, 0.7, 3), pool);
            Log log = new Log(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            Dataset exact = GroundTruth.ensure(data, DistanceFunction.SQUARED_L2, KERNELS, pool, 3, dir, log);
            for (int q = 0; q < data.queryCount(); q += 37) {
                assertArrayEquals(naive(data, q), exact.truth()[q], "query " + q);
            }
            try (var files = Files.list(dir)) {
                assertEquals(1, files.count());
            }
            Dataset again = GroundTruth.ensure(data, DistanceFunction.SQUARED_L2, KERNELS, pool, 3, dir, log);
            assertArrayEquals(exact.truth(), again.truth());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int[] naive(Dataset data, int q) {
        TopK top = new TopK(GroundTruth.DEPTH);
        int d = data.dimension();
        for (int r = 0; r < data.size(); r++) {
            top.offer(ScalarKernels.INSTANCE.squaredL2(data.queries(), q * d, data.base(), r * d, d), r);
        }
        return top.sortedOrdinals();
    }
}
