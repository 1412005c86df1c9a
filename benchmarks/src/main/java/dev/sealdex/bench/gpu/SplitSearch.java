package dev.sealdex.bench.gpu;

import dev.sealdex.engine.kernel.BlockHits;
import dev.sealdex.engine.kernel.BlockSource;
import dev.sealdex.engine.kernel.DistanceFunction;
import dev.sealdex.engine.kernel.Kernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * {@link Kernels#searchBlocks} on every core: the CPU form of the batch search runs on one thread,
 * so the Panama baseline splits the blocks into one contiguous share per worker and merges the
 * per-share top-k. Without this the GPU would be compared with one core of the node.
 */
final class SplitSearch {

    private SplitSearch() {
    }

    /** Every query against every block, top {@code k}, on {@code parts} workers of {@code pool}. */
    static BlockHits search(Kernels kernels, ExecutorService pool, int parts, DistanceFunction function,
                            List<? extends BlockSource> blocks, int dimension, float[] queries, int queryCount, int k) {
        int shares = Math.max(1, Math.min(parts, blocks.size()));
        if (shares == 1) {
            return kernels.searchBlocks(function, blocks, dimension, queries, queryCount, null, k);
        }
        List<Future<BlockHits>> tasks = new ArrayList<>();
        for (int s = 0; s < shares; s++) {
            List<? extends BlockSource> share = blocks.subList(s * blocks.size() / shares,
                    (s + 1) * blocks.size() / shares);
            tasks.add(pool.submit(() -> kernels.searchBlocks(function, share, dimension, queries, queryCount, null, k)));
        }
        List<BlockHits> results = new ArrayList<>();
        try {
            for (Future<BlockHits> task : tasks) {
                results.add(task.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while searching", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a search share failed: " + e.getCause(), e.getCause());
        }
        return merge(results, k);
    }

    /**
     * The {@code k} best hits per query over several partial results of the same queries, by
     * ascending distance and then ascending id, as {@link BlockHits} orders them.
     */
    static BlockHits merge(List<BlockHits> parts, int k) {
        int queryCount = parts.getFirst().queryCount();
        int[] counts = new int[queryCount];
        int[] ids = new int[queryCount * k];
        float[] distances = new float[queryCount * k];
        for (int q = 0; q < queryCount; q++) {
            List<long[]> pool = new ArrayList<>();
            for (BlockHits part : parts) {
                for (int rank = 0; rank < part.count(q); rank++) {
                    pool.add(new long[] {Float.floatToRawIntBits(part.distance(q, rank)), part.id(q, rank)});
                }
            }
            long[][] hits = pool.toArray(long[][]::new);
            Arrays.sort(hits, (a, b) -> {
                int byDistance = Float.compare(Float.intBitsToFloat((int) a[0]), Float.intBitsToFloat((int) b[0]));
                return byDistance != 0 ? byDistance : Long.compare(a[1], b[1]);
            });
            int n = Math.min(k, hits.length);
            for (int rank = 0; rank < n; rank++) {
                distances[q * k + rank] = Float.intBitsToFloat((int) hits[rank][0]);
                ids[q * k + rank] = (int) hits[rank][1];
            }
            counts[q] = n;
        }
        return new BlockHits(queryCount, k, counts, ids, distances);
    }
}
