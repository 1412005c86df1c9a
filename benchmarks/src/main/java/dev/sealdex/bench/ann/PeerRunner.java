package dev.sealdex.bench.ann;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code benchmarks/peers/ann_peers.py} (FAISS IVF-Flat, FAISS IVF-SQ8, hnswlib HNSW) with
 * Debian's Python on the TEXMEX files the harness wrote, and reads back its JSON.
 */
final class PeerRunner {

    /** The script's output. */
    record Output(List<Report.Build> builds, List<Report.Curve> curves, Map<String, String> versions, int threads) {
    }

    /**
     * The peer options of the command line.
     *
     * @param enabled  whether to run the peers at all
     * @param python   the interpreter that has faiss and hnswlib
     * @param script   {@code ann_peers.py}
     * @param systems  which peers, comma-separated ({@code ivfflat,ivfsq8,hnsw})
     * @param ef       hnswlib efSearch values
     * @param niter    FAISS k-means iterations, 0 = FAISS's default
     */
    record Options(boolean enabled, Path python, Path script, String systems, List<Integer> ef, int niter) {
    }

    /** Where the data and the options come from. */
    record Request(Path base, Path query, Path groundTruth, int lists, List<Integer> nprobe, List<Integer> ef,
                   String systems, int threads, int batchSize, double minSeconds, int warmup, int niter, long seed,
                   Path out) {
    }

    private final Path python;
    private final Path script;
    private final Log log;

    /** Runs the script of {@code options} with its interpreter. */
    PeerRunner(Options options, Log log) {
        this.python = options.python();
        this.script = options.script();
        this.log = log;
    }

    /**
     * Why the peers cannot run here, or null when they can: the interpreter, the script and both
     * modules must be present.
     */
    String unavailableReason() {
        if (!Files.isExecutable(python)) {
            return python + " is missing; install Debian's python3 with `sudo apt-get install python3 python3-faiss "
                    + "python3-hnswlib libopenblas0`, or pass --python";
        }
        if (!Files.isRegularFile(script)) {
            return "the peers script " + script + " is missing; run from a Sealdex checkout or pass --peers-script";
        }
        try {
            Process probe = new ProcessBuilder(python.toString(), "-c", "import faiss, hnswlib, numpy")
                    .redirectErrorStream(true).start();
            String said = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!probe.waitFor(60, TimeUnit.SECONDS) || probe.exitValue() != 0) {
                String last = said.isEmpty() ? "" : " (" + said.lines().reduce((a, b) -> b).orElse("") + ")";
                return python + " cannot import faiss and hnswlib" + last + "; install them with `sudo apt-get install "
                        + "python3-faiss python3-hnswlib libopenblas0`";
            }
            return null;
        } catch (IOException e) {
            return "cannot start " + python + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while checking " + python;
        }
    }

    /** Runs the peers; their progress goes to this process's stderr. */
    Output run(Request request) {
        List<String> command = new ArrayList<>(List.of(python.toString(), script.toString(),
                "--base", request.base().toString(), "--query", request.query().toString(),
                "--gt", request.groundTruth().toString(), "--lists", Integer.toString(request.lists()),
                "--nprobe", join(request.nprobe()), "--ef", join(request.ef()), "--systems", request.systems(),
                "--threads", Integer.toString(request.threads()), "--batch-size", Integer.toString(request.batchSize()),
                "--min-seconds", Double.toString(request.minSeconds()), "--warmup", Integer.toString(request.warmup()),
                "--niter", Integer.toString(request.niter()), "--seed", Long.toString(request.seed()),
                "--out", request.out().toString()));
        log.info("peers: " + String.join(" ", command));
        try {
            Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IllegalStateException("the peers script failed with exit status " + exit
                        + " (its messages are above)");
            }
            return mapper().readValue(request.out().toFile(), Output.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run the peers script", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the peers ran", e);
        }
    }

    private static ObjectMapper mapper() {
        return new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    private static String join(List<Integer> values) {
        return String.join(",", values.stream().map(String::valueOf).toList());
    }
}
