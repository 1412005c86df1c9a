package dev.sealdex.api.reliability;

import dev.sealdex.api.config.ServerSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Sealdex server in a child JVM: {@code java dev.sealdex.api.Main serve} with this test
 * JVM's class path, on a free loopback port ({@code PORT=0}; the port is read from the banner),
 * with its own data folder. Every start is a new generation whose stdout and stderr go to a file
 * of their own, kept for the log scans. The server can be stopped (SIGTERM, a clean shutdown),
 * killed (SIGKILL) and started again on the same folder.
 */
public final class ServerProcess implements AutoCloseable {

    /** JVM flags of the child, as {@code ./sealdex serve} passes them, plus a bounded heap. */
    private static final List<String> JVM_FLAGS = List.of("--add-modules", "jdk.incubator.vector",
            "--enable-native-access=ALL-UNNAMED", "-Xmx1g", "-XX:+UseG1GC");
    private static final Pattern LISTENING = Pattern.compile("listening {2}https?://[^:]+:(\\d+) ");
    private static final HttpClient PROBE = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path root;
    private final Path dataDir;
    private final Map<String, String> env;
    private final List<Path> logs = new ArrayList<>();
    private Process process;
    private int port;
    private Duration lastStartup = Duration.ZERO;

    private ServerProcess(String name, Path root, Path dataDir, Map<String, String> env) {
        this.name = name;
        this.root = root;
        this.dataDir = dataDir;
        this.env = env;
    }

    /**
     * A server named {@code name} (for its log files) working under {@code root}, its data in
     * {@code root/data}, configured by {@code settings} on top of loopback, {@code PORT=0} and
     * the disk store. Not started yet.
     */
    public static ServerProcess create(String name, Path root, Map<String, String> settings) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOST", "127.0.0.1");
        env.put("PORT", "0");
        env.put("CYBORGDB_DB_TYPE", "disk");
        env.put("CYBORGDB_DISK_PATH", root.resolve("data").toString());
        env.put("CPU_THREADS", "2");
        env.putAll(settings);
        return new ServerProcess(name, root, root.resolve("data"), env);
    }

    /**
     * Where servers that outlive one test keep their data and logs: {@code target/reliability}
     * of the module, so the logs can be read after a failure and {@code mvn clean} removes them.
     */
    public static Path workDirectory() throws IOException {
        return Files.createDirectories(Path.of("target", "reliability").toAbsolutePath());
    }

    /** The data folder. */
    public Path dataDir() {
        return dataDir;
    }

    /** The port of the running generation. */
    public int port() {
        return port;
    }

    /** The base URI of the running generation, e.g. {@code http://127.0.0.1:41234}. */
    public URI base() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The process id of the running generation. */
    public long pid() {
        return process.pid();
    }

    /** Whether a generation is running. */
    public boolean running() {
        return process != null && process.isAlive();
    }

    /** How long the last successful start took, from spawning the JVM to a 200 from {@code /v1/health}. */
    public Duration lastStartup() {
        return lastStartup;
    }

    /**
     * Starts a new generation and waits (at most {@code timeout}) until {@code /v1/health}
     * answers 200.
     *
     * @throws AssertionError when the server exits or does not get ready in time (with its output)
     */
    public ServerProcess start(Duration timeout) {
        long started = System.nanoTime();
        Process child = spawn();
        long deadline = started + timeout.toNanos();
        Path log = logs.getLast();
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                throw new AssertionError(name + " exited with " + child.exitValue() + " while starting:\n" + tail(log));
            }
            if (port == 0) {
                port = parsePort(log);
            }
            if (port != 0 && healthy()) {
                lastStartup = Duration.ofNanos(System.nanoTime() - started);
                return this;
            }
            sleep(50);
        }
        child.toHandle().destroyForcibly();
        throw new AssertionError(name + " was not ready within " + timeout + ":\n" + tail(log));
    }

    /** Starts with a 90-second limit (generous: the shared test machine may be loaded). */
    public ServerProcess start() {
        return start(Duration.ofSeconds(90));
    }

    /** The exit code and output of a start that must fail. */
    public record Refusal(int exitCode, String output) {
    }

    /**
     * Starts a generation that must exit by itself within {@code timeout} (a refused start-up).
     *
     * @throws AssertionError when it is still running afterwards or got ready
     */
    public Refusal startExpectingExit(Duration timeout) {
        Process child = spawn();
        try {
            if (!child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                child.toHandle().destroyForcibly();
                throw new AssertionError(name + " did not exit within " + timeout + ":\n" + tail(logs.getLast()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return new Refusal(child.exitValue(), read(logs.getLast()));
    }

    private Process spawn() {
        if (running()) {
            throw new IllegalStateException(name + " is already running");
        }
        port = 0;
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(JVM_FLAGS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.sealdex.api.Main");
        command.add("serve");
        Path log = root.resolve(name + "-" + (logs.size() + 1) + ".log");
        logs.add(log);
        try {
            Files.createDirectories(root.resolve("work"));
            ProcessBuilder builder = new ProcessBuilder(command).directory(root.resolve("work").toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> childEnv = builder.environment();
            // Nothing of this shell's Sealdex configuration leaks in, except the kernel choice
            // (./sealdex test requires the Panama kernels of every server).
            for (String variable : ServerSettings.VARIABLES) {
                if (!variable.startsWith("SEALDEX_KERNELS")) {
                    childEnv.remove(variable);
                }
            }
            childEnv.putAll(env);
            process = builder.start();
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Kills the running generation with SIGKILL and waits until it is gone. */
    public void kill() {
        if (process == null) {
            return;
        }
        process.toHandle().destroyForcibly();
        await(process, 30);
        process = null;
    }

    /** Stops the running generation with SIGTERM (a clean shutdown) and waits for it; SIGKILL after 60 s. */
    public void stop() {
        if (process == null) {
            return;
        }
        process.toHandle().destroy();
        if (!await(process, 60)) {
            process.toHandle().destroyForcibly();
            await(process, 30);
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
    }

    /** Everything every generation printed so far (stdout and stderr). */
    public String output() {
        StringBuilder out = new StringBuilder();
        for (Path log : logs) {
            out.append(read(log));
        }
        return out.toString();
    }

    /** What the running (or last) generation printed so far. */
    public String lastOutput() {
        return logs.isEmpty() ? "" : read(logs.getLast());
    }

    /**
     * Bytes of live objects on the server's heap, measured with {@code jcmd GC.class_histogram},
     * which runs a full collection first: a number that does not depend on when the collector last
     * ran.
     */
    public long liveHeapBytes() {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path jcmd = Path.of(java).resolveSibling("jcmd");
        try {
            Process run = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), "GC.class_histogram")
                    .redirectErrorStream(true).start();
            String text = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!run.waitFor(60, TimeUnit.SECONDS) || run.exitValue() != 0) {
                throw new AssertionError("jcmd failed: " + text);
            }
            Matcher total = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$").matcher(text);
            if (!total.find()) {
                throw new AssertionError("no total in the class histogram: " + text.substring(0, Math.min(500,
                        text.length())));
            }
            return Long.parseLong(total.group(1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private boolean healthy() {
        try {
            HttpResponse<String> response = PROBE.send(HttpRequest.newBuilder(base().resolve("/v1/health"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int parsePort(Path log) {
        Matcher matcher = LISTENING.matcher(read(log));
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    private static boolean await(Process process, int seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(Path log) {
        String text = read(log);
        return text.length() > 6000 ? "..." + text.substring(text.length() - 6000) : text;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
