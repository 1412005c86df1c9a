package dev.sealdex.bench.ann;

import dev.sealdex.engine.search.SearchHit;
import dev.sealdex.engine.search.SearchRequest;
import dev.sealdex.engine.index.VectorIndex;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.HdrHistogram.Histogram;

/**
 * Times queries against one index in the three modes of the protocol and scores recall@10.
 *
 * <p>Every mode cycles through the query set in calls ("units": one query, or one batch of
 * {@code batchSize}) until it has done at least one full pass and {@code minSeconds} have passed,
 * so fast settings are timed long enough and slow ones still see every query once. The first
 * pass's answers give the recall. A short untimed warm-up at the same setting comes first, so the
 * JIT has compiled the search path before the clock starts.
 */
final class QueryDriver implements AutoCloseable {

    /** Results wanted per query: the protocol's recall@10. */
    static final int TOP_K = 10;

    private final Dataset data;
    private final int rerankMult;
    private final double minSeconds;
    private final int warmupQueries;
    private final int clients;
    private final int batchSize;
    private final ExecutorService clientPool;

    /** A driver for {@code data}; {@code clients} threads for the clients mode. */
    QueryDriver(Dataset data, int rerankMult, double minSeconds, int warmupQueries, int clients, int batchSize) {
        this.data = data;
        this.rerankMult = rerankMult;
        this.minSeconds = minSeconds;
        this.warmupQueries = warmupQueries;
        this.clients = clients;
        this.batchSize = batchSize;
        this.clientPool = Executors.newFixedThreadPool(clients, Thread.ofPlatform().name("bench-client-", 0).factory());
    }

    /** Client threads of the clients mode. */
    int clients() {
        return clients;
    }

    /** Measures {@code mode} at {@code probes} (0 = automatic, in effect {@code effective}). */
    Report.Point measure(VectorIndex index, String mode, int probes, int effective) {
        List<SearchRequest> requests = new ArrayList<>(data.queryCount());
        for (int q = 0; q < data.queryCount(); q++) {
            requests.add(new SearchRequest(data.query(q), TOP_K, probes, rerankMult, false, null));
        }
        int unit = mode.equals(Report.BATCH) ? batchSize : 1;
        int threads = mode.equals(Report.CLIENTS) ? clients : 1;
        run(index, requests, unit, threads, 0, Math.max(1, warmupQueries / unit), null);
        AtomicReferenceArray<List<SearchHit>> answers = new AtomicReferenceArray<>(data.queryCount());
        long rerankedBefore = index.rowsReranked();
        Timing timing = run(index, requests, unit, threads, minSeconds, -1, answers);
        double reranked = (index.rowsReranked() - rerankedBefore) / (double) timing.queries;
        boolean perQuery = unit == 1;
        return new Report.Point(probes, effective, recall(answers), timing.queries / timing.seconds,
                perQuery ? timing.histogram.getValueAtPercentile(50) / 1e3 : 0,
                perQuery ? timing.histogram.getValueAtPercentile(99) / 1e3 : 0, timing.queries, timing.seconds,
                timing.cpuNanos / 1e3 / timing.queries, reranked);
    }

    private record Timing(long queries, double seconds, long cpuNanos, Histogram histogram) {
    }

    /** CPU time of the whole process so far, in nanoseconds. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * Issues units from {@code threads} threads until {@code minUnits} units (-1: one full pass)
     * are done and {@code seconds} have passed; records the first pass's answers when asked.
     */
    private Timing run(VectorIndex index, List<SearchRequest> requests, int unit, int threads, double seconds,
                       long minUnits, AtomicReferenceArray<List<SearchHit>> answers) {
        int units = (requests.size() + unit - 1) / unit;
        long required = minUnits < 0 ? units : minUnits;
        AtomicLong next = new AtomicLong();
        AtomicLong done = new AtomicLong();
        long started = System.nanoTime();
        long deadline = started + (long) (seconds * 1e9);
        Histogram histogram = new Histogram(3);
        long cpuStarted = processCpuNanos();
        if (threads == 1) {
            // On the caller: latency mode must not pay a thread hand-off per query.
            histogram.add(client(index, requests, unit, units, required, deadline, next, done, answers));
        } else {
            List<Future<Histogram>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                running.add(clientPool.submit(() -> client(index, requests, unit, units, required, deadline, next, done,
                        answers)));
            }
            for (Future<Histogram> client : running) {
                histogram.add(Parallel.join(client));
            }
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        return new Timing(done.get(), elapsed, processCpuNanos() - cpuStarted, histogram);
    }

    private static Histogram client(VectorIndex index, List<SearchRequest> requests, int unit, int units,
                                    long required, long deadline, AtomicLong next, AtomicLong done,
                                    AtomicReferenceArray<List<SearchHit>> answers) {
        Histogram histogram = new Histogram(3);
        while (true) {
            long u = next.getAndIncrement();
            if (u >= required && System.nanoTime() >= deadline) {
                return histogram;
            }
            int from = (int) (u % units) * unit;
            List<SearchRequest> call = requests.subList(from, Math.min(requests.size(), from + unit));
            long t0 = System.nanoTime();
            List<List<SearchHit>> result = index.query(call);
            histogram.recordValue(Math.max(1, System.nanoTime() - t0));
            done.addAndGet(call.size());
            if (answers != null && u < units) {
                for (int i = 0; i < result.size(); i++) {
                    answers.set(from + i, result.get(i));
                }
            }
        }
    }

    /** Mean recall@10 of {@code answers} against the ground truth. */
    private double recall(AtomicReferenceArray<List<SearchHit>> answers) {
        long found = 0;
        long wanted = 0;
        for (int q = 0; q < answers.length(); q++) {
            int[] truth = data.truth()[q];
            int depth = Math.min(TOP_K, truth.length);
            java.util.Set<Integer> expected = new java.util.HashSet<>();
            for (int i = 0; i < depth; i++) {
                expected.add(truth[i]);
            }
            wanted += depth;
            for (SearchHit hit : answers.get(q)) {
                if (expected.contains(Integer.parseInt(hit.id()))) {
                    found++;
                }
            }
        }
        return wanted == 0 ? 0 : (double) found / wanted;
    }

    @Override
    public void close() {
        clientPool.shutdownNow();
    }
}
