package dev.sealdex.bench.kernels;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * {@code ./sealdex bench kernels}: runs the kernel benchmarks through the JMH Runner API and
 * prints one table of scalar, Panama and Lucene side by side, then checks the issue-2 targets.
 *
 * <p>The default is a short run: 1 fork, 2 warm-up iterations of 0.3 s and 3 measured ones of
 * 0.4 s, after the start-up warm-up each trial does in its set-up (75 trials, about five minutes
 * on the shared 2-core development machine). {@code --full} uses the benchmarks' own settings
 * (5 + 5 one-second iterations) with two forks, about half an hour.
 */
public final class KernelBenchTable {

    private static final String LUCENE_VERSION = org.apache.lucene.util.Version.LATEST.toString();
    private static final String PACKAGE = "dev\\.sealdex\\.bench\\.kernels\\.";

    private KernelBenchTable() {
    }

    /** Parses the options, runs the benchmarks and prints the tables. */
    public static void main(String[] args) throws IOException {
        boolean full = false;
        boolean verbose = false;
        String filter = null;
        String json = null;
        Integer forks = null;
        List<String[]> params = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--full" -> full = true;
                case "--verbose" -> verbose = true;
                case "--filter" -> filter = value(args, ++i, "--filter");
                case "--json" -> json = value(args, ++i, "--json");
                case "--forks" -> forks = positive(value(args, ++i, "--forks"), "--forks");
                case "-p", "--param" -> {
                    String spec = value(args, ++i, "--param");
                    int eq = spec.indexOf('=');
                    if (eq <= 0) {
                        usage("--param wants name=value[,value...], got " + spec);
                    }
                    params.add(new String[] {spec.substring(0, eq), spec.substring(eq + 1)});
                }
                case "-h", "--help" -> {
                    usage(null);
                    return;
                }
                default -> usage("unknown option " + args[i]);
            }
        }

        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(PACKAGE + ".*" + (filter == null ? "" : "(" + filter + ")"))
                .shouldFailOnError(true)
                .addProfiler(CpuTimeProfiler.class)
                .verbosity(verbose ? VerboseMode.NORMAL : VerboseMode.SILENT);
        int forkCount = forks != null ? forks : full ? 2 : 1;
        options.forks(forkCount);
        if (!full) {
            options.warmupIterations(2).warmupTime(TimeValue.milliseconds(300))
                    .measurementIterations(3).measurementTime(TimeValue.milliseconds(400));
        }
        for (String[] param : params) {
            options.param(param[0], param[1].split(","));
        }
        if (json != null) {
            options.result(json).resultFormat(ResultFormatType.JSON);
        }

        // Touching VectorUtil here makes Lucene log, once and first, which implementation it chose.
        String lucene = Backends.luceneImplementation();
        PrintStream out = System.out;
        ZonedDateTime started = ZonedDateTime.now();
        ProgressOutput progress = new ProgressOutput(System.err);
        Collection<RunResult> results;
        try {
            Runner runner = verbose ? new Runner(options.build()) : new Runner(options.build(), progress);
            results = runner.run();
        } catch (RunnerException e) {
            System.err.println(progress.tail());
            System.err.println("sealdex: the kernel benchmarks failed: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (results.isEmpty()) {
            usage("no benchmark matched " + (filter == null ? "" : "--filter " + filter));
        }

        out.println("# Kernel benchmarks");
        out.println();
        out.println("- Command: `./sealdex bench kernels" + quoted(args)
                + "` (" + (full ? "full: 5 x 1 s warm-up, 5 x 1 s measured" : "short: 2 x 0.3 s warm-up, 3 x 0.4 s measured")
                + ", " + forkCount + (forkCount == 1 ? " fork" : " forks") + " per benchmark)");
        out.println("- Started: " + started.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME).replaceFirst("\\.\\d+", "")
                + ", took " + Duration.between(started, ZonedDateTime.now()).toSeconds() + " s");
        out.println("- Machine: " + MachineInfo.cpu() + ", " + Runtime.getRuntime().availableProcessors()
                + " CPUs visible, " + MachineInfo.jdk());
        out.println("- Backends: scalar; " + MachineInfo.panama() + "; Lucene " + LUCENE_VERSION + " VectorUtil on "
                + lucene + " (each fork that measures Lucene checks this first)");
        ResultTables tables = new ResultTables(results);
        out.println("- Times: " + tables.timeBasis());
        out.println();
        tables.printPairwise(out);
        tables.printBulk(out);
        tables.printTargets(out);
        if (json != null) {
            out.println();
            out.println("Raw JMH results: " + Files.size(Path.of(json)) + " bytes in " + json);
        }
    }

    private static String quoted(String[] args) {
        StringBuilder line = new StringBuilder();
        for (String arg : args) {
            line.append(' ').append(arg.matches("[\\w=,./:-]+") ? arg : "'" + arg + "'");
        }
        return line.toString();
    }

    private static int positive(String text, String option) {
        try {
            int value = Integer.parseInt(text);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        usage(option + " wants a positive whole number, got " + text);
        return 0;
    }

    private static String value(String[] args, int at, String option) {
        if (at >= args.length) {
            usage(option + " needs a value");
        }
        return args[at];
    }

    private static void usage(String error) {
        PrintStream stream = error == null ? System.out : System.err;
        if (error != null) {
            stream.println("sealdex bench kernels: " + error);
        }
        stream.println(String.join("\n",
                "Usage: ./sealdex bench kernels [--full] [--forks N] [--filter REGEX] [-p NAME=V1,V2] [--json FILE] [--verbose]",
                "",
                "  --full          the benchmarks' own settings (5 x 1 s warm-up, 5 x 1 s measured) and 2 forks,",
                "                  about half an hour; the default is a short run of about five minutes",
                "                  (1 fork, 2 x 0.3 s + 3 x 0.4 s)",
                "  --forks N       JVM forks per benchmark (default 1, or 2 with --full); each fork lands its",
                "                  arrays and code differently, so single-fork ratios near 1.0 are a coin toss",
                "  --filter REGEX  only benchmarks whose Class.method matches, e.g. 'Distance.*dot' or 'Bulk'",
                "  -p NAME=V1,V2   override a JMH parameter, e.g. -p d=768 or -p q=16",
                "  --json FILE     also write JMH's raw results as JSON",
                "  --verbose       show JMH's own output instead of one line per benchmark",
                String.format(Locale.ROOT, "%nBenchmarks: DistanceBenchmark (dot, squaredL2, cosine), QuantizedBenchmark"
                        + " (sq8SquaredL2, sq8Dot, pqDistance), BulkScoringBenchmark (scoreBlock, scoreBlockSq8,"
                        + " scoreBlockPq)")));
        if (error != null) {
            System.exit(2);
        }
    }
}
