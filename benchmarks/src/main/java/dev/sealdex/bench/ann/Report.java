package dev.sealdex.bench.ann;

import java.util.List;
import java.util.Map;

/**
 * Everything one run measured, as written to the JSON file and drawn in the table and plot.
 *
 * @param dataset     the data set's name
 * @param description how the data set was made
 * @param size        base vectors
 * @param dimension   vector dimension
 * @param queries     query vectors
 * @param machine     processor count, JVM, kernel backend and the like
 * @param settings    the options of the run
 * @param builds      build-side facts, one per system and variant
 * @param curves      recall/QPS sweeps, one per system, variant and mode
 * @param notes       caveats worth reading next to the numbers
 */
record Report(String dataset, String description, int size, int dimension, int queries, Map<String, String> machine,
              Map<String, Object> settings, List<Build> builds, List<Curve> curves, List<String> notes) {

    /** Latency: one query at a time on one thread. */
    static final String LATENCY = "latency";
    /** Throughput: concurrent single-query clients, coalesced by the engine. */
    static final String CLIENTS = "clients";
    /** Throughput: batch requests using every core. */
    static final String BATCH = "batch";

    /**
     * One measured point of a sweep.
     *
     * @param param     n_probes, nprobe or efSearch (0 = Sealdex's automatic n_probes)
     * @param effective the value in effect (the automatic n_probes resolved), or the same as param
     * @param recall    mean recall@10 against exact search
     * @param qps       queries per second
     * @param p50Us     median latency of one call in microseconds (0 when not measured)
     * @param p99Us     99th percentile latency in microseconds (0 when not measured)
     * @param queries   queries timed
     * @param seconds   wall time of the timed part
     * @param cpuUsPerQuery process CPU time per query in microseconds (all threads: JIT and GC
     *                  included); steadier than QPS on a machine shared with other work
     * @param rerankedPerQuery rows the exact rerank decrypted and scored per query (Sealdex; 0 for peers)
     */
    record Point(int param, int effective, double recall, double qps, double p50Us, double p99Us, long queries,
                 double seconds, double cpuUsPerQuery, double rerankedPerQuery) {
    }

    /**
     * One line of the plot.
     *
     * @param system    {@code sealdex-ivf}, {@code faiss-ivfflat}, {@code hnswlib-hnsw}, ...
     * @param variant   {@code encrypted} or {@code plain} for Sealdex, {@code plaintext} for peers
     * @param mode      {@link #LATENCY}, {@link #CLIENTS} or {@link #BATCH}
     * @param paramName {@code n_probes}, {@code nprobe} or {@code ef}
     * @param threads   threads issuing queries (clients) or allowed to the library (batch)
     * @param points    the sweep, in the order run
     */
    record Curve(String system, String variant, String mode, String paramName, int threads, List<Point> points) {

        /** The label used in tables and the legend. */
        String label() {
            return system + (variant.equals("plaintext") ? "" : " " + variant);
        }
    }

    /**
     * Build-side facts of one system and variant; null where not measured.
     *
     * @param system            as in {@link Curve#system}
     * @param variant           as in {@link Curve#variant}
     * @param buildSeconds      time to add every vector (Sealdex: durable upserts)
     * @param vectorsPerSecond  vectors added per second
     * @param trainSeconds      time to train (k-means, codec, placing rows, calibration)
     * @param lists             n_lists in use (0 for HNSW)
     * @param autoProbes        the automatic n_probes the training calibrated (0 when none)
     * @param heapPerVector     heap bytes per vector of the index after a full GC, store excluded
     * @param storePerVector    heap bytes per vector of the memory store's records
     * @param rawPerVector      bytes of stage-1 code plus rerank vector per vector
     * @param reopenSeconds     time for {@code VectorIndex.open} on the same store
     * @param note              anything unusual (training skipped, ...)
     */
    record Build(String system, String variant, double buildSeconds, double vectorsPerSecond, Double trainSeconds,
                 int lists, int autoProbes, Double heapPerVector, Double storePerVector, Double rawPerVector,
                 Double reopenSeconds, String note) {
    }
}
