package dev.sealdex.bench.gpu;

import dev.sealdex.bench.ann.Dataset;
import dev.sealdex.bench.gpu.CheckTable.Status;
import dev.sealdex.engine.kernel.BlockHits;
import dev.sealdex.engine.kernel.BlockSource;
import dev.sealdex.engine.kernel.DistanceFunction;
import dev.sealdex.engine.kernel.GpuOperations;
import dev.sealdex.engine.kernel.Kernels;
import dev.sealdex.engine.kernel.VectorKernels;
import dev.sealdex.engine.quant.KMeans;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The two throughput measurements of the GPU device check, GPU against Panama on the same node: batched top-10 queries
 * (Q = 1, 64, 1024) over resident rows through {@code searchBlocks} (the GPU keeps the blocks on
 * the device; Panama scans them on every core), and k-means training ({@link KMeans} with the
 * engine's routing: one {@code assignNearest} per iteration on the GPU, the parallel CPU loop on
 * Panama). Each figure checks its own answers against the other backend's.
 */
final class ThroughputCheck {

    private static final int TOP_K = 10;
    private static final double QUERY_TARGET = 20;
    private static final double TRAIN_TARGET = 10;
    private static final double MIN_AGREEMENT = 0.99;
    private static final int MIN_CALLS = 2;

    private final Accelerator accelerator;
    private final VectorKernels panama;
    private final ExecutorService pool;
    private final CheckSettings settings;
    private final CheckTable table;
    private final Consumer<String> log;

    ThroughputCheck(Accelerator accelerator, VectorKernels panama, ExecutorService pool, CheckSettings settings,
                    CheckTable table, Consumer<String> log) {
        this.accelerator = accelerator;
        this.panama = panama;
        this.pool = pool;
        this.settings = settings;
        this.table = table;
        this.log = log;
    }

    /** Q queries per call against every resident row, for each Q of the settings. */
    void batchedQueries(Dataset data) {
        int d = data.dimension();
        List<BlockSource> blocks = ResidentBlocks.of(data.base(), data.size(), d, 2);
        Kernels gpu = new Kernels(accelerator.kernels(), GpuOperations.ALL);
        Kernels cpu = new Kernels(panama);
        long fallbacksBefore = accelerator.fallbacks();
        // The first call uploads every block; the timed calls find them resident.
        long started = System.nanoTime();
        gpu.searchBlocks(DistanceFunction.SQUARED_L2, blocks, d, data.queries(), 1, null, TOP_K);
        log.accept(String.format(Locale.ROOT, "resident: %,d blocks (%,d rows) loaded in %.2f s; %d resident on the "
                + "device", blocks.size(), data.size(), (System.nanoTime() - started) / 1e9,
                accelerator.residentBlocks()));
        for (int q : settings.batches()) {
            float[] queries = Arrays.copyOf(data.queries(), q * d);
            Timed<BlockHits> onGpu = time(() -> gpu.searchBlocks(DistanceFunction.SQUARED_L2, blocks, d, queries, q,
                    null, TOP_K));
            Timed<BlockHits> onCpu = time(() -> SplitSearch.search(cpu, pool, settings.workers(),
                    DistanceFunction.SQUARED_L2, blocks, d, queries, q, TOP_K));
            double agreement = Agreement.recall(Agreement.ids(onGpu.value()), Agreement.ids(onCpu.value()), TOP_K);
            double gpuQps = q / onGpu.seconds();
            double cpuQps = q / onCpu.seconds();
            double ratio = gpuQps / cpuQps;
            long fallbacks = accelerator.fallbacks() - fallbacksBefore;
            String result = String.format(Locale.ROOT, "gpu %s q/s, panama %s q/s, %.1fx; gpu~panama@10 %.4f%s",
                    rate(gpuQps), rate(cpuQps), ratio, agreement, fallbacks == 0 ? "" : ", FALLBACKS " + fallbacks);
            String check = String.format(Locale.ROOT, "queries Q=%d x %,d resident", q, data.size());
            boolean targeted = q >= 1024;
            Status status = agreement < MIN_AGREEMENT || fallbacks > 0 ? Status.FAIL
                    : !targeted ? Status.INFO : ratio >= QUERY_TARGET ? Status.PASS : Status.MISS;
            table.add(check, result, targeted ? ">= 20x" : "", status);
            log.accept(check + ": " + result);
        }
    }

    /** k-means on the training rows, GPU against Panama, and one assignment step alone. */
    void training(Dataset data) {
        int n = data.size();
        int d = data.dimension();
        int k = settings.trainLists();
        long fallbacksBefore = accelerator.fallbacks();
        KMeans onGpu = new KMeans(new Kernels(accelerator.kernels(), GpuOperations.ALL), pool, settings.workers());
        KMeans onCpu = new KMeans(new Kernels(panama), pool, settings.workers());
        KMeans.Params params = new KMeans.Params(k, settings.trainIterations(), 0, 2048, settings.seed());

        // One assignment step against fixed centroids: the part the GPU takes over, checked against Panama.
        float[] centroids = Arrays.copyOf(data.base(), k * d);
        int[] gpuIndex = new int[n];
        int[] cpuIndex = new int[n];
        float[] distances = new float[n];
        Timed<Double> gpuAssign = time(() -> onGpu.assign(data.base(), n, d, centroids, k, 2048, gpuIndex, distances));
        Timed<Double> cpuAssign = time(() -> onCpu.assign(data.base(), n, d, centroids, k, 2048, cpuIndex, distances));
        int same = 0;
        for (int i = 0; i < n; i++) {
            same += gpuIndex[i] == cpuIndex[i] ? 1 : 0;
        }
        double agreement = same / (double) n;
        double assignRatio = cpuAssign.seconds() / gpuAssign.seconds();
        String shape = String.format(Locale.ROOT, "%,d x %d, k=%d", n, d, k);
        String assignResult = String.format(Locale.ROOT, "gpu %.3f s, panama %.3f s, %.1fx; same centroid %.4f",
                gpuAssign.seconds(), cpuAssign.seconds(), assignRatio, agreement);
        table.add("k-means assign step " + shape, assignResult, "", agreement >= MIN_AGREEMENT ? Status.INFO
                : Status.FAIL);
        log.accept("k-means assign step " + shape + ": " + assignResult);

        // Untimed: compiles the seeding and update code on both sides, so neither pays for the JIT.
        int warmRows = Math.min(n, 20 * k);
        KMeans.Params warm = new KMeans.Params(k, 2, 0, 2048, settings.seed());
        onGpu.train(data.base(), warmRows, d, warm, (iteration, max) -> { });
        onCpu.train(data.base(), warmRows, d, warm, (iteration, max) -> { });

        AtomicInteger gpuIterations = new AtomicInteger();
        AtomicInteger cpuIterations = new AtomicInteger();
        long started = System.nanoTime();
        onGpu.train(data.base(), n, d, params, (iteration, max) -> gpuIterations.set(iteration));
        double gpuSeconds = (System.nanoTime() - started) / 1e9;
        started = System.nanoTime();
        onCpu.train(data.base(), n, d, params, (iteration, max) -> cpuIterations.set(iteration));
        double cpuSeconds = (System.nanoTime() - started) / 1e9;
        // Per iteration: with tolerance 0 both normally run every iteration, but a converged run stops early.
        double ratio = (cpuSeconds / cpuIterations.get()) / (gpuSeconds / gpuIterations.get());
        long fallbacks = accelerator.fallbacks() - fallbacksBefore;
        String result = String.format(Locale.ROOT, "gpu %.2f s (%d it), panama %.2f s (%d it), %.1fx per iteration%s",
                gpuSeconds, gpuIterations.get(), cpuSeconds, cpuIterations.get(), ratio,
                fallbacks == 0 ? "" : ", FALLBACKS " + fallbacks);
        Status status = fallbacks > 0 ? Status.FAIL : ratio >= TRAIN_TARGET ? Status.PASS : Status.MISS;
        table.add("k-means train " + shape, result, ">= 10x", status);
        log.accept("k-means train " + shape + ": " + result);
    }

    /** A value and the mean seconds per call that produced it. */
    record Timed<T>(T value, double seconds) {
    }

    /**
     * One untimed call, then calls until {@code minSeconds} have passed and at least
     * {@link #MIN_CALLS} ran; the mean time per call.
     */
    private <T> Timed<T> time(Supplier<T> call) {
        T value = call.get();
        int calls = 0;
        long started = System.nanoTime();
        long elapsed;
        do {
            value = call.get();
            calls++;
            elapsed = System.nanoTime() - started;
        } while (calls < MIN_CALLS || elapsed < settings.minSeconds() * 1e9);
        return new Timed<>(value, elapsed / 1e9 / calls);
    }

    /** Queries per second, short: {@code 812}, {@code 12.4k}, {@code 3.10M}. */
    static String rate(double perSecond) {
        if (perSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", perSecond / 1e6);
        }
        if (perSecond >= 1e4) {
            return String.format(Locale.ROOT, "%.1fk", perSecond / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", perSecond);
    }
}
