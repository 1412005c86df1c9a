package dev.sealdex.bench.gpu;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sealdex.bench.ann.ClusteredData;
import dev.sealdex.bench.ann.Dataset;
import dev.sealdex.bench.gpu.CheckTable.Status;
import dev.sealdex.engine.kernel.KernelWarmup;
import dev.sealdex.engine.kernel.VectorKernels;
import dev.sealdex.engine.model.IndexKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The Java side of {@code benchmarks/gpu/device-check.sh}: {@code probe} says whether the GPU
 * backend loads (and why not), {@code run} runs the parity, memory and throughput checks and
 * writes the table and a JSON file. The shell script runs the kernel contract test itself (JUnit
 * console launcher) and passes its outcome in, so the one table shows everything.
 */
@Command(name = "device-check", mixinStandardHelpOptions = true, subcommands = {DeviceCheck.Probe.class,
        DeviceCheck.Run.class}, description = "The GPU device check (see docs/PERFORMANCE.md).")
public final class DeviceCheck {

    /** Exit status of {@code probe} when the GPU backend does not load. */
    static final int UNAVAILABLE = 3;

    private DeviceCheck() {
    }

    /** Runs the command line; exits with its status. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, with later options overriding earlier ones (the script prepends dry-run sizes). */
    static CommandLine commandLine() {
        return new CommandLine(DeviceCheck.class).setOverwrittenOptionsAllowed(true);
    }

    /** {@code probe}: prints the GPU backend's probe outcome; exit 0 when it loads, 3 when it does not. */
    @Command(name = "probe", mixinStandardHelpOptions = true, description = "Whether the GPU backend loads, and why not.")
    static final class Probe implements Callable<Integer> {
        @Override
        public Integer call() {
            try (Accelerator gpu = Accelerator.gpu()) {
                System.out.println("gpu: loaded: " + gpu.kernels().name());
                return 0;
            } catch (Accelerator.UnavailableException e) {
                System.out.println("gpu: " + e.getMessage());
                return UNAVAILABLE;
            }
        }
    }

    /** {@code run}: the checks and measurements. */
    @Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Parity on an IVF index, device memory over many queries, batched resident queries and "
                    + "k-means training, GPU against Panama. Exit 1 if any check FAILs (a MISSed target is not a failure).")
    static final class Run implements Callable<Integer> {

        @Option(names = "--out", required = true, description = "folder for device-check.txt and device-check.json")
        Path out;

        @Option(names = "--dry-run", description = "Panama in the GPU's place (no GPU here); proves the bundle, "
                + "labelled NOT A GPU RESULT")
        boolean dryRun;

        @Option(names = "--contract", defaultValue = "SKIP", description = "the contract test's outcome: PASS, FAIL or SKIP")
        Status contract;

        @Option(names = "--contract-detail", defaultValue = "not run", description = "its summary, for the table")
        String contractDetail;

        @Option(names = "--d", defaultValue = "128", description = "dimension (default ${DEFAULT-VALUE})")
        int dimension;

        @Option(names = "--parity-rows", defaultValue = "200000", description = "IVF index rows (default ${DEFAULT-VALUE})")
        int parityRows;

        @Option(names = "--parity-queries", defaultValue = "1000", description = "parity queries (default ${DEFAULT-VALUE})")
        int parityQueries;

        @Option(names = "--memory-queries", defaultValue = "1000",
                description = "queries between the memory samples (default ${DEFAULT-VALUE})")
        int memoryQueries;

        @Option(names = "--rows", defaultValue = "1000000", description = "resident rows (default ${DEFAULT-VALUE})")
        int rows;

        @Option(names = "--batches", split = ",", defaultValue = "1,64,1024",
                description = "query batch sizes Q (default ${DEFAULT-VALUE})")
        List<Integer> batches;

        @Option(names = "--train-rows", defaultValue = "1000000", description = "k-means rows (default ${DEFAULT-VALUE})")
        int trainRows;

        @Option(names = "--train-lists", defaultValue = "1024",
                description = "k-means centroids (default ${DEFAULT-VALUE}, the automatic n_lists at 1M)")
        int trainLists;

        @Option(names = "--train-iterations", defaultValue = "5",
                description = "k-means iterations (default ${DEFAULT-VALUE})")
        int trainIterations;

        @Option(names = "--min-seconds", defaultValue = "2",
                description = "each throughput figure runs at least this long (default ${DEFAULT-VALUE})")
        double minSeconds;

        @Option(names = "--threads", defaultValue = "0", description = "CPU threads (0 = every core)")
        int threads;

        @Option(names = "--seed", defaultValue = "42", description = "data seed (default ${DEFAULT-VALUE})")
        long seed;

        @Override
        public Integer call() {
            int workers = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
            CheckSettings settings = new CheckSettings(dimension, parityRows, parityQueries, memoryQueries, rows,
                    batches, trainRows, trainLists, trainIterations, minSeconds, workers, seed);
            CheckTable table = new CheckTable();
            Report report = new Report(out, table);
            long started = System.nanoTime();
            java.util.function.Consumer<String> log = message -> {
                System.err.printf(Locale.ROOT, "[%6.1fs] %s%n", (System.nanoTime() - started) / 1e9, message);
                System.err.flush();
            };
            table.add("contract test (kernel SPI)", contractDetail, "all pass, none skipped", contract);
            Accelerator accelerator;
            try {
                accelerator = dryRun ? Accelerator.panamaStandIn() : Accelerator.gpu();
            } catch (Accelerator.UnavailableException e) {
                table.add("GPU backend", e.getMessage(), "loads", Status.FAIL);
                report.write("GPU device check: no GPU backend", settings, true);
                System.out.print(table.render("GPU device check: no GPU backend"));
                return 1;
            }
            VectorKernels panama = Accelerator.panama();
            String title = "GPU device check: " + accelerator.label() + "; Panama on " + workers + " threads";
            log.accept(title);
            ExecutorService pool = Executors.newFixedThreadPool(workers,
                    Thread.ofPlatform().daemon().name("device-check-", 0).factory());
            Optional<DeviceMemory> deviceMemory = dryRun ? Optional.empty() : DeviceMemory.open();
            try (accelerator) {
                KernelWarmup.warm(panama);
                section(table, report, title, settings, "parity and memory", log, () -> {
                    Dataset parity = generate(settings.parityRows(), settings.parityQueries(), pool);
                    ParityCheck check = new ParityCheck(parity, accelerator, panama, pool, settings, table, log,
                            deviceMemory);
                    check.run(IndexKind.IVF_FLAT, true);
                    report.write(title, settings, false);
                    check.run(IndexKind.IVF_SQ8_RERANK, false);
                });
                ThroughputCheck throughput = new ThroughputCheck(accelerator, panama, pool, settings, table, log);
                section(table, report, title, settings, "batched queries", log,
                        () -> throughput.batchedQueries(generate(settings.rows(), settings.maxBatch(), pool)));
                section(table, report, title, settings, "k-means training", log,
                        () -> throughput.training(generate(settings.trainRows(), 1, pool)));
            } finally {
                deviceMemory.ifPresent(DeviceMemory::close);
                pool.shutdownNow();
            }
            report.write(title, settings, true);
            System.out.print(table.render(title));
            return table.failed() ? 1 : 0;
        }

        /** Runs one section; an exception becomes a FAIL row, and the next section still runs. */
        private static void section(CheckTable table, Report report, String title, CheckSettings settings, String name,
                                    java.util.function.Consumer<String> log, Runnable body) {
            try {
                body.run();
            } catch (RuntimeException e) {
                table.add(name, "threw " + e, "no error", Status.FAIL);
                log.accept(name + " failed: " + e);
                e.printStackTrace();
            }
            report.write(title, settings, false);
        }

        private Dataset generate(int size, int queries, ExecutorService pool) {
            return ClusteredData.generate(new ClusteredData.Params(size, dimension, queries,
                    ClusteredData.Params.defaultClusters(size), 0.5, seed), pool);
        }
    }

    /** Writes the table and the JSON under {@code out}, again after each section, so a cut-off run leaves its rows. */
    record Report(Path out, CheckTable table) {

        void write(String title, CheckSettings settings, boolean complete) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("title", title);
            json.put("complete", complete);
            json.put("passed", !table.failed());
            json.put("verdict", table.verdict());
            json.put("written", Instant.now().toString());
            json.put("java", Runtime.version().toString());
            json.put("cores", Runtime.getRuntime().availableProcessors());
            json.put("settings", settings);
            json.put("rows", table.rows());
            try {
                Files.createDirectories(out);
                Files.writeString(out.resolve("device-check.txt"), table.render(title)
                        + (complete ? "" : "(incomplete: the run was still going or was cut off)\n"));
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValue(out.resolve("device-check.json").toFile(), json);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the results under " + out, e);
            }
        }
    }
}
