package dev.sealdex.bench.ann;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the Sealdex side of a run is measured, as parsed from the command line.
 *
 * @param kinds           index kinds and quantizer settings to build
 * @param store           where the indexes keep their records
 * @param out             the output folder (results, caches, TEXMEX files, disk stores)
 * @param comparePlain    also build each index with encryption switched off
 * @param probes          n_probes values to sweep (0 = automatic)
 * @param lists           n_lists to train (0 = automatic)
 * @param maxIterations   k-means iterations at most
 * @param seed            training seed
 * @param upsertBatch     vectors per upsert call
 * @param ingestThreads   threads issuing upserts
 * @param threads         engine workers for the all-cores modes
 * @param latency         whether to run the one-thread latency sweep
 * @param throughputModes {@link Report#CLIENTS} and/or {@link Report#BATCH}
 * @param clients         client threads in the clients mode
 * @param batchSize       queries per call in the batch mode
 * @param rerankMult      stage-1 candidates per result
 * @param minSeconds      least timed seconds per point
 * @param warmup          untimed queries before each point
 * @param repeats         times each Sealdex point is measured; the fastest is kept
 */
record BenchSettings(IndexSpec.Choice kinds, StoreKind store, Path out, boolean comparePlain, List<Integer> probes,
                     int lists, int maxIterations, long seed, int upsertBatch, int ingestThreads, int threads,
                     boolean latency, List<String> throughputModes, int clients, int batchSize, int rerankMult,
                     double minSeconds, int warmup, int repeats) {

    /** Checks the values. */
    BenchSettings {
        if (upsertBatch < 1 || ingestThreads < 1 || threads < 1 || clients < 1 || batchSize < 1 || rerankMult < 1) {
            throw new IllegalArgumentException(
                    "--upsert-batch, --ingest-threads, --threads, --clients, --batch-size and --rerank-mult must be positive");
        }
        if (repeats < 1) {
            throw new IllegalArgumentException("--repeats must be positive");
        }
        if (lists < 0 || maxIterations < 1 || minSeconds < 0 || warmup < 0) {
            throw new IllegalArgumentException("--lists and --min-seconds must not be negative, --max-iters positive");
        }
        for (int p : probes) {
            if (p < 0) {
                throw new IllegalArgumentException("--probes must not be negative (0 = automatic)");
            }
        }
        if (kinds.kinds().isEmpty()) {
            throw new IllegalArgumentException("--kinds needs at least one of ivf, ivfflat, ivfpq, ivfsq");
        }
    }

    /** The settings as the JSON file records them, for data of {@code dimension}. */
    Map<String, Object> describe(int dimension) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("kinds", kinds.specs(dimension).stream().map(IndexSpec::label).toList());
        map.put("metric", kinds.metric().wireName());
        map.put("storage_precision", kinds.precision().wireName());
        map.put("store", store.flagName());
        map.put("compare_plain", comparePlain);
        map.put("probes", probes);
        map.put("lists", lists == 0 ? "auto" : lists);
        map.put("max_iters", maxIterations);
        map.put("seed", seed);
        map.put("upsert_batch", upsertBatch);
        map.put("ingest_threads", ingestThreads);
        map.put("threads", threads);
        map.put("latency", latency);
        map.put("throughput_modes", throughputModes);
        map.put("clients", clients);
        map.put("batch_size", batchSize);
        map.put("top_k", QueryDriver.TOP_K);
        map.put("rerank_mult", rerankMult);
        map.put("min_seconds", minSeconds);
        map.put("warmup", warmup);
        map.put("repeats", repeats);
        return map;
    }
}
