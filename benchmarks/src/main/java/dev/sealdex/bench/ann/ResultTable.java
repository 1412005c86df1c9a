package dev.sealdex.bench.ann;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Prints a report as plain-text tables: build facts, then one row per system, variant and sweep
 * value with every mode side by side, then the fastest setting of each that reaches the target
 * recall.
 */
final class ResultTable {

    private final Report report;
    private final double targetRecall;

    /** Tables for {@code report}; the summary uses {@code targetRecall}. */
    ResultTable(Report report, double targetRecall) {
        this.report = report;
        this.targetRecall = targetRecall;
    }

    /** Writes every table to {@code out}. */
    void print(PrintStream out) {
        out.printf(Locale.ROOT, "%n== %s ==%n", report.description());
        out.println(machineLine());
        printBuilds(out);
        printSweeps(out);
        printBest(out);
        if (!report.notes().isEmpty()) {
            out.println();
            out.println("Notes:");
            report.notes().forEach(note -> out.println("  - " + note));
        }
    }

    private String machineLine() {
        StringBuilder line = new StringBuilder();
        report.machine().forEach((key, value) -> line.append(line.isEmpty() ? "" : ", ").append(key).append(' ')
                .append(value));
        return line.toString();
    }

    private void printBuilds(PrintStream out) {
        out.println();
        out.println("Build. build s: durable upserts of every vector; heap B/vec: the index's heap after a full GC, "
                + "store excluded; raw: stage-1 code + rerank vector; reopen s: VectorIndex.open on the same store, "
                + "which loads the lists from the last checkpoint and rebuilds the rows from the item records.");
        String format = "%-22s %-10s %9s %11s %9s %6s %5s %11s %11s %9s %8s %9s%n";
        out.printf(Locale.ROOT, format, "system", "variant", "build s", "vectors/s", "train s", "lists", "auto",
                "heap B/vec", "store B/vec", "raw B/vec", "heap/raw", "reopen s");
        for (Report.Build b : report.builds()) {
            out.printf(Locale.ROOT, format, b.system(), b.variant(), num("%.2f", b.buildSeconds()),
                    num("%,.0f", b.vectorsPerSecond()), num("%.2f", b.trainSeconds()),
                    b.lists() > 0 ? Integer.toString(b.lists()) : "-",
                    b.autoProbes() > 0 ? Integer.toString(b.autoProbes()) : "-", num("%,.0f", b.heapPerVector()),
                    num("%,.0f", b.storePerVector()), num("%,.0f", b.rawPerVector()),
                    b.heapPerVector() == null || b.rawPerVector() == null ? "-"
                            : num("%.2fx", b.heapPerVector() / b.rawPerVector()),
                    num("%.2f", b.reopenSeconds()));
        }
    }

    private void printSweeps(PrintStream out) {
        out.println();
        out.println("Recall@10 and QPS. 1-thread: one query per call on one thread (p50/p99 per query). clients: "
                + "concurrent single queries (engine coalesces them). batch: batched calls on all cores. "
                + "cpu us/q: process CPU time per query. enc: encrypted time / plain time at the same setting, from "
                + "QPS (1-thr, batch) and from CPU time per query (cpu 1-thr, steadier on a shared machine).");
        String format = "%-22s %-10s %-16s %9s %10s %8s %8s %8s %11s %10s %9s %9s %9s %9s%n";
        out.printf(Locale.ROOT, format, "system", "variant", "setting", "recall@10", "1-thr QPS", "p50 us", "p99 us",
                "cpu us/q", "clients QPS", "batch QPS", "cpu us/q", "enc 1-thr", "enc cpu", "enc batch");
        for (Map.Entry<String, Map<String, Report.Curve>> group : groups().entrySet()) {
            Map<String, Report.Curve> modes = group.getValue();
            Report.Curve any = modes.values().iterator().next();
            Map<String, Report.Curve> plain = any.variant().equals("encrypted")
                    ? groups().get(any.system() + "|plain") : null;
            for (int param : params(modes.values())) {
                Report.Point latency = point(modes.get(Report.LATENCY), param);
                Report.Point clients = point(modes.get(Report.CLIENTS), param);
                Report.Point batch = point(modes.get(Report.BATCH), param);
                Report.Point first = latency != null ? latency : batch != null ? batch : clients;
                out.printf(Locale.ROOT, format, any.system(), any.variant(), setting(any.paramName(), first),
                        String.format(Locale.ROOT, "%.4f", first.recall()), qps(latency),
                        latency == null ? "-" : num("%,.0f", latency.p50Us()),
                        latency == null ? "-" : num("%,.0f", latency.p99Us()), cpu(latency), qps(clients), qps(batch),
                        cpu(batch), cost(plain, Report.LATENCY, latency, param), cpuCost(plain, latency, param),
                        cost(plain, Report.BATCH, batch, param));
            }
        }
    }

    private void printBest(PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "Fastest setting with recall@10 >= %.2f%n", targetRecall);
        String format = "%-22s %-10s %-31s %-31s %-31s%n";
        out.printf(Locale.ROOT, format, "system", "variant", "1-thread QPS (setting)", "clients QPS (setting)",
                "batch QPS (setting)");
        for (Map<String, Report.Curve> modes : groups().values()) {
            Report.Curve any = modes.values().iterator().next();
            out.printf(Locale.ROOT, format, any.system(), any.variant(), best(modes.get(Report.LATENCY)),
                    best(modes.get(Report.CLIENTS)), best(modes.get(Report.BATCH)));
        }
    }

    /** Curves grouped by "system|variant", each group's modes by name, in report order. */
    private Map<String, Map<String, Report.Curve>> groups() {
        Map<String, Map<String, Report.Curve>> groups = new LinkedHashMap<>();
        for (Report.Curve curve : report.curves()) {
            groups.computeIfAbsent(curve.system() + "|" + curve.variant(), k -> new LinkedHashMap<>())
                    .put(curve.mode(), curve);
        }
        return groups;
    }

    private static List<Integer> params(Iterable<Report.Curve> curves) {
        Set<Integer> params = new LinkedHashSet<>();
        for (Report.Curve curve : curves) {
            curve.points().forEach(p -> params.add(p.param()));
        }
        return new ArrayList<>(params);
    }

    private static Report.Point point(Report.Curve curve, int param) {
        if (curve == null) {
            return null;
        }
        return curve.points().stream().filter(p -> p.param() == param).findFirst().orElse(null);
    }

    private static String setting(String paramName, Report.Point point) {
        if (point.param() == 0) {
            return paramName + "=auto(" + point.effective() + ")";
        }
        return paramName + "=" + point.param();
    }

    private String cost(Map<String, Report.Curve> plain, String mode, Report.Point encrypted, int param) {
        Report.Point reference = plain == null || encrypted == null ? null : point(plain.get(mode), param);
        return reference == null ? "-" : String.format(Locale.ROOT, "%.2fx", reference.qps() / encrypted.qps());
    }

    private String cpuCost(Map<String, Report.Curve> plain, Report.Point encrypted, int param) {
        Report.Point reference = plain == null || encrypted == null ? null : point(plain.get(Report.LATENCY), param);
        return reference == null || reference.cpuUsPerQuery() <= 0 ? "-"
                : String.format(Locale.ROOT, "%.2fx", encrypted.cpuUsPerQuery() / reference.cpuUsPerQuery());
    }

    private String best(Report.Curve curve) {
        if (curve == null) {
            return "-";
        }
        Report.Point best = null;
        for (Report.Point p : curve.points()) {
            if (p.recall() >= targetRecall && (best == null || p.qps() > best.qps())) {
                best = p;
            }
        }
        if (best == null) {
            return "not reached";
        }
        return String.format(Locale.ROOT, "%,.0f (%s, %.3f)", best.qps(), setting(curve.paramName(), best),
                best.recall());
    }

    private static String cpu(Report.Point point) {
        return point == null || point.cpuUsPerQuery() <= 0 ? "-" : String.format(Locale.ROOT, "%,.0f",
                point.cpuUsPerQuery());
    }

    private static String qps(Report.Point point) {
        return point == null ? "-" : String.format(Locale.ROOT, "%,.0f", point.qps());
    }

    private static String num(String format, Double value) {
        return value == null || value.isNaN() ? "-" : String.format(Locale.ROOT, format, value);
    }
}
