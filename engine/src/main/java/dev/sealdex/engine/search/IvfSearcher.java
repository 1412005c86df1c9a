package dev.sealdex.engine.search;

import dev.sealdex.engine.model.EngineResources;
import dev.sealdex.engine.ivf.BlockScorer;
import dev.sealdex.engine.ivf.CoarseQuantizer;
import dev.sealdex.engine.ivf.IvfList;
import dev.sealdex.engine.ivf.Layout;
import dev.sealdex.engine.ivf.ListBlockFormat;
import dev.sealdex.engine.ivf.StageOneCodec;
import dev.sealdex.engine.kernel.DistanceFunction;
import dev.sealdex.engine.kernel.Kernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Runs a batch of queries over one layout in a single pass: the coarse step scores every query
 * against the centroids at once; each probed list's blocks are decrypted once into a per-worker
 * scratch buffer and scored against every query of the batch that probes that list; the best
 * {@code topK * rerankMult} candidates of each query are then reranked exactly against their
 * sealed rows by the {@link Reranker}. Lists are spread over the workers; plaintext lives only in
 * the workers' scratch buffers, which are wiped when the search ends.
 */
public final class IvfSearcher {

    /** Filters matching at most this many rows are answered by an exact scan of just those rows. */
    static final int EXACT_FILTER_ROWS = 2_048;

    private final Kernels kernels;
    private final ExecutorService executor;
    private final int workers;
    private final Reranker reranker;

    public IvfSearcher(Kernels kernels, ExecutorService executor, int workers) {
        this(kernels, executor, workers, true);
    }

    /** With {@code pruneRerank} false the rerank scores every candidate (tests compare the two). */
    public IvfSearcher(Kernels kernels, ExecutorService executor, int workers, boolean pruneRerank) {
        this.kernels = kernels;
        this.executor = executor;
        this.workers = Math.max(1, workers);
        this.reranker = new Reranker(kernels, executor, this.workers, pruneRerank);
    }

    /** Rows the rerank has decrypted and scored so far. */
    public long rowsReranked() {
        return reranker.rowsReranked();
    }

    /** Searches {@code queries} (already normalised for cosine) over {@code layout}. */
    public List<List<SearchHit>> search(Layout layout, RowSource rows, List<SearchRequest> requests, float[][] queries) {
        int count = requests.size();
        DistanceFunction function = rows.metric().scoring();
        int[][] probeOrder = new int[count][];
        int[] probes = new int[count];
        TopK[] candidates = new TopK[count];
        boolean[] exactScan = new boolean[count];
        for (int q = 0; q < count; q++) {
            SearchRequest request = requests.get(q);
            candidates[q] = new TopK(stageOneWidth(request));
            exactScan[q] = request.filtered() && Bitmasks.count(request.allowed()) <= EXACT_FILTER_ROWS;
        }
        StageOneCodec codec = layout.openCodec();
        if (layout.isTrained() && !codec.exact()) {
            // Probing every list promises exact results (CyborgDB's quick-flow tests check recall 1.0
            // at n_probes = n_lists); codes cannot promise that, so score every row exactly instead.
            for (int q = 0; q < count; q++) {
                int wanted = requests.get(q).probes() > 0 ? requests.get(q).probes() : layout.defaultProbes();
                exactScan[q] |= wanted >= layout.listCount();
            }
        }
        CoarseQuantizer quantizer = layout.openCoarse();
        // Only PQ scores residuals, so only PQ needs the centroids as floats.
        float[] centroids = quantizer != null && codec instanceof StageOneCodec.Pq ? quantizer.decoded() : null;
        try {
            float[] coarse = coarse(layout, function, quantizer, requests, queries, probeOrder, probes);
            boolean[] pending = new boolean[count];
            int[] probed = new int[count];
            for (int q = 0; q < count; q++) {
                pending[q] = !exactScan[q];
            }
            // Round 1 probes each query's n_probes lists; later rounds widen queries whose filter left
            // them short of candidates, or greedy queries whose next lists may hold closer rows.
            for (int round = 0; anyPending(pending); round++) {
                int[] from = probed.clone();
                int[] to = new int[count];
                for (int q = 0; q < count; q++) {
                    if (pending[q] && round > 0 && probeOrder[q].length < layout.listCount()
                            && probed[q] * 2 >= probeOrder[q].length) {
                        probeOrder[q] = ascending(coarse, q * layout.listCount(), layout.listCount(),
                                layout.listCount());
                    }
                    to[q] = pending[q] ? nextProbeLimit(round, requests.get(q), probes[q], probeOrder[q],
                            probed[q], candidates[q], coarse, q * layout.listCount()) : probed[q];
                }
                scan(layout, codec, centroids, function, requests, queries, probeOrder, from, to, candidates);
                for (int q = 0; q < count; q++) {
                    probed[q] = to[q];
                    pending[q] = pending[q] && needsMore(requests.get(q), candidates[q], probed[q],
                            layout.listCount(), round);
                }
            }
        } finally {
            if (centroids != null) {
                Arrays.fill(centroids, 0f);
            }
            if (quantizer != null) {
                quantizer.wipe();
            }
        }
        return reranker.rerank(codec, layout.maxError(), rows, requests, queries, candidates, exactScan);
    }

    /** Orders each query's lists by centroid score; returns the scores (null when untrained). */
    private float[] coarse(Layout layout, DistanceFunction function, CoarseQuantizer quantizer, List<SearchRequest> requests,
                        float[][] queries, int[][] probeOrder, int[] probes) {
        int lists = layout.listCount();
        int count = requests.size();
        if (quantizer == null) {
            for (int q = 0; q < count; q++) {
                probeOrder[q] = new int[] {0};
                probes[q] = 1;
            }
            return null;
        }
        int dimension = queries[0].length;
        float[] batch = new float[count * dimension];
        for (int q = 0; q < count; q++) {
            System.arraycopy(queries[q], 0, batch, q * dimension, dimension);
        }
        float[] scores = new float[count * lists];
        quantizer.score(kernels, function, batch, count, scores);
        Arrays.fill(batch, 0f);
        for (int q = 0; q < count; q++) {
            SearchRequest request = requests.get(q);
            int wanted = request.probes() > 0 ? request.probes() : layout.defaultProbes();
            probes[q] = Math.min(lists, Math.max(1, wanted));
            // Sort only what the first rounds can use; a query that needs more gets the full order.
            int head = Math.min(lists, Math.max(64, 4 * probes[q]));
            probeOrder[q] = ascending(scores, q * lists, lists, head);
        }
        return scores;
    }

    /**
     * The {@code head} lowest-scoring lists in ascending order, by heap selection: sorting every
     * list per query would cost more than the scan at 16k+ lists.
     */
    static int[] ascending(float[] scores, int offset, int length, int head) {
        TopK best = new TopK(head);
        for (int i = 0; i < length; i++) {
            best.offer(scores[offset + i], i);
        }
        return best.sortedOrdinals();
    }

    private static int nextProbeLimit(int round, SearchRequest request, int probes, int[] order, int probed,
                                      TopK candidates, float[] coarse, int coarseOffset) {
        if (round == 0) {
            return Math.min(order.length, probes);
        }
        if (request.greedy() && candidates.full() && coarse != null) {
            // Greedy: take further lists while their centroid is closer than the worst candidate kept.
            int limit = probed;
            float worst = candidates.threshold();
            int cap = Math.min(order.length, probed + probes);
            while (limit < cap && coarse[coarseOffset + order[limit]] < worst) {
                limit++;
            }
            return limit;
        }
        // Short of candidates (a selective filter): double the lists probed.
        return Math.min(order.length, Math.max(probed + 1, probed * 2));
    }

    private static boolean needsMore(SearchRequest request, TopK candidates, int probed, int lists, int round) {
        if (probed >= lists) {
            return false;
        }
        if (!candidates.full() && request.filtered()) {
            return true;
        }
        return request.greedy() && round == 0;
    }

    private static boolean anyPending(boolean[] pending) {
        for (boolean p : pending) {
            if (p) {
                return true;
            }
        }
        return false;
    }

    private static int stageOneWidth(SearchRequest request) {
        return (int) Math.min(100_000L, (long) request.topK() * request.rerankMult());
    }

    /** Scans, for each query, the lists {@code order[from[q]..to[q])}, in parallel over lists. */
    private void scan(Layout layout, StageOneCodec codec, float[] centroids, DistanceFunction function,
                      List<SearchRequest> requests, float[][] queries, int[][] order, int[] from, int[] to,
                      TopK[] candidates) {
        if (kernels.offloadsQueries() && OffloadedStageOne.supports(codec)) {
            // The accelerator takes the queries it can in one coarse call; the rest scan below.
            to = OffloadedStageOne.scan(kernels, layout, codec, function, requests, queries, order, from, to,
                    candidates);
        }
        int lists = layout.listCount();
        int[][] queriesOfList = new int[lists][];
        int[] groupSize = new int[lists];
        for (int q = 0; q < requests.size(); q++) {
            for (int i = from[q]; i < to[q]; i++) {
                groupSize[order[q][i]]++;
            }
        }
        List<Integer> touched = new ArrayList<>();
        long totalWork = 0;
        for (int l = 0; l < lists; l++) {
            if (groupSize[l] > 0) {
                queriesOfList[l] = new int[groupSize[l]];
                touched.add(l);
                totalWork += (long) groupSize[l] * Math.max(1, layout.list(l).rows());
            }
        }
        Arrays.fill(groupSize, 0);
        for (int q = 0; q < requests.size(); q++) {
            for (int i = from[q]; i < to[q]; i++) {
                int l = order[q][i];
                queriesOfList[l][groupSize[l]++] = q;
            }
        }
        int parallel = Math.min(workers, Math.max(1, touched.size()));
        // Small searches run on the caller: a task hand-off costs more than it saves.
        if (parallel == 1 || totalWork < 20_000) {
            new ScanWorker(layout, codec.scorer(kernels, function, centroids), requests, queries, candidates, true)
                    .run(touched, queriesOfList);
            return;
        }
        List<List<Integer>> shares = new ArrayList<>();
        for (int w = 0; w < parallel; w++) {
            shares.add(new ArrayList<>());
        }
        for (int i = 0; i < touched.size(); i++) {
            shares.get(i % parallel).add(touched.get(i));
        }
        List<Future<TopK[]>> results = new ArrayList<>();
        for (List<Integer> share : shares) {
            results.add(executor.submit(() -> {
                ScanWorker worker = new ScanWorker(layout, codec.scorer(kernels, function, centroids), requests,
                        queries, null, false);
                worker.run(share, queriesOfList);
                return worker.local;
            }));
        }
        for (Future<TopK[]> result : results) {
            TopK[] local = EngineResources.join(result, "search");
            for (int q = 0; q < candidates.length; q++) {
                if (local[q] != null) {
                    candidates[q].addAll(local[q]);
                }
            }
        }
    }

    /** One worker's pass over its share of lists, with its own scratch and candidate heaps. */
    private final class ScanWorker {
        private final Layout layout;
        private final BlockScorer scorer;
        private final List<SearchRequest> requests;
        private final float[][] queries;
        private final TopK[] local;
        private byte[] scratch = new byte[ListBlockFormat.MAX_BLOCK_BYTES];
        private float[] out = new float[0];
        private float[] group = new float[0];

        ScanWorker(Layout layout, BlockScorer scorer, List<SearchRequest> requests, float[][] queries,
                   TopK[] shared, boolean useShared) {
            this.layout = layout;
            this.scorer = scorer;
            this.requests = requests;
            this.queries = queries;
            this.local = useShared ? shared : new TopK[requests.size()];
        }

        void run(List<Integer> lists, int[][] queriesOfList) {
            try {
                for (int list : lists) {
                    scanList(list, queriesOfList[list]);
                }
            } finally {
                Arrays.fill(scratch, (byte) 0);
                Arrays.fill(group, 0f);
                Arrays.fill(out, 0f);
                scorer.wipe();
            }
        }

        private void scanList(int list, int[] members) {
            int dimension = queries[0].length;
            int g = members.length;
            if (group.length < g * dimension) {
                group = new float[g * dimension];
            }
            for (int i = 0; i < g; i++) {
                System.arraycopy(queries[members[i]], 0, group, i * dimension, dimension);
                if (local[members[i]] == null) {
                    local[members[i]] = new TopK(stageOneWidth(requests.get(members[i])));
                }
            }
            scorer.prepare(list, group, g);
            IvfList.Snapshot snapshot = layout.list(list).snapshot();
            IvfList.ListCoding coding = layout.coding();
            byte[][] blocks = snapshot.blocks();
            for (int b = 0; b < blocks.length; b++) {
                byte[] sealed = blocks[b];
                if (scratch.length < sealed.length) {
                    scratch = new byte[sealed.length];
                }
                int rows = coding.open(list, b, sealed, scratch);
                if (out.length < g * rows) {
                    out = new float[g * rows];
                }
                scorer.score(scratch, ListBlockFormat.codesOffset(rows), rows, out);
                int boundsAt = ListBlockFormat.boundsOffset(rows, coding.codeBytes());
                for (int i = 0; i < g; i++) {
                    int q = members[i];
                    TopK heap = local[q];
                    long[] allowed = requests.get(q).allowed();
                    float threshold = heap.threshold();
                    int base = i * rows;
                    for (int r = 0; r < rows; r++) {
                        float score = out[base + r];
                        if (score < threshold) {
                            int ordinal = ListBlockFormat.ordinal(scratch, r);
                            if (allowed == null || Bitmasks.get(allowed, ordinal)) {
                                heap.offer(score, ordinal, scratch[boundsAt + r]);
                                threshold = heap.threshold();
                            }
                        }
                    }
                }
            }
        }
    }

}
