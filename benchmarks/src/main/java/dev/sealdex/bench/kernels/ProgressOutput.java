package dev.sealdex.bench.kernels;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Locale;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.format.OutputFormat;

/**
 * JMH output reduced to one line per benchmark on the console. Everything else JMH prints is
 * kept (the last {@value #KEPT_LINES} lines), so that a failure can be shown in full.
 */
final class ProgressOutput implements OutputFormat {

    private static final int KEPT_LINES = 400;

    private final PrintStream console;
    private final Deque<String> log = new ArrayDeque<>();
    private final StringBuilder partial = new StringBuilder();
    private int started;
    private String eta = "";
    private String current = "";

    ProgressOutput(PrintStream console) {
        this.console = console;
    }

    /** The last lines JMH and the forks printed, oldest first. */
    String tail() {
        flushPartial();
        return String.join("\n", log);
    }

    @Override
    public void startBenchmark(BenchmarkParams params) {
        started++;
        String benchmark = params.getBenchmark();
        String name = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "[%3d%s] %s", started, eta, name));
        for (String key : params.getParamsKeys()) {
            line.append(' ').append(key).append('=').append(params.getParam(key));
        }
        current = line.toString();
    }

    @Override
    public void endBenchmark(BenchmarkResult result) {
        // One whole line per benchmark: the forks' own stderr lines land between them, not inside.
        if (result == null) {
            console.println(current + ": failed");
            return;
        }
        Result<?> wall = result.getPrimaryResult();
        Result<?> cpu = result.getSecondaryResults().get(CpuTimeProfiler.LABEL);
        if (cpu == null) {
            console.printf(Locale.ROOT, "%s: %.1f %s%n", current, wall.getScore(), wall.getScoreUnit());
        } else {
            console.printf(Locale.ROOT, "%s: %.1f %s CPU (%.1f wall)%n", current, cpu.getScore(), cpu.getScoreUnit(),
                    wall.getScore());
        }
    }

    @Override
    public void println(String text) {
        // "# Run progress: 12.50% complete, ETA 00:02:31"
        if (text.startsWith("# Run progress:")) {
            int at = text.indexOf("ETA ");
            eta = at < 0 ? "" : ", ETA " + text.substring(at + 4).trim();
        }
        keep(text);
    }

    @Override
    public void print(String text) {
        append(text);
    }

    @Override
    public void verbosePrintln(String text) {
        keep(text);
    }

    @Override
    public void write(int b) {
        append(String.valueOf((char) b));
    }

    @Override
    public void write(byte[] bytes) {
        append(new String(bytes, StandardCharsets.UTF_8));
    }

    @Override
    public void iteration(BenchmarkParams benchmark, IterationParams params, int iteration) {
    }

    @Override
    public void iterationResult(BenchmarkParams benchmark, IterationParams params, int iteration,
                                IterationResult result) {
        keep(String.format(Locale.ROOT, "%s iteration %d: %s", params.getType(), iteration,
                result.getPrimaryResult()));
    }

    @Override
    public void startRun() {
    }

    @Override
    public void endRun(Collection<RunResult> results) {
    }

    @Override
    public void flush() {
        console.flush();
    }

    @Override
    public void close() {
        flushPartial();
    }

    private void append(String text) {
        partial.append(text);
        int newline;
        while ((newline = partial.indexOf("\n")) >= 0) {
            keep(partial.substring(0, newline));
            partial.delete(0, newline + 1);
        }
    }

    private void flushPartial() {
        if (!partial.isEmpty()) {
            keep(partial.toString());
            partial.setLength(0);
        }
    }

    private void keep(String line) {
        log.addLast(line);
        while (log.size() > KEPT_LINES) {
            log.removeFirst();
        }
    }
}
