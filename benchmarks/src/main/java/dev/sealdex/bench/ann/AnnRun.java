package dev.sealdex.bench.ann;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sealdex.engine.index.EngineResources;
import dev.sealdex.engine.kernel.KernelSelection;
import dev.sealdex.engine.kernel.KernelSelector;
import dev.sealdex.engine.kernel.KernelSettings;
import dev.sealdex.engine.kernel.KernelWarmup;
import dev.sealdex.engine.kernel.Kernels;
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
            List<String> notes = new ArrayList<>();
            if (settings.comparePlain() && settings.ingestThreads() > 1) {
                notes.add(settings.ingestThreads() + " threads upsert concurrently, so row order, the k-means sample "
                        + "and the lists differ a little between the encrypted and the plain index; recall at equal "
                        + "n_probes may differ slightly (--ingest-threads 1 builds identical layouts)");
            }
            List<Report.Build> allBuilds = new ArrayList<>();
            List<Report.Curve> curves = new ArrayList<>();
            EngineResources allCores = new EngineResources(kernels, engine, settings.threads());
            EngineResources oneThread = new EngineResources(kernels, single, 1);
            int lists = 0;
            try (QueryDriver driver = new QueryDriver(data, settings.rerankMult(), settings.minSeconds(),
                    settings.warmup(), settings.clients(), settings.batchSize())) {
                SealdexRun run = new SealdexRun(data, settings, allCores, oneThread, driver, log);
                SecureRandom random = new SecureRandom();
                KeyMaterial warmUpKeys = new KeyMaterial(true, random);
                run.warmUp(settings.kinds().specs(data.dimension()).getFirst(), warmUpKeys);
                warmUpKeys.wipe();
                for (IndexSpec spec : settings.kinds().specs(data.dimension())) {
                    for (boolean encrypted : settings.comparePlain() ? new boolean[] {true, false} : new boolean[] {true}) {
                        KeyMaterial keys = new KeyMaterial(encrypted, random);
                        Path storeDir = settings.out().resolve("stores").resolve(spec.label() + "-"
                                + (encrypted ? "encrypted" : "plain"));
                        SealdexRun.Result result = run.run(spec, keys, storeDir);
                        keys.wipe();
                        allBuilds.add(result.build());
                        curves.addAll(result.curves());
                        notes.addAll(result.notes());
                        lists = Math.max(lists, result.build().lists());
                    }
                }
            }
            Map<String, String> machine = machine(kernels);
            runPeers(data, lists, allBuilds, curves, notes, machine);
            if (writeTexmex != null) {
                Texmex.FileSet files = Texmex.export(data, writeTexmex, null);
                log.info("TEXMEX files written: " + files.base() + ", " + files.query() + ", " + files.groundTruth());
            }
            Report report = new Report(data.name(), data.description(), data.size(), data.dimension(), data.queryCount(),
                    machine, settings.describe(data.dimension()), allBuilds, curves, notes);
            write(report);
        } finally {
            engine.shutdownNow();
            single.shutdownNow();
        }
    }

    private void runPeers(Dataset data, int lists, List<Report.Build> builds, List<Report.Curve> curves,
                          List<String> notes, Map<String, String> machine) {
        if (!peerOptions.enabled()) {
            return;
        }
        PeerRunner peers = new PeerRunner(peerOptions, log);
        String why = peers.unavailableReason();
        if (why != null) {
            String note = "peers skipped: " + why + " (or pass --no-peers)";
            log.info(note);
            notes.add(note);
            return;
        }
        Path dataDir = settings.out().resolve("data").resolve(data.cacheKey() == null ? data.name() : data.cacheKey());
        Texmex.FileSet files = Texmex.export(data, dataDir, dataOptions.base());
        List<Integer> nprobe = settings.probes().stream().filter(p -> p > 0).toList();
        int peerLists = lists > 1 ? lists : settings.lists() > 0 ? settings.lists()
                : dev.sealdex.engine.index.TrainingParams.automaticLists(data.size());
        PeerRunner.Output output = peers.run(new PeerRunner.Request(files.base(), files.query(), files.groundTruth(),
                peerLists, nprobe, peerOptions.ef(), peerOptions.systems(), settings.threads(), settings.batchSize(),
                settings.minSeconds(), settings.warmup(), peerOptions.niter(), settings.seed(),
                dataDir.resolve("peers.json")));
        builds.addAll(output.builds());
        curves.addAll(output.curves());
        output.versions().forEach((name, version) -> machine.put(name, version));
    }

    private Map<String, String> machine(Kernels kernels) {
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        machine.put("cpu", cpuModel());
        machine.put("java", Runtime.version().toString());
        machine.put("kernels", kernels.name());
        machine.put("max_heap", (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
        return machine;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
    }

    private void write(Report report) {
        new ResultTable(report, targetRecall).print(System.out);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
        Path json = settings.out().resolve("ann-" + report.dataset() + "-" + stamp + ".json");
        Path png = settings.out().resolve("ann-" + report.dataset() + "-" + stamp + ".png");
        try {
            Files.createDirectories(settings.out());
            new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), report);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + json, e);
        }
        new RecallQpsPlot(report).write(png);
        System.out.println();
        System.out.println("Results: " + json);
        System.out.println("Plot:    " + png);
    }
}
