package dev.sealdex.bench.ann;

import dev.sealdex.engine.model.IndexKind;
import dev.sealdex.engine.model.Metric;
import dev.sealdex.engine.model.StoragePrecision;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./sealdex bench ann}: the command line of the ANN recall/QPS harness. */
@Command(name = "sealdex bench ann", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Builds Sealdex indexes (encrypted, and with encryption switched off), sweeps n_probes and prints recall@10 "
                    + "and QPS one query at a time on one thread and on all cores, beside FAISS and hnswlib on the same "
                    + "data. Writes a table to stdout and a JSON file and a recall-vs-QPS PNG under --out.",
            "Data: --dataset fashion-mnist | --dataset clustered [--n N --d D] | --base B.fvecs --query Q.fvecs [--gt G.ivecs]"})
public final class AnnBenchmark implements Callable<Integer> {

    private static final int CORES = Runtime.getRuntime().availableProcessors();

    @Option(names = "--dataset", description = "fashion-mnist (Debian's dataset-fashion-mnist) or clustered (generated)")
    String dataset;

    @Option(names = "--base", description = "TEXMEX base vectors (.fvecs)")
    Path base;

    @Option(names = "--query", description = "TEXMEX query vectors (.fvecs)")
    Path query;

    @Option(names = "--gt", description = "TEXMEX ground truth (.ivecs); computed exactly when absent")
    Path groundTruth;

    @Option(names = "--queries", defaultValue = "1000", description = "queries to use, at most (default ${DEFAULT-VALUE})")
    int queries;

    @Option(names = "--fashion-mnist-dir", description = "where the Fashion-MNIST IDX files are (default ${DEFAULT-VALUE})")
    Path fashionMnistDir = FashionMnist.DEBIAN_DIR;

    @Option(names = "--n", defaultValue = "1000000", description = "clustered: base vectors (default ${DEFAULT-VALUE})")
    int n;

    @Option(names = "--d", defaultValue = "128", description = "clustered: dimension (default ${DEFAULT-VALUE})")
    int d;

    @Option(names = "--clusters", defaultValue = "0", description = "clustered: Gaussian clusters (0 = n/1000, at least 10)")
    int clusters;

    @Option(names = "--spread", defaultValue = "0.5",
            description = "clustered: cluster standard deviation relative to the N(0,1) centres (default ${DEFAULT-VALUE})")
    double spread;

    @Option(names = "--seed", defaultValue = "42", description = "seed for generation and training (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--write-texmex", description = "also write base/query/groundtruth .fvecs/.ivecs into this folder")
    Path writeTexmex;

    @Option(names = "--kinds", split = ",", defaultValue = "ivf,ivfflat,ivfpq,ivfsq",
            description = "index kinds (default ${DEFAULT-VALUE}); ivf is the 0.17 SQ8 + rerank index")
    List<String> kinds;

    @Option(names = "--metric", defaultValue = "euclidean", description = "euclidean, squared_euclidean or cosine")
    String metric;

    @Option(names = "--precision", defaultValue = "float32", description = "rerank vector storage: float32 or float16")
    String precision;

    @Option(names = "--pq-dim", defaultValue = "0", description = "ivfpq sub-quantizers (0 = the largest divisor of d up to max(8, d/8))")
    int pqDim;

    @Option(names = "--pq-bits", defaultValue = "8", description = "ivfpq bits per code (default ${DEFAULT-VALUE})")
    int pqBits;

    @Option(names = "--sq-bits", defaultValue = "8", description = "ivfsq bits, 8 or 16 (default ${DEFAULT-VALUE})")
    int sqBits;

    @Option(names = "--lists", defaultValue = "0", description = "n_lists (0 = automatic, as the engine chooses)")
    int lists;

    @Option(names = "--max-iters", defaultValue = "100", description = "k-means iterations at most (default ${DEFAULT-VALUE})")
    int maxIterations;

    @Option(names = "--probes", split = ",", defaultValue = "0,1,2,4,8,16,32,64",
            description = "n_probes to sweep, capped at n_lists; 0 = automatic (default ${DEFAULT-VALUE})")
    List<Integer> probes;

    @Option(names = "--rerank-mult", defaultValue = "10", description = "rerank_mult (default ${DEFAULT-VALUE}, CyborgDB 0.17's)")
    int rerankMult;

    @Option(names = "--modes", split = ",", defaultValue = "latency,clients,batch",
            description = "latency (1 thread), clients (concurrent single queries), batch (default ${DEFAULT-VALUE})")
    List<String> modes;

    @Option(names = "--threads", description = "engine workers (and peers' threads) for the all-cores modes (default: cores)")
    int threads = CORES;

    @Option(names = "--clients", defaultValue = "16", description = "client threads in the clients mode (default ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--batch-size", defaultValue = "1000", description = "queries per call in the batch mode (default ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--upsert-batch", defaultValue = "1000", description = "vectors per upsert (default ${DEFAULT-VALUE})")
    int upsertBatch;

    @Option(names = "--ingest-threads", description = "threads issuing upserts (default: cores)")
    int ingestThreads = CORES;

    @Option(names = "--min-seconds", defaultValue = "1.0", description = "least timed seconds per point (default ${DEFAULT-VALUE})")
    double minSeconds;

    @Option(names = "--warmup", defaultValue = "200", description = "untimed queries before each point (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--repeats", defaultValue = "1",
            description = "measure each Sealdex point this many times and keep the fastest: steadier ratios on a "
                    + "noisy machine (default ${DEFAULT-VALUE})")
    int repeats;

    @Option(names = "--compare-plain", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "also run every index with encryption switched off (default ${DEFAULT-VALUE})")
    boolean comparePlain;

    @Option(names = "--store", defaultValue = "memory", description = "memory or disk (default ${DEFAULT-VALUE})")
    String store;

    @Option(names = "--peers", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "run FAISS and hnswlib too when Debian's python3-faiss and python3-hnswlib are installed")
    boolean peers;

    @Option(names = "--peer-systems", defaultValue = "ivfflat,ivfsq8,hnsw", description = "peers to run (default ${DEFAULT-VALUE})")
    String peerSystems;

    @Option(names = "--ef", split = ",", defaultValue = "10,16,32,64,128,256,512", description = "hnswlib efSearch values")
    List<Integer> ef;

    @Option(names = "--faiss-niter", defaultValue = "0", description = "FAISS k-means iterations (0 = FAISS's default)")
    int faissNiter;

    @Option(names = "--python", defaultValue = "/usr/bin/python3", description = "Python with faiss and hnswlib (default ${DEFAULT-VALUE})")
    Path python;

    @Option(names = "--peers-script", description = "the peers script (default: benchmarks/peers/ann_peers.py in the checkout)")
    Path peersScript = root().resolve("benchmarks/peers/ann_peers.py");

    @Option(names = "--target-recall", defaultValue = "0.95", description = "recall for the summary table (default ${DEFAULT-VALUE})")
    double targetRecall;

    @Option(names = "--report", description = "print the tables and redraw the plot of a saved results JSON, then stop")
    Path savedReport;

    @Option(names = "--out", description = "output folder (default: bench-results/ in the checkout)")
    Path out = root().resolve("bench-results");

    /** Runs the harness. */
    public static void main(String[] args) {
        CommandLine command = new CommandLine(new AnnBenchmark());
        command.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof MissingPrerequisiteException || e instanceof IllegalArgumentException) {
                line.getErr().println("sealdex bench ann: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        System.exit(command.execute(args));
    }

    @Override
    public Integer call() {
        if (savedReport != null) {
            AnnRun.reprint(savedReport, targetRecall);
            return 0;
        }
        Metric parsedMetric = Metric.parse(metric);
        StoragePrecision parsedPrecision = StoragePrecision.parse(precision);
        List<IndexKind> parsedKinds = kinds.stream().map(IndexKind::parseLegacy).distinct().toList();
        IndexSpec.Choice choice = new IndexSpec.Choice(parsedKinds, parsedMetric, parsedPrecision, pqDim, pqBits, sqBits);
        BenchSettings settings = new BenchSettings(choice, StoreKind.parse(store).requireAvailable(), out,
                comparePlain, probes, lists, maxIterations, seed, upsertBatch, ingestThreads, threads,
                modes.contains(Report.LATENCY), throughputModes(), clients, batchSize, rerankMult, minSeconds, warmup, repeats);
        ClusteredData.Params clustered = "clustered".equalsIgnoreCase(dataset)
                ? new ClusteredData.Params(n, d, queries, clusters > 0 ? clusters : ClusteredData.Params.defaultClusters(n),
                        spread, seed)
                : null;
        DatasetLoader.Options data = new DatasetLoader.Options(dataset, base, query, groundTruth, fashionMnistDir,
                queries, clustered);
        PeerRunner.Options peerOptions = new PeerRunner.Options(peers, python, peersScript, peerSystems, ef, faissNiter);
        new AnnRun(settings, data, peerOptions, writeTexmex, targetRecall).execute();
        return 0;
    }

    private List<String> throughputModes() {
        List<String> chosen = new ArrayList<>();
        for (String mode : modes) {
            String m = mode.trim().toLowerCase(Locale.ROOT);
            switch (m) {
                case Report.LATENCY -> { }
                case Report.CLIENTS, Report.BATCH -> chosen.add(m);
                default -> throw new IllegalArgumentException("--modes takes latency, clients and batch; got '" + mode + "'");
            }
        }
        return chosen;
    }

    /** The checkout's root: {@code SEALDEX_ROOT} (set by ./sealdex) or the working directory. */
    private static Path root() {
        String root = System.getenv("SEALDEX_ROOT");
        return root == null || root.isBlank() ? Path.of("").toAbsolutePath() : Path.of(root);
    }
}
