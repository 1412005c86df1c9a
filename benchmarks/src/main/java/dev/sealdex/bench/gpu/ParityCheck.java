package dev.sealdex.bench.gpu;

import dev.sealdex.bench.ann.Dataset;
import dev.sealdex.bench.gpu.CheckTable.Status;
import dev.sealdex.engine.crypto.IndexKeys;
import dev.sealdex.engine.crypto.NonceSequence;
import dev.sealdex.engine.model.EngineResources;
import dev.sealdex.engine.model.IndexConfig;
import dev.sealdex.engine.model.IndexKind;
import dev.sealdex.engine.model.Item;
import dev.sealdex.engine.model.Metric;
import dev.sealdex.engine.search.SearchHit;
import dev.sealdex.engine.search.SearchRequest;
import dev.sealdex.engine.model.StoragePrecision;
import dev.sealdex.engine.train.Trainer;
import dev.sealdex.engine.train.TrainingProgress;
import dev.sealdex.engine.index.VectorIndex;
import dev.sealdex.engine.kernel.DistanceFunction;
import dev.sealdex.engine.kernel.GpuOperations;
import dev.sealdex.engine.kernel.Kernels;
import dev.sealdex.engine.kernel.VectorKernels;
import dev.sealdex.engine.model.TrainingOutcome;
import dev.sealdex.engine.model.TrainingParams;
import dev.sealdex.engine.store.Durability;
import dev.sealdex.engine.store.MemoryStore;
import dev.sealdex.engine.store.Store;
import dev.sealdex.engine.store.WriteBatch;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * GPU/CPU result parity on an encrypted IVF index, and device memory over many queries. The index
 * is built and trained once on Panama, queried on Panama, then reopened from its store with the
 * GPU backend ({@code GPU_OPERATIONS=all}) and queried again with the same queries, at the
 * automatic n_probes and at every list (where IVF is an exact search). Both answers are held
 * against exact search over the same rows.
 */
final class ParityCheck {

    private static final int TOP_K = 10;
    /** The engine's stage-1 width is top_k x rerank_mult = 40, well inside the GPU's k limit (1024). */
    private static final int RERANK_MULT = 4;
    private static final double MIN_AGREEMENT = 0.99;
    private static final int WARM_UP_QUERIES = 50;

    private final Dataset data;
    private final Accelerator accelerator;
    private final VectorKernels panama;
    private final ExecutorService pool;
    private final CheckSettings settings;
    private final CheckTable table;
    private final Consumer<String> log;
    private final Optional<DeviceMemory> deviceMemory;

    ParityCheck(Dataset data, Accelerator accelerator, VectorKernels panama, ExecutorService pool,
                CheckSettings settings, CheckTable table, Consumer<String> log, Optional<DeviceMemory> deviceMemory) {
        this.data = data;
        this.accelerator = accelerator;
        this.panama = panama;
        this.pool = pool;
        this.settings = settings;
        this.table = table;
        this.log = log;
        this.deviceMemory = deviceMemory;
    }

    /** Checks {@code kind}; with {@code memory}, then runs the memory check on the GPU-backed index. */
    void run(IndexKind kind, boolean memory) {
        String label = kind.legacyName();
        int[][] exact = Agreement.ids(SplitSearch.search(new Kernels(panama), pool, settings.workers(),
                DistanceFunction.SQUARED_L2, ResidentBlocks.of(data.base(), data.size(), data.dimension(), 1),
                data.dimension(), data.queries(), data.queryCount(), TOP_K));
        byte[] dek = new byte[IndexKeys.DEK_BYTES];
        byte[] indexId = new byte[16];
        SecureRandom random = new SecureRandom();
        random.nextBytes(dek);
        random.nextBytes(indexId);
        AtomicLong reserved = new AtomicLong();
        IndexConfig config = new IndexConfig(data.dimension(), Metric.EUCLIDEAN, kind, StoragePrecision.FLOAT32, 0, 0,
                0, kind != IndexKind.IVF_SQ8_RERANK);
        try (Store store = new MemoryStore()) {
            WriteBatch manifest = new WriteBatch();
            VectorIndex cpuIndex = VectorIndex.create("parity", indexId, config, keys(dek, indexId, reserved), store,
                    new EngineResources(new Kernels(panama), pool, settings.workers()), manifest);
            store.write(manifest, Durability.SYNC);
            for (int from = 0; from < data.size(); from += 1_000) {
                cpuIndex.upsert(items(from, Math.min(data.size(), from + 1_000)));
            }
            TrainingOutcome outcome = cpuIndex.train(new TrainingParams(0, 2048, 10, 1e-6, 0, settings.seed()),
                    new TrainingProgress());
            if (!outcome.trained()) {
                table.add("parity " + label, "not trained: " + outcome.message(), "", Status.FAIL);
                return;
            }
            int lists = cpuIndex.listCount();
            log.accept(String.format(Locale.ROOT, "parity %s: %,d rows in %d lists, trained on Panama", label,
                    data.size(), lists));
            int[][] cpuAuto = query(cpuIndex, 0);
            int[][] cpuAll = query(cpuIndex, lists);
            cpuIndex.awaitBackgroundCheckpoint();
            cpuIndex = null;

            Kernels gpuFront = new Kernels(accelerator.kernels(), GpuOperations.ALL);
            VectorIndex gpuIndex = VectorIndex.open("parity", indexId, keys(dek, indexId, reserved), store,
                    new EngineResources(gpuFront, pool, settings.workers()));
            long fallbacksBefore = accelerator.fallbacks();
            int[][] gpuAuto = query(gpuIndex, 0);
            int[][] gpuAll = query(gpuIndex, lists);
            long fallbacks = accelerator.fallbacks() - fallbacksBefore;
            String route = gpuFront.offloadsQueries() ? "stage 1 on the GPU" : "GPU NOT USED (offloadsQueries false)";
            boolean routed = accelerator.dryRun() || (gpuFront.offloadsQueries() && fallbacks == 0);

            compare(label + " n_probes auto", gpuAuto, cpuAuto, exact, route, fallbacks, routed, false);
            compare(label + " n_probes all=" + lists, gpuAll, cpuAll, exact, route, fallbacks, routed, true);
            if (memory) {
                memory(gpuIndex, label);
            }
        } finally {
            IndexKeys.wipe(dek);
        }
    }

    private void compare(String check, int[][] gpu, int[][] cpu, int[][] exact, String route, long fallbacks,
                         boolean routed, boolean exhaustive) {
        int same = Agreement.identical(gpu, cpu, TOP_K);
        double overlap = Agreement.recall(gpu, cpu, TOP_K);
        double gpuRecall = Agreement.recall(gpu, exact, TOP_K);
        double cpuRecall = Agreement.recall(cpu, exact, TOP_K);
        boolean agrees = same == gpu.length || overlap >= MIN_AGREEMENT;
        // Probing every list is an exact search, so there the GPU must also find the true neighbours.
        boolean passed = routed && agrees && (!exhaustive || gpuRecall >= MIN_AGREEMENT);
        String result = String.format(Locale.ROOT, "same ids %d/%d, gpu~cpu@10 %.4f, recall@10 gpu %.4f cpu %.4f%s%s",
                same, gpu.length, overlap, gpuRecall, cpuRecall, routed ? "" : ", " + route,
                fallbacks == 0 ? "" : ", FALLBACKS " + fallbacks);
        String target = exhaustive ? "same ids or >= 0.99; recall >= 0.99" : "same ids or >= 0.99";
        table.add("parity " + check, result, target, passed ? Status.PASS : Status.FAIL);
        log.accept("parity " + check + ": " + result);
    }

    /**
     * Device memory over {@code settings.memoryQueries()} single queries, after a warm-up of the
     * same shape; the batch over every list before it made every block resident.
     */
    private void memory(VectorIndex gpuIndex, String label) {
        String check = "memory " + label + " over " + settings.memoryQueries() + " queries";
        if (accelerator.dryRun()) {
            for (int q = 0; q < settings.memoryQueries(); q++) {
                gpuIndex.query(List.of(request(q % data.queryCount(), 0)));
            }
            table.add(check, "dry run: no device memory to watch (queries ran)", "growth 0", Status.SKIP);
            return;
        }
        long fallbacksBefore = accelerator.fallbacks();
        for (int q = 0; q < WARM_UP_QUERIES; q++) {
            gpuIndex.query(List.of(request(q % data.queryCount(), 0)));
        }
        MemoryGrowth.Sample before = sample();
        long peak = before.backendBytes();
        for (int q = 0; q < settings.memoryQueries(); q++) {
            gpuIndex.query(List.of(request(q % data.queryCount(), 0)));
            peak = Math.max(peak, accelerator.backendBytes());
        }
        MemoryGrowth.Sample after = sample();
        long fallbacks = accelerator.fallbacks() - fallbacksBefore;
        MemoryGrowth.Verdict verdict = MemoryGrowth.judge(before, after, MemoryGrowth.BACKEND_BOUND,
                MemoryGrowth.DEVICE_BOUND);
        String result = String.format(Locale.ROOT, "%s; backend peak %.1f MiB, %d blocks resident%s",
                verdict.detail(), peak / (double) (1L << 20), accelerator.residentBlocks(),
                fallbacks == 0 ? "" : ", FALLBACKS " + fallbacks);
        table.add(check, result, "backend +0, device <= +32 MiB", verdict.passed() && fallbacks == 0 ? Status.PASS
                : Status.FAIL);
        log.accept(check + ": " + result);
    }

    private MemoryGrowth.Sample sample() {
        return new MemoryGrowth.Sample(accelerator.backendBytes(), accelerator.residentBytes(),
                deviceMemory.map(DeviceMemory::usedBytes).orElse(-1L));
    }

    /** Every query in one batch at {@code probes} (0 = automatic); the ids of each answer, best first. */
    private int[][] query(VectorIndex index, int probes) {
        List<SearchRequest> requests = new ArrayList<>(data.queryCount());
        for (int q = 0; q < data.queryCount(); q++) {
            requests.add(request(q, probes));
        }
        List<List<SearchHit>> answers = index.query(requests);
        int[][] ids = new int[answers.size()][];
        for (int q = 0; q < ids.length; q++) {
            ids[q] = answers.get(q).stream().mapToInt(hit -> Integer.parseInt(hit.id())).toArray();
        }
        return ids;
    }

    private SearchRequest request(int q, int probes) {
        int d = data.dimension();
        return new SearchRequest(Arrays.copyOfRange(data.queries(), q * d, (q + 1) * d), TOP_K, probes, RERANK_MULT,
                false, null);
    }

    private List<Item> items(int from, int to) {
        int d = data.dimension();
        List<Item> items = new ArrayList<>(to - from);
        for (int r = from; r < to; r++) {
            items.add(new Item(Integer.toString(r), Arrays.copyOfRange(data.base(), r * d, (r + 1) * d), null, null));
        }
        return items;
    }

    /** Keys whose nonces resume above every one handed out before, so the reopened index never reuses one. */
    private static IndexKeys keys(byte[] dek, byte[] indexId, AtomicLong reserved) {
        return new IndexKeys(dek, indexId, new NonceSequence(reserved.get(),
                limit -> reserved.accumulateAndGet(limit, Math::max)));
    }
}
