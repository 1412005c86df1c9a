package dev.sealdex.api.metrics;

import dev.sealdex.engine.db.TrainingStatus;
import dev.sealdex.engine.kernel.AcceleratorStats;
import dev.sealdex.engine.kernel.KernelSelection;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's Prometheus metrics, rendered in the text exposition format (version 0.0.4) at
 * {@code /observe/metrics}. Labels are bounded, because requests are counted before they are
 * authenticated: routes are the documented route templates (or {@code unmatched}, whatever the
 * path), methods are the standard HTTP methods (any other method token is {@code OTHER}), and
 * index names are only those of indexes that exist. No label or value carries a key, a token or
 * stored data.
 */
public final class ApiMetrics {

    /** Latency histogram bucket bounds, in seconds. */
    static final double[] BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

    /** The method label of every request whose method is not one of {@link #METHODS}. */
    static final String OTHER_METHOD = "OTHER";

    /** The methods of RFC 9110 and PATCH (RFC 5789): the only method labels besides {@link #OTHER_METHOD}. */
    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE",
            "CONNECT");

    private record RequestKey(String route, String method, int status) {
    }

    private static final class Histogram {
        final AtomicLongArray buckets = new AtomicLongArray(BUCKETS.length);
        final LongAdder count = new LongAdder();
        final DoubleAdder sum = new DoubleAdder();

        void observe(double seconds) {
            for (int i = 0; i < BUCKETS.length; i++) {
                if (seconds <= BUCKETS[i]) {
                    buckets.incrementAndGet(i);
                    break;
                }
            }
            count.increment();
            sum.add(seconds);
        }
    }

    private final ConcurrentHashMap<RequestKey, Histogram> requests = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> items = new ConcurrentHashMap<>();
    private final LongAdder integrityFailures = new LongAdder();
    private final LongAdder gpuFallbacks = new LongAdder();
    private final LongAdder trainingFailures = new LongAdder();

    /**
     * Counts one finished request to {@code route} (a route template or {@code unmatched}, never a
     * raw path) and its latency; a method outside {@link #METHODS} counts as {@code OTHER}.
     */
    public void request(String route, String method, int status, long nanos) {
        requests.computeIfAbsent(new RequestKey(route, methodLabel(method), status), key -> new Histogram())
                .observe(nanos / 1e9);
    }

    /** The label for {@code method}: itself when standard, else {@code OTHER}, so clients cannot mint series. */
    static String methodLabel(String method) {
        return METHODS.contains(method) ? method : OTHER_METHOD;
    }

    /** Records that index {@code name} holds {@code count} items (as of the last request that touched it). */
    public void items(String name, long count) {
        items.put(name, count);
    }

    /** Forgets a deleted index. */
    public void forget(String name) {
        items.remove(name);
    }

    /** Counts stored data that failed its integrity check. */
    public void integrityFailure() {
        integrityFailures.increment();
    }

    /** Counts a GPU operation retried on the CPU outside the backend (the backend counts its own). */
    public void gpuFallback() {
        gpuFallbacks.increment();
    }

    /** Counts a training job that failed. */
    public void trainingFailure() {
        trainingFailures.increment();
    }

    /** The metrics as Prometheus text. */
    public String render(KernelSelection kernels, String storageType, String version, TrainingStatus training,
                         int indexCount) {
        StringBuilder out = new StringBuilder(4096);
        help(out, "sealdex_info", "gauge", "Build and configuration of this server (always 1).");
        out.append("sealdex_info{version=\"").append(escape(version)).append("\",storage=\"").append(escape(storageType))
                .append("\"} 1\n");
        help(out, "sealdex_kernel_backend", "gauge", "The distance kernel backend in use (1) and the ones passed over (0).");
        out.append("sealdex_kernel_backend{backend=\"").append(escape(kernels.id())).append("\",kernels=\"")
                .append(escape(kernels.kernels().name())).append("\"} 1\n");
        for (String rejected : kernels.rejected().keySet()) {
            out.append("sealdex_kernel_backend{backend=\"").append(escape(rejected)).append("\",kernels=\"\"} 0\n");
        }
        histograms(out);
        help(out, "sealdex_indexes", "gauge", "Indexes in the catalog.");
        out.append("sealdex_indexes ").append(indexCount).append('\n');
        help(out, "sealdex_index_items", "gauge",
                "Items per index, as of the last request that touched the index since start-up.");
        new TreeMap<>(items).forEach((name, count) -> out.append("sealdex_index_items{index=\"").append(escape(name))
                .append("\"} ").append(count).append('\n'));
        training(out, training);
        help(out, "sealdex_integrity_failures_total", "counter",
                "Requests that met stored data failing its integrity check (never served).");
        out.append("sealdex_integrity_failures_total ").append(integrityFailures.sum()).append('\n');
        Optional<AcceleratorStats> gpu = kernels.kernels().acceleratorStats();
        help(out, "sealdex_gpu_fallbacks_total", "counter", "GPU operations that failed and were redone on the CPU.");
        out.append("sealdex_gpu_fallbacks_total ").append(gpuFallbacks.sum() + gpu.map(AcceleratorStats::fallbacks)
                .orElse(0L)).append('\n');
        if (gpu.isPresent()) {
            help(out, "sealdex_gpu_resident_bytes", "gauge", "Device memory held by index blocks resident on the GPU.");
            out.append("sealdex_gpu_resident_bytes ").append(gpu.get().residentBytes()).append('\n');
            help(out, "sealdex_gpu_resident_blocks", "gauge", "Index blocks resident on the GPU.");
            out.append("sealdex_gpu_resident_blocks ").append(gpu.get().residentBlocks()).append('\n');
            help(out, "sealdex_gpu_memory_budget_bytes", "gauge", "SEALDEX_GPU_MEMORY_BUDGET in bytes.");
            out.append("sealdex_gpu_memory_budget_bytes ").append(gpu.get().budgetBytes()).append('\n');
            help(out, "sealdex_gpu_backing_off", "gauge", "1 while the GPU waits out its back-off after an error.");
            out.append("sealdex_gpu_backing_off ").append(gpu.get().backingOff() ? 1 : 0).append('\n');
        }
        return out.toString();
    }

    private void histograms(StringBuilder out) {
        Map<RequestKey, Histogram> sorted = new TreeMap<>((a, b) -> {
            int c = a.route().compareTo(b.route());
            c = c != 0 ? c : a.method().compareTo(b.method());
            return c != 0 ? c : Integer.compare(a.status(), b.status());
        });
        sorted.putAll(requests);
        help(out, "sealdex_http_requests_total", "counter", "HTTP requests by route, method and status.");
        sorted.forEach((key, histogram) -> out.append("sealdex_http_requests_total").append(labels(key)).append(' ')
                .append(histogram.count.sum()).append('\n'));
        help(out, "sealdex_http_request_duration_seconds", "histogram",
                "HTTP request latency by route, method and status, in seconds.");
        sorted.forEach((key, histogram) -> {
            String labels = labels(key);
            String prefix = labels.substring(0, labels.length() - 1);
            long cumulative = 0;
            for (int i = 0; i < BUCKETS.length; i++) {
                cumulative += histogram.buckets.get(i);
                out.append("sealdex_http_request_duration_seconds_bucket").append(prefix).append(",le=\"")
                        .append(BUCKETS[i]).append("\"} ").append(cumulative).append('\n');
            }
            long count = histogram.count.sum();
            out.append("sealdex_http_request_duration_seconds_bucket").append(prefix).append(",le=\"+Inf\"} ")
                    .append(count).append('\n');
            out.append("sealdex_http_request_duration_seconds_sum").append(labels).append(' ')
                    .append(histogram.sum.sum()).append('\n');
            out.append("sealdex_http_request_duration_seconds_count").append(labels).append(' ').append(count)
                    .append('\n');
        });
    }

    private void training(StringBuilder out, TrainingStatus status) {
        help(out, "sealdex_training_queue_length", "gauge", "Indexes waiting for the training worker.");
        out.append("sealdex_training_queue_length ").append(status.queued().size()).append('\n');
        help(out, "sealdex_training_active", "gauge", "1 while an index trains, labelled with its name and phase.");
        help(out, "sealdex_training_progress_percent", "gauge", "Progress of the training in progress, 0 to 100.");
        help(out, "sealdex_training_vectors", "gauge", "Vectors placed so far and in total by the training in progress.");
        if (status.currentlyTraining() != null) {
            String index = escape(status.currentlyTraining());
            out.append("sealdex_training_active{index=\"").append(index).append("\",phase=\"")
                    .append(escape(String.valueOf(status.phase()))).append("\"} 1\n");
            out.append("sealdex_training_progress_percent{index=\"").append(index).append("\"} ")
                    .append(status.percent()).append('\n');
            out.append("sealdex_training_vectors{index=\"").append(index).append("\",kind=\"done\"} ")
                    .append(status.vectorsDone()).append('\n');
            out.append("sealdex_training_vectors{index=\"").append(index).append("\",kind=\"total\"} ")
                    .append(status.vectorsTotal()).append('\n');
        }
        help(out, "sealdex_training_failures_total", "counter", "Explicit trainings that failed.");
        out.append("sealdex_training_failures_total ").append(trainingFailures.sum()).append('\n');
    }

    private static String labels(RequestKey key) {
        return "{route=\"" + escape(key.route()) + "\",method=\"" + escape(key.method()) + "\",status=\"" + key.status()
                + "\"}";
    }

    private static void help(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    /** Escapes a label value. */
    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "ApiMetrics" + Arrays.toString(new long[] {requests.size(), items.size()});
    }
}
