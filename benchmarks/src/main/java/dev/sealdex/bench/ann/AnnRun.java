package dev.sealdex.bench.ann;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sealdex.engine.kernel.KernelSelection;
import dev.sealdex.engine.kernel.KernelSelector;
import dev.sealdex.engine.kernel.KernelSettings;
import dev.sealdex.engine.kernel.KernelWarmup;
import dev.sealdex.engine.kernel.Kernels;
import dev.sealdex.engine.model.EngineResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One harness run from data to files: selects and warms the kernels, loads the data and its exact
 * neighbours, measures every Sealdex index kind encrypted and plain, runs the peers on the same
 * TEXMEX files, then prints the tables and writes the JSON and the plot.
 */
final class AnnRun {

    private final BenchSettings settings;
    private final DatasetLoader.Options dataOptions;
    private final PeerRunner.Options peerOptions;
    private final Path writeTexmex;
    private final double targetRecall;
    private final Log log = new Log(System.err);

    /** A run with these options; {@code writeTexmex} may be null. */
    AnnRun(BenchSettings settings, DatasetLoader.Options dataOptions, PeerRunner.Options peerOptions, Path writeTexmex,
           double targetRecall) {
        this.settings = settings;
        this.dataOptions = dataOptions;
        this.peerOptions = peerOptions;
        this.writeTexmex = writeTexmex;
        this.targetRecall = targetRecall;
    }

    /** Prints the tables of a saved results file and redraws its plot beside it. */
    static void reprint(Path json, double targetRecall) {
        Report report;
        try {
            report = mapper().readValue(json.toFile(), Report.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + json + " as harness results: " + e.getMessage());
        }
        new ResultTable(report, targetRecall).print(System.out);
        String name = json.getFileName().toString().replaceFirst("\\.json$", "") + ".png";
        Path png = json.resolveSibling(name);
        new RecallQpsPlot(report).write(png);
        System.out.println();
        System.out.println("Plot:    " + png);
    }

    private static ObjectMapper mapper() {
        return new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** Runs everything and writes the results. */
    void execute() {
        KernelSelection selection = new KernelSelector().select(KernelSettings.auto());
        Kernels kernels = new Kernels(selection.kernels());
        KernelWarmup.warm(selection.kernels());
        log.info("kernels: " + kernels.name() + (selection.rejected().isEmpty() ? "" : " (passed over: "
                + selection.rejected() + ")"));
        ExecutorService engine = Executors.newFixedThreadPool(settings.threads(),
                Thread.ofPlatform().daemon().name("bench-engine-", 0).factory());
        ExecutorService single = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("bench-one").factory());
        try {
            Dataset data = DatasetLoader.load(dataOptions, engine);
            log.info(data.description());
            data = GroundTruth.ensure(data, settings.kinds().metric().scoring(), kernels, engine, settings.threads(),
                    settings.out().resolve("cache"), log);
            Results results = new Results(data, machine(kernels));
            if (settings.comparePlain() && settings.ingestThreads() > 1) {
                results.notes.add(settings.ingestThreads() + " threads upsert concurrently, so row order, the k-means "
                        + "sample and the lists differ a little between the encrypted and the plain index; recall at "
                        + "equal n_probes may differ slightly (--ingest-threads 1 builds identical layouts)");
            }
            measureSealdex(data, new EngineResources(kernels, engine, settings.threads()),
                    new EngineResources(kernels, single, 1), results);
            runPeers(data, results);
            if (writeTexmex != null) {
                Texmex.FileSet files = Texmex.export(data, writeTexmex, null);
                log.info("TEXMEX files written: " + files.base() + ", " + files.query() + ", " + files.groundTruth());
            }
            new ResultTable(results.report(), targetRecall).print(System.out);
            results.save();
            System.out.println();
            System.out.println("Results: " + results.json);
            System.out.println("Plot:    " + results.png);
        } finally {
            engine.shutdownNow();
            single.shutdownNow();
        }
    }

    /** What the run has measured so far, saved after every index so an interrupted run keeps its results. */
    private final class Results {
        private final Dataset data;
        private final Map<String, String> machine;
        private final List<Report.Build> builds = new ArrayList<>();
        private final List<Report.Curve> curves = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private final Path json;
        private final Path png;
        private int lists;

        Results(Dataset data, Map<String, String> machine) {
            this.data = data;
            this.machine = machine;
            String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
            this.json = settings.out().resolve("ann-" + data.name() + "-" + stamp + ".json");
            this.png = settings.out().resolve("ann-" + data.name() + "-" + stamp + ".png");
        }

        Report report() {
            return new Report(data.name(), data.description(), data.size(), data.dimension(), data.queryCount(),
                    machine, settings.describe(data.dimension()), builds, curves, notes);
        }

        void save() {
            machine.put("load_at_end", loadAverage());
            Report report = report();
            try {
                Files.createDirectories(settings.out());
                mapper().writeValue(json.toFile(), report);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + json, e);
            }
            new RecallQpsPlot(report).write(png);
        }
    }

    private void measureSealdex(Dataset data, EngineResources allCores, EngineResources oneThread, Results results) {
        try (QueryDriver driver = new QueryDriver(data, settings.rerankMult(), settings.minSeconds(), settings.warmup(),
                settings.clients(), settings.batchSize())) {
            SealdexRun run = new SealdexRun(data, settings, allCores, oneThread, driver, log);
            SecureRandom random = new SecureRandom();
            List<IndexSpec> specs = settings.kinds().specs(data.dimension());
            KeyMaterial warmUpKeys = new KeyMaterial(true, random);
            run.warmUp(specs.getFirst(), warmUpKeys);
            warmUpKeys.wipe();
            for (IndexSpec spec : specs) {
                for (boolean encrypted : settings.comparePlain() ? new boolean[] {true, false} : new boolean[] {true}) {
                    KeyMaterial keys = new KeyMaterial(encrypted, random);
                    Path storeDir = settings.out().resolve("stores").resolve(spec.label() + "-"
                            + (encrypted ? "encrypted" : "plain"));
                    SealdexRun.Result result = run.run(spec, keys, storeDir);
                    keys.wipe();
                    results.builds.add(result.build());
                    results.curves.addAll(result.curves());
                    results.notes.addAll(result.notes());
                    results.lists = Math.max(results.lists, result.build().lists());
                    results.save();
                    log.info("partial results saved to " + results.json);
                }
            }
        }
    }

    private void runPeers(Dataset data, Results results) {
        if (!peerOptions.enabled()) {
            return;
        }
        PeerRunner peers = new PeerRunner(peerOptions, log);
        String why = peers.unavailableReason();
        if (why != null) {
            String note = "peers skipped: " + why + " (or pass --no-peers)";
            log.info(note);
            results.notes.add(note);
            return;
        }
        Path dataDir = settings.out().resolve("data").resolve(data.cacheKey() == null ? data.name() : data.cacheKey());
        Texmex.FileSet files = Texmex.export(data, dataDir, dataOptions.base());
        List<Integer> nprobe = settings.probes().stream().filter(p -> p > 0).toList();
        // FAISS gets the n_lists Sealdex trained, so the two IVF sweeps probe comparable lists.
        int lists = results.lists > 1 ? results.lists : settings.lists() > 0 ? settings.lists()
                : dev.sealdex.engine.model.TrainingParams.automaticLists(data.size());
        PeerRunner.Output output = peers.run(new PeerRunner.Request(files.base(), files.query(), files.groundTruth(),
                lists, nprobe, peerOptions.ef(), peerOptions.systems(), settings.threads(), settings.batchSize(),
                settings.minSeconds(), settings.warmup(), peerOptions.niter(), settings.seed(),
                dataDir.resolve("peers.json")));
        results.builds.addAll(output.builds());
        results.curves.addAll(output.curves());
        output.versions().forEach(results.machine::put);
    }

    private Map<String, String> machine(Kernels kernels) {
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        machine.put("cpu", cpuModel());
        machine.put("java", Runtime.version().toString());
        machine.put("kernels", kernels.name());
        machine.put("max_heap", (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
        machine.put("load_at_start", loadAverage());
        return machine;
    }

    /** The 1/5/15-minute load averages: a load above the core count means the numbers were shared. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
    }
}
