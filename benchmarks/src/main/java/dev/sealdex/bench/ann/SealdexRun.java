package dev.sealdex.bench.ann;

import dev.sealdex.engine.train.Trainer;
import dev.sealdex.engine.train.TrainingProgress;
import dev.sealdex.engine.index.VectorIndex;
import dev.sealdex.engine.model.EngineResources;
import dev.sealdex.engine.model.Item;
import dev.sealdex.engine.model.TrainingOutcome;
import dev.sealdex.engine.model.TrainingParams;
import dev.sealdex.engine.store.Durability;
import dev.sealdex.engine.store.Store;
import dev.sealdex.engine.store.WriteBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The life of one Sealdex index under test, encrypted or plain: durable upserts (timed), training
 * (timed), heap per vector, the throughput sweeps on all cores, then a reopen from the store
 * (timed) with one worker for the latency sweep. Reopening for the latency sweep is what lets one
 * built index serve both: an index's resources are fixed when it is created or opened.
 */
final class SealdexRun {

    /** Rows of the untimed warm-up index: enough for C2 to compile the paths, a few seconds at most. */
    private static final int WARMUP_ROWS = 10_000;
    private static final Pattern AUTO_PROBES = Pattern.compile("automatic n_probes = (\\d+)");

    /** What one run produced. */
    record Result(Report.Build build, List<Report.Curve> curves, List<String> notes) {
    }

    private final Dataset data;
    private final BenchSettings settings;
    private final EngineResources allCores;
    private final EngineResources oneThread;
    private final QueryDriver driver;
    private final Log log;

    /** A run over {@code data}; {@code allCores} and {@code oneThread} are the two resource shapes. */
    SealdexRun(Dataset data, BenchSettings settings, EngineResources allCores, EngineResources oneThread,
               QueryDriver driver, Log log) {
        this.data = data;
        this.settings = settings;
        this.allCores = allCores;
        this.oneThread = oneThread;
        this.driver = driver;
        this.log = log;
    }

    /**
     * Builds, trains and queries a throwaway index of {@code spec} on the first rows (untimed), so
     * the first timed build does not pay for compiling the upsert, training and search paths.
     */
    void warmUp(IndexSpec spec, KeyMaterial keys) {
        long started = System.nanoTime();
        int rows = Math.min(data.size(), WARMUP_ROWS);
        try (Store store = new dev.sealdex.engine.store.MemoryStore()) {
            WriteBatch manifest = new WriteBatch();
            VectorIndex index = VectorIndex.create("warm-up", keys.indexId(), spec.config(data.dimension()),
                    keys.keys(), store, allCores, manifest);
            store.write(manifest, Durability.SYNC);
            for (int from = 0; from < rows; from += settings.upsertBatch()) {
                index.upsert(items(from, Math.min(rows, from + settings.upsertBatch())));
            }
            // Ten k-means iterations compile the training code as well as a hundred would.
            index.train(new TrainingParams(0, 2048, Math.min(10, settings.maxIterations()), 1e-6, 0,
                    settings.seed()), new TrainingProgress());
            for (int q = 0; q < Math.min(data.queryCount(), settings.warmup()); q++) {
                index.query(List.of(new dev.sealdex.engine.search.SearchRequest(data.query(q), QueryDriver.TOP_K, 0,
                        settings.rerankMult(), false, null)));
            }
            // Training queued a checkpoint; let it finish before the store closes under it.
            index.awaitBackgroundCheckpoint();
        }
        log.info(String.format(Locale.ROOT, "warm-up: %,d vectors upserted, trained and queried in %.1f s (untimed)",
                rows, (System.nanoTime() - started) / 1e9));
    }

    /** Builds, trains, measures and reopens one index of {@code spec}. */
    Result run(IndexSpec spec, KeyMaterial keys, Path storeDir) {
        String system = "sealdex-" + spec.label();
        String variant = keys.encrypted() ? "encrypted" : "plain";
        String name = system + " " + variant;
        List<String> notes = new ArrayList<>();
        long heapBefore = HeapMeter.usedAfterFullGc();
        Store store = settings.store().open(storeDir);
        try {
            WriteBatch manifest = new WriteBatch();
            VectorIndex index = VectorIndex.create("bench", keys.indexId(), spec.config(data.dimension()), keys.keys(),
                    store, allCores, manifest);
            store.write(manifest, Durability.SYNC);

            double buildSeconds = ingest(index);
            log.info(String.format(Locale.ROOT, "%s: %,d vectors upserted in %.2f s (%,.0f vectors/s)", name,
                    data.size(), buildSeconds, data.size() / buildSeconds));

            long trainStarted = System.nanoTime();
            TrainingOutcome outcome = train(index, name);
            double trainSeconds = (System.nanoTime() - trainStarted) / 1e9;
            int autoProbes = autoProbes(outcome);
            int lists = index.listCount();
            log.info(String.format(Locale.ROOT, "%s: %s in %.2f s", name, outcome.message(), trainSeconds));
            if (!outcome.trained()) {
                notes.add(name + ": not trained (" + outcome.message() + "); every query is an exact scan");
            }

            // Training queued a checkpoint of the new layout; its write batch is not the index's memory.
            index.awaitBackgroundCheckpoint();
            long heapBuilt = HeapMeter.usedAfterFullGc();
            List<Integer> probes = probeSweep(lists, outcome.trained());
            List<Report.Curve> curves = new ArrayList<>();
            for (String mode : settings.throughputModes()) {
                curves.add(sweep(index, system, variant, mode, probes, autoProbes, name));
            }

            // Training queued a checkpoint of the new layout; a restart reads it, so let it finish.
            index.awaitBackgroundCheckpoint();
            index = null;
            long heapStoreOnly = HeapMeter.usedAfterFullGc();
            Store reopenFrom = settings.store().reopen(store, storeDir);
            store = reopenFrom;
            long reopenStarted = System.nanoTime();
            VectorIndex reopened = VectorIndex.open("bench", keys.indexId(), keys.keys(), reopenFrom, oneThread);
            double reopenSeconds = (System.nanoTime() - reopenStarted) / 1e9;
            log.info(String.format(Locale.ROOT, "%s: reopened %,d vectors in %.2f s", name, reopened.count(),
                    reopenSeconds));
            if (reopened.count() != data.size() || reopened.listCount() != lists) {
                notes.add(name + ": the reopened index has " + reopened.count() + " vectors in " + reopened.listCount()
                        + " lists, expected " + data.size() + " in " + lists);
            }
            if (settings.latency()) {
                // The reopen leaves a heap full of its garbage; collect it before timing, as the
                // throughput sweeps do after the build (G1 otherwise spends the first points on it).
                HeapMeter.usedAfterFullGc();
                Report.Curve latency = sweep(reopened, system, variant, Report.LATENCY, probes, autoProbes, name);
                notes.addAll(compareRecall(name, latency, curves));
                curves.addFirst(latency);
            }
            reopened = null;

            double n = data.size();
            Double heapPerVector = (heapBuilt - heapStoreOnly) / n;
            Double storePerVector = settings.store() == StoreKind.MEMORY ? (heapStoreOnly - heapBefore) / n : null;
            Report.Build build = new Report.Build(system, variant, buildSeconds, n / buildSeconds, trainSeconds, lists,
                    autoProbes, heapPerVector, storePerVector, (double) spec.rawBytesPerVector(data.dimension()),
                    reopenSeconds, outcome.trained() ? null : outcome.message());
            return new Result(build, curves, notes);
        } finally {
            store.close();
        }
    }

    /** Upserts every base row in batches from several threads; returns the seconds taken. */
    private double ingest(VectorIndex index) {
        int batch = settings.upsertBatch();
        int batches = (data.size() + batch - 1) / batch;
        AtomicInteger next = new AtomicInteger();
        int threads = settings.ingestThreads();
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                tasks.add(pool.submit(() -> {
                    int b;
                    while ((b = next.getAndIncrement()) < batches) {
                        index.upsert(items(b * batch, Math.min(data.size(), (b + 1) * batch)));
                    }
                }));
            }
            Parallel.joinAll(tasks);
        }
        return (System.nanoTime() - started) / 1e9;
    }

    /** Base rows {@code [from, to)} as items whose id is the row number (how recall finds them). */
    private List<Item> items(int from, int to) {
        int d = data.dimension();
        List<Item> items = new ArrayList<>(to - from);
        for (int r = from; r < to; r++) {
            items.add(new Item(Integer.toString(r), java.util.Arrays.copyOfRange(data.base(), r * d, (r + 1) * d), null,
                    null));
        }
        return items;
    }

    /** Trains in the foreground, logging progress every 10 s for long trainings. */
    private TrainingOutcome train(VectorIndex index, String name) {
        // minVectors 0: the harness trains small data sets too (CyborgDB skips below 10,000); the
        // engine still refuses fewer than two vectors per list.
        TrainingParams params = new TrainingParams(settings.lists(), 2048, settings.maxIterations(), 1e-6, 0,
                settings.seed());
        TrainingProgress progress = new TrainingProgress();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        try {
            ticker.scheduleAtFixedRate(() -> log.info(String.format(Locale.ROOT, "%s: training %s %.0f%%", name,
                    progress.phase().name().toLowerCase(Locale.ROOT), progress.percent())), 10, 10, TimeUnit.SECONDS);
            return index.train(params, progress);
        } finally {
            ticker.shutdownNow();
        }
    }

    /** The automatic n_probes the training chose. The engine reports it only in the outcome message. */
    private static int autoProbes(TrainingOutcome outcome) {
        Matcher matcher = AUTO_PROBES.matcher(outcome.message());
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    /** The requested probe counts capped at {@code lists}, without repeats; 0 (automatic) stays first. */
    List<Integer> probeSweep(int lists, boolean trained) {
        if (!trained) {
            return List.of(0);
        }
        List<Integer> probes = new ArrayList<>();
        for (int p : settings.probes()) {
            int capped = p == 0 ? 0 : Math.min(p, lists);
            if (!probes.contains(capped)) {
                probes.add(capped);
            }
        }
        return probes;
    }

    /**
     * Notes where the reopened index (latency sweep) found different neighbours from the index as
     * built (throughput sweeps): the reopen rebuilds the lists, so its recall should match.
     */
    private static List<String> compareRecall(String name, Report.Curve reopened, List<Report.Curve> built) {
        List<String> notes = new ArrayList<>();
        for (Report.Curve curve : built) {
            for (Report.Point before : curve.points()) {
                for (Report.Point after : reopened.points()) {
                    if (after.param() == before.param() && Math.abs(after.recall() - before.recall()) > 0.005) {
                        notes.add(String.format(Locale.ROOT, "%s: recall@10 at n_probes %d is %.4f after reopen but "
                                + "%.4f as built (%s)", name, before.param(), after.recall(), before.recall(),
                                curve.mode()));
                    }
                }
            }
        }
        return notes;
    }

    private Report.Curve sweep(VectorIndex index, String system, String variant, String mode, List<Integer> probes,
                               int autoProbes, String name) {
        List<Report.Point> points = new ArrayList<>();
        // An untimed pass at the first setting: right after a build or a reopen the first points
        // ran up to 2x slower than the same setting measured later (the JIT re-profiling the search
        // paths, the heap settling), which the per-point warm-up of a few hundred queries did not absorb.
        driver.measure(index, mode, probes.get(0), effective(probes.get(0), autoProbes));
        for (int p : probes) {
            Report.Point point = driver.measure(index, mode, p, effective(p, autoProbes));
            for (int repeat = 1; repeat < settings.repeats(); repeat++) {
                Report.Point again = driver.measure(index, mode, p, effective(p, autoProbes));
                point = again.qps() > point.qps() ? again : point;
            }
            points.add(point);
            log.info(String.format(Locale.ROOT, "%s %-7s n_probes %-8s recall@10 %.4f  %,10.0f QPS%s  reranked %.1f/query",
                    name, mode, p == 0 ? "auto=" + autoProbes : Integer.toString(p), point.recall(), point.qps(),
                    point.p50Us() > 0 ? String.format(Locale.ROOT, "  p50 %,.0f us  p99 %,.0f us", point.p50Us(),
                            point.p99Us()) : "", point.rerankedPerQuery()));
        }
        int threads = switch (mode) {
            case Report.LATENCY -> 1;
            case Report.CLIENTS -> driver.clients();
            default -> allCores.workers();
        };
        return new Report.Curve(system, variant, mode, "n_probes", threads, points);
    }

    /** The n_probes in effect for setting {@code probes} (0 = automatic). */
    private static int effective(int probes, int autoProbes) {
        return probes == 0 ? autoProbes : probes;
    }
}
