package dev.sealdex.engine.train;

import dev.sealdex.engine.quant.KMeans;
import dev.sealdex.engine.search.IvfSearcher;
import dev.sealdex.engine.search.RowSource;
import dev.sealdex.engine.search.SearchHit;
import dev.sealdex.engine.search.SearchRequest;
import dev.sealdex.engine.ivf.CoarseQuantizer;
import dev.sealdex.engine.ivf.Layout;
import dev.sealdex.engine.ivf.StageOneCodec;
import dev.sealdex.engine.kernel.DistanceFunction;
import dev.sealdex.engine.kernel.Kernels;
import dev.sealdex.engine.model.EngineResources;
import dev.sealdex.engine.model.IndexConfig;
import dev.sealdex.engine.model.TrainingOutcome;
import dev.sealdex.engine.model.TrainingParams;
import dev.sealdex.engine.quant.PqCodec;
import dev.sealdex.engine.quant.Sq8Codec;
import dev.sealdex.engine.search.TopK;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Future;

/**
 * Trains a new layout for an index while queries and writes continue on the current one: reads
 * the live rows, runs k-means for the centroids, trains the stage-1 codec, places every row,
 * calibrates the automatic {@code n_probes} against exact search, then asks the index to swap.
 */
public final class Trainer {

    /** Rows k-means trains on, per list (FAISS uses the same cap). */
    static final int SAMPLE_PER_LIST = 256;
    /** The recall@10 the automatic {@code n_probes} aims for. */
    static final double TARGET_RECALL = 0.95;
    /** Queries used to calibrate the automatic {@code n_probes}. */
    static final int CALIBRATION_QUERIES = 200;

    private Trainer() {
    }

    /**
     * Trains {@code index} with {@code params}; returns without training (and says why) when
     * there are fewer than {@code params.minVectors()} rows or fewer than twice the lists.
     */
    public static TrainingOutcome train(TrainingTarget index, TrainingParams params, TrainingProgress progress) {
        IndexConfig config = index.config();
        if (config.dimensionPending()) {
            return new TrainingOutcome(false, "the index has no vectors yet");
        }
        index.beginTraining();
        boolean swapped = false;
        try {
            progress.phase(TrainingProgress.Phase.SAMPLING, 0);
            Snapshot snapshot = snapshot(index);
            int n = snapshot.ordinals.length;
            int lists = params.lists() > 0 ? params.lists() : TrainingParams.automaticLists(n);
            if (n < params.minVectors() || n < 2L * lists) {
                return new TrainingOutcome(false, "training needs at least " + Math.max(params.minVectors(), 2L * lists)
                        + " vectors for " + lists + " lists; the index has " + n);
            }
            EngineResources resources = index.resources();
            Kernels kernels = resources.kernels();
            KMeans kmeans = new KMeans(kernels, resources.executor(), resources.workers());
            int dimension = config.dimension();
            SplittableRandom random = new SplittableRandom(params.seed());
            int[] sample = KMeans.sampleIndices(n, (int) Math.min(n, (long) SAMPLE_PER_LIST * lists), random);
            float[] sampleVectors = gather(snapshot.vectors, dimension, sample);

            progress.phase(TrainingProgress.Phase.CLUSTERING, 5);
            float[] centroids = kmeans.train(sampleVectors, sample.length, dimension,
                    new KMeans.Params(lists, params.maxIterations(), params.tolerance(), params.batchSize(),
                            params.seed()),
                    (iteration, max) -> progress.percent(5 + 50.0 * iteration / max));

            // The coded centroids are the centroids from here on (see CoarseQuantizer).
            CoarseQuantizer coarse = CoarseQuantizer.quantize(centroids, lists, dimension);
            Arrays.fill(centroids, 0f);
            centroids = coarse.decoded();
            progress.phase(TrainingProgress.Phase.QUANTIZING, 55);
            StageOneCodec codec = trainCodec(config, kmeans, sampleVectors, sample.length, centroids, lists,
                    params.seed());
            Arrays.fill(sampleVectors, 0f);

            progress.phase(TrainingProgress.Phase.ENCODING, 60);
            Layout layout = Layout.trained(index.layout().epoch() + 1, dimension, coarse, codec, index.codesCipher(),
                    1);
            coarse.wipe();
            place(index, layout, snapshot, progress);

            progress.phase(TrainingProgress.Phase.CALIBRATING, 90);
            layout.calibrate(calibrate(index, layout, snapshot, random));
            Arrays.fill(centroids, 0f);
            Arrays.fill(snapshot.vectors, 0f);

            progress.phase(TrainingProgress.Phase.SWITCHING, 99);
            index.swapLayout(layout);
            swapped = true;
            progress.phase(TrainingProgress.Phase.DONE, 100);
            return new TrainingOutcome(true, "trained " + lists + " lists on " + n + " vectors; automatic n_probes = "
                    + layout.defaultProbes());
        } finally {
            if (!swapped) {
                index.abandonTraining();
            }
        }
    }

    /** The live rows at the start of training: ordinals and their (normalised) vectors. */
    private record Snapshot(int[] ordinals, float[] vectors) {
    }

    private static Snapshot snapshot(TrainingTarget index) {
        int dimension = index.config().dimension();
        RowSource rows = index.rows();
        int limit = rows.ordinalLimit();
        int[] ordinals = new int[limit];
        float[] vectors = new float[Math.max(1, index.count()) * dimension];
        byte[] scratch = new byte[rows.rowBytes(0xFFFF)];
        float[] vector = new float[dimension];
        int n = 0;
        for (int ordinal = 0; ordinal < limit; ordinal++) {
            byte[] sealed = rows.sealed(ordinal);
            if (sealed == null) {
                continue;
            }
            rows.open(ordinal, sealed, scratch, vector);
            if ((n + 1) * dimension > vectors.length) {
                vectors = Arrays.copyOf(vectors, Math.max(vectors.length * 2, (n + 1) * dimension));
            }
            ordinals[n] = ordinal;
            System.arraycopy(vector, 0, vectors, n * dimension, dimension);
            n++;
        }
        Arrays.fill(scratch, (byte) 0);
        return new Snapshot(Arrays.copyOf(ordinals, n), vectors.length == n * dimension ? vectors
                : Arrays.copyOf(vectors, n * dimension));
    }

    private static StageOneCodec trainCodec(IndexConfig config, KMeans kmeans, float[] sample, int count,
                                            float[] centroids, int lists, long seed) {
        int dimension = config.dimension();
        return switch (config.kind()) {
            case IVF_FLAT -> new StageOneCodec.Flat(dimension);
            case IVF_SQ8_RERANK -> new StageOneCodec.Sq8(Sq8Codec.train(sample, count, dimension));
            case IVF_SQ -> config.sqBits() == 16 ? StageOneCodec.Sq16.train(sample, count, dimension)
                    : new StageOneCodec.Sq8(Sq8Codec.train(sample, count, dimension));
            case IVF_PQ -> {
                int[] assignment = new int[count];
                kmeans.assign(sample, count, dimension, centroids, lists, 4096, assignment, new float[count]);
                float[] residuals = new float[count * dimension];
                for (int r = 0; r < count; r++) {
                    for (int i = 0; i < dimension; i++) {
                        residuals[r * dimension + i] = sample[r * dimension + i]
                                - centroids[assignment[r] * dimension + i];
                    }
                }
                PqCodec pq = PqCodec.train(kmeans, residuals, count, dimension, config.pqDim(), config.pqBits(),
                        seed);
                Arrays.fill(residuals, 0f);
                yield new StageOneCodec.Pq(pq, dimension);
            }
        };
    }

    private static void place(TrainingTarget index, Layout layout, Snapshot snapshot, TrainingProgress progress) {
        int dimension = index.config().dimension();
        int n = snapshot.ordinals.length;
        int chunk = 8_192;
        EngineResources resources = index.resources();
        DistanceFunction function = index.config().metric().scoring();
        List<Future<?>> tasks = new ArrayList<>();
        java.util.concurrent.atomic.AtomicLong placed = new java.util.concurrent.atomic.AtomicLong();
        for (int start = 0; start < n; start += chunk) {
            int from = start;
            int to = Math.min(n, start + chunk);
            tasks.add(resources.executor().submit(() -> {
                int[] ordinals = Arrays.copyOfRange(snapshot.ordinals, from, to);
                float[] vectors = Arrays.copyOfRange(snapshot.vectors, from * dimension, to * dimension);
                layout.add(resources.kernels(), function, ordinals, vectors, to - from);
                Arrays.fill(vectors, 0f);
                long done = placed.addAndGet(to - from);
                progress.vectors(done, n);
                progress.percent(60 + 30.0 * done / n);
            }));
        }
        for (Future<?> task : tasks) {
            EngineResources.join(task, "training");
        }
    }

    /**
     * The smallest probe count whose recall@10 against exact search reaches {@link #TARGET_RECALL}
     * on a sample of the index's own rows used as queries (each query's own row excluded).
     */
    private static int calibrate(TrainingTarget index, Layout layout, Snapshot snapshot, SplittableRandom random) {
        IndexConfig config = index.config();
        int dimension = config.dimension();
        int n = snapshot.ordinals.length;
        int queries = Math.min(CALIBRATION_QUERIES, n);
        int[] picks = KMeans.sampleIndices(n, queries, random);
        DistanceFunction function = config.metric().scoring();
        List<Set<Integer>> truth = exactNeighbours(index.resources(), function, snapshot, picks, dimension);
        IvfSearcher searcher = index.searcher();
        RowSource rows = index.rows();
        float[][] vectors = new float[queries][];
        for (int q = 0; q < queries; q++) {
            vectors[q] = Arrays.copyOfRange(snapshot.vectors, picks[q] * dimension, (picks[q] + 1) * dimension);
        }
        int lists = layout.listCount();
        int probes = 1;
        while (probes < lists) {
            List<SearchRequest> requests = new ArrayList<>();
            for (int q = 0; q < queries; q++) {
                requests.add(new SearchRequest(vectors[q], 11, probes, 10, false, null));
            }
            List<List<SearchHit>> results = searcher.search(layout, rows, requests, vectors);
            long found = 0;
            long wanted = 0;
            for (int q = 0; q < queries; q++) {
                Set<Integer> expected = truth.get(q);
                wanted += expected.size();
                for (SearchHit hit : results.get(q)) {
                    if (expected.contains(hit.ordinal())) {
                        found++;
                    }
                }
            }
            if (wanted == 0 || (double) found / wanted >= TARGET_RECALL) {
                break;
            }
            probes = probes < 4 ? probes + 1 : probes + Math.max(1, probes / 4);
        }
        for (float[] vector : vectors) {
            Arrays.fill(vector, 0f);
        }
        return Math.min(lists, probes);
    }

    /** Exact top-10 of each picked row among all rows (itself excluded), scanning rows in parallel chunks. */
    private static List<Set<Integer>> exactNeighbours(EngineResources resources, DistanceFunction function,
                                                      Snapshot snapshot, int[] picks, int dimension) {
        int n = snapshot.ordinals.length;
        int queries = picks.length;
        float[] batch = gather(snapshot.vectors, dimension, picks);
        int chunk = 4_096;
        List<Future<TopK[]>> parts = new ArrayList<>();
        for (int start = 0; start < n; start += chunk) {
            int from = start;
            int rows = Math.min(chunk, n - start);
            parts.add(resources.executor().submit(() -> {
                float[] out = new float[queries * rows];
                resources.kernels().scoreBlock(function, snapshot.vectors, from * dimension, rows, dimension, batch,
                        queries, out);
                TopK[] local = new TopK[queries];
                for (int q = 0; q < queries; q++) {
                    local[q] = new TopK(10);
                    for (int r = 0; r < rows; r++) {
                        if (from + r != picks[q]) {
                            local[q].offer(out[q * rows + r], snapshot.ordinals[from + r]);
                        }
                    }
                }
                return local;
            }));
        }
        TopK[] best = new TopK[queries];
        for (int q = 0; q < queries; q++) {
            best[q] = new TopK(10);
        }
        for (Future<TopK[]> part : parts) {
            TopK[] local = EngineResources.join(part, "training");
            for (int q = 0; q < queries; q++) {
                best[q].addAll(local[q]);
            }
        }
        Arrays.fill(batch, 0f);
        List<Set<Integer>> truth = new ArrayList<>();
        for (TopK top : best) {
            Set<Integer> set = new HashSet<>();
            for (int ordinal : top.sortedOrdinals()) {
                set.add(ordinal);
            }
            truth.add(set);
        }
        return truth;
    }

    private static float[] gather(float[] vectors, int dimension, int[] picks) {
        float[] out = new float[picks.length * dimension];
        for (int i = 0; i < picks.length; i++) {
            System.arraycopy(vectors, picks[i] * dimension, out, i * dimension, dimension);
        }
        return out;
    }

}
