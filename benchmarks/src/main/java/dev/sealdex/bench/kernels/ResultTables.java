package dev.sealdex.bench.kernels;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * Turns JMH results into the Markdown tables of {@code docs/PERFORMANCE.md}: pairwise kernels
 * (ns per call, backends side by side), bulk scoring (per-query throughput by batch size) and the
 * issue-2 targets, each marked met or missed.
 */
final class ResultTables {

    /** Relative standard deviation above which a cell is starred as noisy. */
    private static final double NOISY = 0.05;
    private static final List<String> BACKENDS = List.of("Scalar", "Panama", "Lucene");
    private static final List<String> PAIRWISE_ORDER =
            List.of("dot", "squaredL2", "cosine", "sq8SquaredL2", "sq8Dot", "pqDistance");
    private static final List<String> TARGET_OPERATIONS = List.of("dot", "squaredL2", "cosine");

    /**
     * One benchmark result: which kernel, which backend, which parameters, how fast. {@code score}
     * is CPU ns per operation where {@link CpuTimeProfiler} ran, else JMH's wall-clock score.
     */
    record Measurement(String benchmark, String operation, String backend, Map<String, String> params,
                       double score, double relativeDeviation, double wallScore) {

        int param(String name) {
            return Integer.parseInt(params.get(name));
        }
    }

    private final List<Measurement> pairwise = new ArrayList<>();
    private final List<Measurement> bulk = new ArrayList<>();
    private boolean anyNoisy;
    private boolean usedCpuTime;

    ResultTables(Collection<RunResult> results) {
        for (RunResult result : results) {
            String full = result.getParams().getBenchmark();
            String method = full.substring(full.lastIndexOf('.') + 1);
            String className = full.substring(full.lastIndexOf('.', full.lastIndexOf('.') - 1) + 1,
                    full.lastIndexOf('.'));
            String backend = BACKENDS.stream().filter(method::endsWith).findFirst().orElse("?");
            String operation = method.substring(0, method.length() - (backend.equals("?") ? 0 : backend.length()));
            Map<String, String> params = new LinkedHashMap<>();
            for (String key : result.getParams().getParamsKeys()) {
                params.put(key, result.getParams().getParam(key));
            }
            Result<?> wall = result.getPrimaryResult();
            Result<?> cpu = result.getSecondaryResults().get(CpuTimeProfiler.LABEL);
            Result<?> primary = cpu != null ? cpu : wall;
            usedCpuTime |= cpu != null;
            double deviation = primary.getStatistics().getN() > 1
                    ? primary.getStatistics().getStandardDeviation() / primary.getScore() : 0;
            Measurement m = new Measurement(className, operation, backend, params, primary.getScore(), deviation,
                    wall.getScore());
            (className.equals("BulkScoringBenchmark") ? bulk : pairwise).add(m);
        }
    }

    /** What the times in the tables are, and how busy the machine was while they were taken. */
    String timeBasis() {
        List<Double> ratios = new ArrayList<>();
        pairwise.forEach(m -> ratios.add(m.wallScore() / m.score()));
        bulk.forEach(m -> ratios.add(m.wallScore() / m.score()));
        ratios.sort(null);
        if (!usedCpuTime || ratios.isEmpty()) {
            return "wall-clock time per operation (JMH's score)";
        }
        return String.format(Locale.ROOT, "CPU time of the benchmark thread per operation (JMH's own wall-clock"
                + " score goes to --json); wall/CPU median %.2f, max %.2f (1.00 = the thread was never preempted)",
                ratios.get(ratios.size() / 2), ratios.getLast());
    }

    /** The pairwise table: ns per call for each backend and the speed-ups. */
    void printPairwise(PrintStream out) {
        if (pairwise.isEmpty()) {
            return;
        }
        out.println("## Pairwise kernels, cache-resident (ns per call, lower is better)");
        out.println();
        out.println("Speed-ups are throughput ratios: `Panama/scalar` = scalar ns / Panama ns; `Panama/Lucene` >= 1.00"
                + " means Panama is at least as fast as Lucene's `VectorUtil`.");
        out.println();
        Table table = new Table(2, "operation", "d", "scalar", "Panama", "Lucene", "Panama/scalar", "Panama/Lucene");
        for (String operation : operations(pairwise)) {
            for (int d : values(pairwise, operation, "d")) {
                Measurement scalar = find(pairwise, operation, "Scalar", d, null);
                Measurement panama = find(pairwise, operation, "Panama", d, null);
                Measurement lucene = find(pairwise, operation, "Lucene", d, null);
                table.row(operation, operation.startsWith("pq") ? d + " (M=" + d / 8 + ")" : String.valueOf(d),
                        nanos(scalar), nanos(panama), nanos(lucene), ratio(scalar, panama), ratio(lucene, panama));
            }
        }
        table.print(out);
        out.println();
    }

    /** The bulk table: rows scored per second per query at each batch size. */
    void printBulk(PrintStream out) {
        if (bulk.isEmpty()) {
            return;
        }
        TreeSet<Integer> batchSizes = new TreeSet<>();
        bulk.forEach(m -> batchSizes.add(m.param("q")));
        out.println("## Bulk scoring, memory-resident (million rows scored per second per query, higher is better)");
        out.println();
        out.println("Each call scores one 64 KiB block against Q queries while walking a "
                + BulkScoringBenchmark.BUFFER_MIB + " MiB buffer. Per-query throughput = rows in the block x Q / time"
                + " per block. `Q=1 GB/s` is the rate the block is read at with one query.");
        out.println();
        List<String> header = new ArrayList<>(List.of("operation", "d", "backend"));
        batchSizes.forEach(q -> header.add("Q=" + q));
        header.add("Q" + batchSizes.last() + "/Q" + batchSizes.first());
        header.add("Q=" + batchSizes.first() + " GB/s");
        Table table = new Table(3, header.toArray(String[]::new));
        for (String operation : operations(bulk)) {
            for (String function : functions(operation)) {
                for (int d : values(bulk, operation, "d")) {
                    for (String backend : BACKENDS) {
                        List<String> cells = new ArrayList<>(List.of(
                                operation + (function == null ? "" : " " + function),
                                operation.equals("scoreBlockPq") ? d + " (M=" + d / 8 + ")" : String.valueOf(d),
                                backend.toLowerCase(Locale.ROOT)));
                        boolean any = false;
                        for (int q : batchSizes) {
                            Measurement m = findBulk(operation, function, backend, d, q);
                            any |= m != null;
                            cells.add(m == null ? "-" : cell(m, perQueryThroughput(m) / 1e6));
                        }
                        if (!any) {
                            continue;
                        }
                        Measurement first = findBulk(operation, function, backend, d, batchSizes.first());
                        Measurement last = findBulk(operation, function, backend, d, batchSizes.last());
                        cells.add(first == null || last == null ? "-" : String.format(Locale.ROOT, "%.1fx",
                                perQueryThroughput(last) / perQueryThroughput(first)));
                        cells.add(first == null ? "-" : String.format(Locale.ROOT, "%.1f",
                                rowsPerBlock(first) * (double) rowBytes(first) / first.score()));
                        table.row(cells.toArray(String[]::new));
                    }
                }
            }
        }
        table.print(out);
        out.println();
    }

    /** The issue-2 targets, each with the figure that decides it. */
    void printTargets(PrintStream out) {
        out.println("## Targets");
        out.println();
        List<String> lines = new ArrayList<>();
        for (String operation : TARGET_OPERATIONS) {
            Measurement scalar = find(pairwise, operation, "Scalar", 768, null);
            Measurement panama = find(pairwise, operation, "Panama", 768, null);
            if (scalar != null && panama != null) {
                double speedup = scalar.score() / panama.score();
                lines.add(String.format(Locale.ROOT, "- Panama >= 4x scalar, %s at d=768: %.1fx, %s", operation,
                        speedup, verdict(speedup, 4, scalar, panama)));
            }
        }
        for (String operation : TARGET_OPERATIONS) {
            Measurement worstLucene = null;
            Measurement worstPanama = null;
            for (int d : values(pairwise, operation, "d")) {
                Measurement lucene = find(pairwise, operation, "Lucene", d, null);
                Measurement panama = find(pairwise, operation, "Panama", d, null);
                if (lucene != null && panama != null && (worstLucene == null
                        || lucene.score() / panama.score() < worstLucene.score() / worstPanama.score())) {
                    worstLucene = lucene;
                    worstPanama = panama;
                }
            }
            if (worstLucene != null) {
                double ratio = worstLucene.score() / worstPanama.score();
                lines.add(String.format(Locale.ROOT, "- Panama >= Lucene at every d, %s: worst %.2fx (d=%d), %s",
                        operation, ratio, worstPanama.param("d"), verdict(ratio, 1, worstLucene, worstPanama)));
            }
        }
        for (Measurement last : bulk) {
            if (!last.backend().equals("Panama") || last.param("q") != 16) {
                continue;
            }
            Measurement first = findBulk(last.operation(), last.params().get("function"), "Panama", last.param("d"), 1);
            if (first != null) {
                double gain = perQueryThroughput(last) / perQueryThroughput(first);
                String what = last.operation() + (last.params().containsKey("function")
                        ? " " + last.params().get("function") : "") + " d=" + last.param("d");
                lines.add(String.format(Locale.ROOT, "- Panama Q=16 >= 4x per-query throughput of Q=1, %s: %.1fx, %s%s",
                        what, gain, verdict(gain, 4, first, last),
                        last.operation().equals("scoreBlock") ? "" : " (not a stated target)"));
            }
        }
        if (lines.isEmpty()) {
            lines.add("- (no target measured in this run)");
        }
        lines.forEach(out::println);
        if (anyNoisy) {
            out.println();
            out.printf(Locale.ROOT, "`*` the standard deviation over the measured iterations is above %.0f%% of the"
                    + " score: noisy, rerun (or use --full) before trusting it.%n", NOISY * 100);
        }
    }

    /**
     * "met" at or above {@code threshold}; below it, "MISSED" unless the shortfall is within twice
     * the combined relative standard deviation of the two measurements the ratio came from, which
     * reads "not shown: within the noise" (rerun with more forks to decide).
     */
    private static String verdict(double ratio, double threshold, Measurement a, Measurement b) {
        if (ratio >= threshold) {
            return "met";
        }
        double noise = Math.hypot(a.relativeDeviation(), b.relativeDeviation());
        return 1 - ratio / threshold <= 2 * noise
                ? String.format(Locale.ROOT, "not shown: within the noise (+-%.0f%%; rerun with more --forks)",
                        200 * noise)
                : "MISSED";
    }

    // ---- lookups and formatting ------------------------------------------------------------

    private static List<String> operations(List<Measurement> measurements) {
        List<String> operations = new ArrayList<>();
        measurements.stream().map(Measurement::operation).distinct()
                .sorted(Comparator.comparingInt(o -> PAIRWISE_ORDER.contains(o) ? PAIRWISE_ORDER.indexOf(o) : 99))
                .forEach(operations::add);
        return operations;
    }

    private List<String> functions(String operation) {
        List<String> functions = new ArrayList<>();
        bulk.stream().filter(m -> m.operation().equals(operation)).map(m -> m.params().get("function")).distinct()
                .forEach(functions::add);
        return functions;
    }

    private static TreeSet<Integer> values(List<Measurement> measurements, String operation, String param) {
        TreeSet<Integer> values = new TreeSet<>();
        measurements.stream().filter(m -> m.operation().equals(operation)).forEach(m -> values.add(m.param(param)));
        return values;
    }

    private static Measurement find(List<Measurement> measurements, String operation, String backend, int d,
                                    String function) {
        return measurements.stream()
                .filter(m -> m.operation().equals(operation) && m.backend().equals(backend) && m.param("d") == d
                        && Objects.equals(m.params().get("function"), function))
                .findFirst().orElse(null);
    }

    private Measurement findBulk(String operation, String function, String backend, int d, int q) {
        return bulk.stream()
                .filter(m -> m.operation().equals(operation) && m.backend().equals(backend) && m.param("d") == d
                        && m.param("q") == q && Objects.equals(m.params().get("function"), function))
                .findFirst().orElse(null);
    }

    private static int rowBytes(Measurement m) {
        int d = m.param("d");
        return switch (m.operation()) {
            case "scoreBlock" -> d * Float.BYTES;
            case "scoreBlockSq8" -> d;
            case "scoreBlockPq" -> d / 8;
            default -> throw new IllegalArgumentException("not a bulk operation: " + m.operation());
        };
    }

    private static int rowsPerBlock(Measurement m) {
        return BulkScoringBenchmark.rowsPerBlock(rowBytes(m));
    }

    /** Rows times queries scored per second. */
    private static double perQueryThroughput(Measurement m) {
        return rowsPerBlock(m) * (double) m.param("q") / (m.score() * 1e-9);
    }

    private String nanos(Measurement m) {
        if (m == null) {
            return "-";
        }
        return cell(m, m.score());
    }

    /** {@code value} formatted, starred when its measurement was noisy. */
    private String cell(Measurement m, double value) {
        boolean noisy = m.relativeDeviation() > NOISY;
        anyNoisy |= noisy;
        return noisy ? format(value) + "*" : format(value);
    }

    private static String ratio(Measurement slower, Measurement faster) {
        return slower == null || faster == null ? "-"
                : String.format(Locale.ROOT, "%.2fx", slower.score() / faster.score());
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, value < 10 ? "%.2f" : value < 100 ? "%.1f" : "%.0f", value);
    }

    /** A Markdown table with padded columns, numbers right-aligned. */
    private static final class Table {
        private final int textColumns;
        private final String[] header;
        private final List<String[]> rows = new ArrayList<>();

        /** A table whose first {@code textColumns} columns are left-aligned text. */
        Table(int textColumns, String... header) {
            this.textColumns = textColumns;
            this.header = header;
        }

        void row(String... cells) {
            rows.add(cells);
        }

        void print(PrintStream out) {
            int[] widths = new int[header.length];
            for (int c = 0; c < header.length; c++) {
                widths[c] = header[c].length();
                for (String[] row : rows) {
                    widths[c] = Math.max(widths[c], row[c].length());
                }
            }
            out.println(line(header, widths));
            StringBuilder rule = new StringBuilder("|");
            for (int c = 0; c < widths.length; c++) {
                boolean text = c < textColumns;
                rule.append(text ? "-" : "").append("-".repeat(widths[c])).append(text ? "-|" : ":|");
            }
            out.println(rule);
            rows.forEach(row -> out.println(line(row, widths)));
        }

        private String line(String[] cells, int[] widths) {
            StringBuilder line = new StringBuilder("|");
            for (int c = 0; c < cells.length; c++) {
                String format = c < textColumns ? " %-" + widths[c] + "s |" : " %" + widths[c] + "s|";
                line.append(String.format(Locale.ROOT, format, cells[c]));
            }
            return line.toString();
        }
    }
}
