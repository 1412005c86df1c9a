package dev.sealdex.bench.kernels;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Adds {@value #LABEL}: the CPU time the benchmark's worker thread used per operation, in ns.
 *
 * <p>The development machine has two cores shared with other builds. JMH's score is wall-clock
 * time, so every moment the worker spends preempted counts against the kernel (we saw 135 ns/op
 * wall against 70 ns/op CPU for the same kernel while two Maven builds ran). Thread CPU time
 * leaves preemption out; on an idle machine the two agree.
 */
public final class CpuTimeProfiler implements InternalProfiler {

    /** The name of the secondary result. */
    static final String LABEL = "cpu.time.norm";

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> lastCpuTime = new HashMap<>();

    /** JMH instantiates profilers reflectively, in the forked JVM. */
    public CpuTimeProfiler() {
    }

    @Override
    public String getDescription() {
        return "CPU time of the JMH worker thread per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        workerCpuTime();
    }

    @Override
    @SuppressWarnings("rawtypes") // InternalProfiler declares the raw Result type
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
                                                       IterationParams iterationParams, IterationResult result) {
        long cpu = workerCpuTime();
        long ops = result.getMetadata().getAllOps();
        double perOp = ops == 0 ? Double.NaN : cpu / (double) ops;
        return List.of(new ScalarResult(LABEL, perOp, "ns/op", AggregationPolicy.AVG));
    }

    /** CPU time the worker threads used since the last call. */
    private long workerCpuTime() {
        long total = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            // JMH names its benchmark threads "<benchmark>-jmh-worker-<n>" and keeps them across
            // iterations of one trial.
            if (thread.getName().contains("jmh-worker")) {
                long now = threads.getThreadCpuTime(thread.threadId());
                Long before = lastCpuTime.put(thread.threadId(), now);
                total += now - (before == null ? 0 : before);
            }
        }
        return total;
    }
}
