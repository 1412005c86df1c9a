package dev.sealdex.bench.gpu;

import java.util.List;

/**
 * The sizes of one device check.
 *
 * @param dimension       components per vector (all data sets)
 * @param parityRows      rows of the IVF index for the parity and memory checks
 * @param parityQueries   queries for the parity check
 * @param memoryQueries   queries between the two memory samples
 * @param rows            resident rows for the batched-query benchmark
 * @param batches         query batch sizes Q for the benchmark
 * @param trainRows       rows k-means trains on
 * @param trainLists      k-means centroids
 * @param trainIterations k-means iterations (tolerance 0, so each backend runs them all)
 * @param minSeconds      each throughput figure runs at least this long
 * @param workers         CPU threads for the Panama path and the engine
 * @param seed            data seed
 */
record CheckSettings(int dimension, int parityRows, int parityQueries, int memoryQueries, int rows,
                     List<Integer> batches, int trainRows, int trainLists, int trainIterations, double minSeconds,
                     int workers, long seed) {

    /** Checks the values. */
    CheckSettings {
        batches = List.copyOf(batches);
        if (dimension < 1 || parityRows < 2 || parityQueries < 1 || memoryQueries < 1 || rows < 1 || batches.isEmpty()
                || trainRows < 1 || trainLists < 1 || trainIterations < 1 || workers < 1 || !(minSeconds > 0)) {
            throw new IllegalArgumentException("every size must be positive (and --parity-rows at least 2)");
        }
        if (trainLists > trainRows) {
            throw new IllegalArgumentException("--train-lists (" + trainLists + ") exceeds --train-rows (" + trainRows
                    + ")");
        }
        for (int q : batches) {
            if (q < 1) {
                throw new IllegalArgumentException("--batches must be positive, got " + q);
            }
        }
    }

    /** The largest batch: the benchmark generates this many queries. */
    int maxBatch() {
        return batches.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }
}
