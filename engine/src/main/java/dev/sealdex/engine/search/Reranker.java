package dev.sealdex.engine.search;

import dev.sealdex.engine.model.EngineResources;
import dev.sealdex.engine.ivf.ErrorBound;
import dev.sealdex.engine.ivf.StageOneCodec;
import dev.sealdex.engine.kernel.DistanceFunction;
import dev.sealdex.engine.kernel.Kernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

/**
 * The second stage of a search: each query's stage-1 candidates are decrypted row by row and
 * scored exactly, best case first, until no remaining candidate can enter the top k. A
 * candidate's best case is its stage-1 score less its row's {@link ErrorBound}, so the rows whose
 * codes are far from their vectors cost a decryption and the rest mostly do not.
 */
final class Reranker {

    private final Kernels kernels;
    private final ExecutorService executor;
    private final int workers;
    private final boolean prune;
    /** Rows decrypted and scored since this reranker was made. */
    private final LongAdder reranked = new LongAdder();

    /** With {@code prune} false every candidate is scored (tests compare the two). */
    Reranker(Kernels kernels, ExecutorService executor, int workers, boolean prune) {
        this.kernels = kernels;
        this.executor = executor;
        this.workers = workers;
        this.prune = prune;
    }

    /** Rows decrypted and scored so far. */
    long rowsReranked() {
        return reranked.sum();
    }

    /**
     * Reranks every query's candidates exactly against their sealed rows and picks its top k.
     * Queries are spread over the workers, each with its own scratch.
     */
    List<List<SearchHit>> rerank(StageOneCodec codec, float maxError, RowSource rows,
                                 List<SearchRequest> requests, float[][] queries, TopK[] candidates,
                                 boolean[] exactScan) {
        int count = requests.size();
        List<List<SearchHit>> results = new ArrayList<>(java.util.Collections.nCopies(count, null));
        int parallel = Math.min(workers, count);
        List<Future<?>> tasks = new ArrayList<>();
        for (int w = 1; w < parallel; w++) {
            int share = w;
            tasks.add(executor.submit(() -> rerankShare(share, parallel, codec, maxError, rows, requests, queries,
                    candidates, exactScan, results)));
        }
        rerankShare(0, parallel, codec, maxError, rows, requests, queries, candidates, exactScan, results);
        for (Future<?> task : tasks) {
            EngineResources.join(task, "search");
        }
        return results;
    }

    /** Reranks queries {@code share}, {@code share + shares}, ... into {@code results}. */
    private void rerankShare(int share, int shares, StageOneCodec codec, float maxError, RowSource rows,
                             List<SearchRequest> requests, float[][] queries, TopK[] candidates, boolean[] exactScan,
                             List<List<SearchHit>> results) {
        Scratch scratch = new Scratch(rows);
        try {
            for (int q = share; q < requests.size(); q += shares) {
                results.set(q, rerankOne(codec, maxError, rows, requests.get(q), queries[q], candidates[q],
                        exactScan[q], scratch));
            }
        } finally {
            scratch.wipe();
        }
    }

    /**
     * One worker's plaintext: a row buffer sized for rows with ids of up to 64 bytes, grown (and the
     * old one wiped) for a longer row, instead of one for the longest id possible (64 KiB per search).
     */
    private static final class Scratch {
        byte[] row;
        final float[] vector;

        Scratch(RowSource rows) {
            row = new byte[rows.rowBytes(64)];
            vector = new float[rows.dimension()];
        }

        /** A row buffer that holds the plaintext of {@code sealed}. */
        byte[] fit(byte[] sealed) {
            if (row.length < sealed.length) {
                Arrays.fill(row, (byte) 0);
                row = new byte[sealed.length];
            }
            return row;
        }

        void wipe() {
            Arrays.fill(row, (byte) 0);
            Arrays.fill(vector, 0f);
        }
    }

    private List<SearchHit> rerankOne(StageOneCodec codec, float maxError, RowSource rows,
                                      SearchRequest request, float[] query, TopK candidates, boolean exactScan,
                                      Scratch scratch) {
        DistanceFunction function = rows.metric().scoring();
        TopK.Sorted stageOneOrder = exactScan ? null : candidates.sorted();
        int[] ordinals = !exactScan ? stageOneOrder.ordinals()
                : request.filtered() ? Bitmasks.ordinals(request.allowed()) : rows.live();
        boolean rescore = exactScan || !codec.exact();
        float[] stageOne = exactScan ? null : stageOneOrder.scores();
        float[] lower = null;
        int[] visit;
        if (rescore && stageOne != null) {
            float norm = function == DistanceFunction.NEGATIVE_DOT ? (float) Math.sqrt(kernels.dot(query, query)) : 1f;
            lower = lowerBounds(function, stageOne, stageOneOrder.tags(), maxError * norm, norm);
            visit = prune ? ascendingIndexes(lower) : identity(ordinals.length);
        } else {
            visit = identity(rescore ? ordinals.length : Math.min(ordinals.length, request.topK()));
        }
        // The k-th exact score so far, for pruning. The answer is chosen by (score, stage-1 rank)
        // from every candidate that was within the k best (ties included) when it was scored, so
        // the order of scoring cannot change it.
        TopK best = new TopK(request.topK());
        long[] scored = new long[Math.min(visit.length, 64)];
        int scoredCount = 0;
        int opened = 0;
        String[] ids = new String[ordinals.length];
        for (int i : visit) {
            if (prune && lower != null && best.full() && lower[i] > best.threshold()) {
                // Candidates come in order of their best case: none after this one can enter the top k.
                break;
            }
            byte[] sealed = rows.sealed(ordinals[i]);
            if (sealed == null) {
                continue;
            }
            byte[] row = scratch.fit(sealed);
            int idLength = rows.open(ordinals[i], sealed, row, scratch.vector);
            float score = rescore ? kernels.distance(function, query, 0, scratch.vector, 0, scratch.vector.length)
                    : stageOne[i];
            opened++;
            if (best.offer(score, i) || score <= best.threshold()) {
                // Only candidates that may be answered need their id decoded.
                ids[i] = rows.id(row, idLength);
                if (scoredCount == scored.length) {
                    scored = Arrays.copyOf(scored, scored.length * 2);
                }
                scored[scoredCount++] = TopK.pack(score, i);
            }
        }
        reranked.add(opened);
        Arrays.sort(scored, 0, scoredCount);
        List<SearchHit> hits = new ArrayList<>();
        for (int h = 0; h < Math.min(scoredCount, request.topK()); h++) {
            int at = (int) scored[h];
            hits.add(new SearchHit(ordinals[at], ids[at], rows.metric().toDistance(TopK.packedScore(scored[h]))));
        }
        return hits;
    }

    /**
     * Each candidate's lowest possible exact score: its stage-1 score less its row's error bound
     * times {@code norm} (the query's norm for dot products, else 1), or less {@code maxSlack} (the
     * layout's largest error times {@code norm}) where the row's bound is unknown or larger.
     */
    static float[] lowerBounds(DistanceFunction function, float[] stageOne, byte[] bounds, float maxSlack,
                               float norm) {
        float[] lower = new float[stageOne.length];
        for (int i = 0; i < lower.length; i++) {
            float slack = bounds[i] == ErrorBound.UNKNOWN ? maxSlack
                    : Math.min(maxSlack, ErrorBound.decode(bounds[i]) * norm);
            lower[i] = bestCase(function, stageOne[i], slack);
        }
        return lower;
    }

    /** Indexes of {@code values} in ascending order of value (ties by index). */
    static int[] ascendingIndexes(float[] values) {
        long[] packed = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            packed[i] = TopK.pack(values[i], i);
        }
        Arrays.sort(packed);
        int[] order = new int[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = (int) packed[i];
        }
        return order;
    }

    private static int[] identity(int length) {
        int[] order = new int[length];
        for (int i = 0; i < length; i++) {
            order[i] = i;
        }
        return order;
    }

    /**
     * The lowest exact score a candidate with stage-1 score {@code stageOne} can have, given that
     * its coded row is within {@code slack} of the real one; a hair of relative margin absorbs
     * float rounding in both scores.
     */
    public static float bestCase(DistanceFunction function, float stageOne, float slack) {
        float best;
        if (function == DistanceFunction.SQUARED_L2) {
            double root = Math.sqrt(Math.max(0f, stageOne)) - slack;
            best = root > 0 ? (float) (root * root) : 0f;
        } else {
            best = stageOne - slack;
        }
        return best - Math.abs(best) * 1e-4f - 1e-6f;
    }
}
