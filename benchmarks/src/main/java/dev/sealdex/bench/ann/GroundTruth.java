package dev.sealdex.bench.ann;

import dev.sealdex.engine.kernel.DistanceFunction;
import dev.sealdex.engine.kernel.Kernels;
import dev.sealdex.engine.search.TopK;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Exact nearest neighbours by brute force with the selected kernels, in parallel, cached as an
 * {@code .ivecs} file named after the data set's parameters so a rerun skips the scan.
 */
final class GroundTruth {

    /** Neighbours kept per query: recall@10 needs 10; 100 lets the files serve recall@100 too. */
    static final int DEPTH = 100;
    // 128 queries against 4,096 rows per kernel call: 2 MiB of scores, cache-friendly, and enough
    // queries per pass for the batched kernel to amortise reading the rows.
    private static final int QUERY_CHUNK = 128;
    private static final int ROW_CHUNK = 4_096;

    private GroundTruth() {
    }

    /**
     * {@code data} with exact top-{@link #DEPTH} neighbours under {@code function}: from the cache
     * under {@code cacheDir} when present, otherwise computed (and cached when the data has a key).
     */
    static Dataset ensure(Dataset data, DistanceFunction function, Kernels kernels, ExecutorService executor,
                          int threads, Path cacheDir, Log log) {
        if (data.truth() != null) {
            return data;
        }
        Path cached = data.cacheKey() == null ? null
                : cacheDir.resolve("gt-" + data.cacheKey() + "-" + function.name().toLowerCase(java.util.Locale.ROOT)
                        + "-k" + DEPTH + ".ivecs");
        if (cached != null && Files.isRegularFile(cached)) {
            int[][] truth = Texmex.readIvecs(cached);
            if (truth.length == data.queryCount()) {
                log.info("ground truth: read from cache " + cached);
                return data.withTruth(truth);
            }
        }
        long started = System.nanoTime();
        int[][] truth = compute(data, function, kernels, executor, threads);
        log.info(String.format(java.util.Locale.ROOT, "ground truth: %,d queries x %,d rows exact in %.1f s",
                data.queryCount(), data.size(), (System.nanoTime() - started) / 1e9));
        if (cached != null) {
            try {
                Files.createDirectories(cacheDir);
                Path partial = cached.resolveSibling(cached.getFileName() + ".part");
                Texmex.writeIvecs(partial, truth);
                Files.move(partial, cached, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot cache the ground truth under " + cacheDir, e);
            }
        }
        return data.withTruth(truth);
    }

    /** Brute force: each task takes a chunk of queries and scans every row for them. */
    static int[][] compute(Dataset data, DistanceFunction function, Kernels kernels, ExecutorService executor,
                           int threads) {
        int dimension = data.dimension();
        int depth = Math.min(DEPTH, data.size());
        int[][] truth = new int[data.queryCount()][];
        int chunk = Math.max(1, Math.min(QUERY_CHUNK, (data.queryCount() + threads - 1) / threads));
        List<Future<?>> tasks = new ArrayList<>();
        for (int start = 0; start < data.queryCount(); start += chunk) {
            int from = start;
            int count = Math.min(chunk, data.queryCount() - start);
            tasks.add(executor.submit(() -> {
                float[] queries = java.util.Arrays.copyOfRange(data.queries(), from * dimension,
                        (from + count) * dimension);
                float[] scores = new float[count * ROW_CHUNK];
                TopK[] best = new TopK[count];
                for (int q = 0; q < count; q++) {
                    best[q] = new TopK(depth);
                }
                for (int row = 0; row < data.size(); row += ROW_CHUNK) {
                    int rows = Math.min(ROW_CHUNK, data.size() - row);
                    kernels.scoreBlock(function, data.base(), row * dimension, rows, dimension, queries, count, scores);
                    for (int q = 0; q < count; q++) {
                        TopK top = best[q];
                        for (int r = 0; r < rows; r++) {
                            float score = scores[q * rows + r];
                            if (score < top.threshold()) {
                                top.offer(score, row + r);
                            }
                        }
                    }
                }
                for (int q = 0; q < count; q++) {
                    truth[from + q] = best[q].sortedOrdinals();
                }
            }));
        }
        Parallel.joinAll(tasks);
        return truth;
    }
}
