package dev.sealdex.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed PTX must be what {@code build-ptx.sh} makes of the committed CUDA sources. With
 * nvcc on the machine the script regenerates it and the texts must match (comment lines aside:
 * they carry nvcc's build id); without nvcc that check is skipped with the reason, and the
 * cheaper checks below still catch a kernel added to a source but missing from the PTX.
 */
class PtxFreshnessTest {

    private static final Path MODULE = Path.of(System.getProperty("user.dir"));
    private static final Path SOURCES = MODULE.resolve("src/main/cuda");
    private static final Path COMMITTED = MODULE.resolve("src/main/resources/dev/sealdex/cuda");
    private static final Pattern KERNEL = Pattern.compile(
            "extern \"C\" __global__ void\\s+(?:__launch_bounds__\\([^)]*\\)\\s+)?(\\w+)\\s*\\(");

    @Test
    void committedPtxIsWhatNvccMakesOfTheSources(@TempDir Path out) throws Exception {
        Optional<Path> nvcc = findNvcc();
        assumeTrue(nvcc.isPresent(), "nvcc not found (NVCC, PATH, /usr/local/cuda/bin): the stale-PTX check "
                + "needs CUDA 13's nvcc; run native/build-ptx.sh on a machine that has it");
        Process process = new ProcessBuilder("bash", MODULE.resolve("build-ptx.sh").toString(), out.toString())
                .redirectErrorStream(true)
                .directory(MODULE.toFile())
                .start();
        process.getOutputStream().close();
        byte[] log = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "build-ptx.sh did not finish");
        assertEquals(0, process.exitValue(), () -> "build-ptx.sh failed: " + new String(log, StandardCharsets.UTF_8));
        for (Path committed : ptxFiles(COMMITTED)) {
            Path fresh = out.resolve(committed.getFileName());
            assertTrue(Files.exists(fresh), "build-ptx.sh no longer makes " + committed.getFileName());
            assertEquals(normalise(Files.readString(fresh)), normalise(Files.readString(committed)),
                    committed.getFileName() + " is stale against its .cu source: run native/build-ptx.sh and commit");
        }
        assertEquals(ptxFiles(out).size(), ptxFiles(COMMITTED).size(), "a generated PTX file is not committed");
    }

    @Test
    void everySourceHasItsPtxWithEveryKernel() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.list(SOURCES)) {
            sources = files.filter(p -> p.toString().endsWith(".cu")).sorted().toList();
        }
        assertTrue(!sources.isEmpty(), "no CUDA sources in " + SOURCES);
        for (Path source : sources) {
            String name = source.getFileName().toString().replace(".cu", ".ptx");
            String ptx = resource(name);
            assertTrue(ptx.contains(".target sm_75"), name + " must target compute_75, the oldest nvcc 13 accepts");
            Matcher kernel = KERNEL.matcher(Files.readString(source));
            int kernels = 0;
            while (kernel.find()) {
                kernels++;
                assertTrue(ptx.contains(".entry " + kernel.group(1) + "("),
                        name + " lacks kernel " + kernel.group(1) + ": run native/build-ptx.sh and commit");
            }
            assertTrue(kernels > 0, "no kernels found in " + source);
        }
    }

    /** PTX text without comment lines and trailing blanks: nvcc's comments name its build. */
    static String normalise(String ptx) {
        StringBuilder out = new StringBuilder(ptx.length());
        for (String line : ptx.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("//")) {
                continue;
            }
            out.append(line.stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = PtxFreshnessTest.class.getResourceAsStream("/dev/sealdex/cuda/" + name)) {
            assertTrue(in != null, name + " is not on the class path");
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static List<Path> ptxFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return new ArrayList<>(files.filter(p -> p.toString().endsWith(".ptx")).sorted().toList());
        }
    }

    private static Optional<Path> findNvcc() {
        List<Path> candidates = new ArrayList<>();
        String env = System.getenv("NVCC");
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env));
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, "nvcc"));
                }
            }
        }
        candidates.add(Path.of("/usr/local/cuda/bin/nvcc"));
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }
}
