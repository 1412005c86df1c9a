package dev.sealdex.api;

import dev.sealdex.api.routes.ErrorMapper;
import dev.sealdex.api.routes.HealthService;
import dev.sealdex.engine.kernel.KernelSelection;
import dev.sealdex.engine.kernel.KernelSelectionException;
import dev.sealdex.engine.kernel.KernelSelector;
import dev.sealdex.engine.kernel.KernelSettings;
import dev.sealdex.engine.kernel.KernelWarmup;
import io.helidon.logging.common.LogConfig;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.io.PrintWriter;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code sealdex} command line: {@code serve} starts the server, {@code keygen} prints a new
 * index key. The shell launcher {@code ./sealdex} finds a JDK 25, builds, and calls this.
 */
@Command(name = "sealdex", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Encrypted vector search that speaks the CyborgDB v1 REST API.",
        subcommands = {Main.Serve.class, Main.Keygen.class})
public final class Main implements Callable<Integer> {

    private static final Logger LOG = System.getLogger(Main.class.getName());

    /** Runs the command line. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }

    /**
     * Registers every route on {@code routing}. Tests call this too, so routes are tested with
     * and without a socket exactly as they are served.
     */
    public static void routing(HttpRouting.Builder routing, ApiContext context) {
        ErrorMapper.register(routing);
        routing.register("/v1/health", new HealthService(context));
    }

    /** Starts the server on {@code settings.port()} and returns it. */
    public static WebServer start(ServerSettings settings, ApiContext context) {
        return WebServer.builder()
                .host(settings.host())
                .port(settings.port())
                .routing(routing -> routing(routing, context))
                .build()
                .start();
    }

    @Command(name = "serve", description = "Start the server (PORT, default 8000).")
    static final class Serve implements Callable<Integer> {
        @Override
        public Integer call() throws InterruptedException {
            LogConfig.configureRuntime();
            ServerSettings settings;
            KernelSelection kernels;
            try {
                settings = ServerSettings.fromEnvironment(System.getenv());
                kernels = new KernelSelector().select(KernelSettings.fromEnvironment(System.getenv()));
            } catch (IllegalArgumentException | KernelSelectionException e) {
                System.err.println("sealdex: " + e.getMessage());
                return 2;
            }
            long warmStart = System.nanoTime();
            KernelWarmup.warm(kernels.kernels());
            LOG.log(Level.INFO, "Kernels {0} warmed up in {1} ms", kernels.kernels().name(),
                    (System.nanoTime() - warmStart) / 1_000_000);
            ApiContext context = new ApiContext(SealdexVersion.get(), kernels, settings.storageType());
            WebServer server = start(settings, context);
            LOG.log(Level.INFO, "Sealdex {0} listening on http://{1}:{2} (kernels: {3}, storage: {4})",
                    context.version(), settings.host(), String.valueOf(server.port()), kernels.kernels().name(),
                    settings.storageType());
            // Serve until the JVM is asked to stop; Helidon's own shutdown hook stops the server.
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "sealdex-shutdown"));
            stopped.await();
            return 0;
        }
    }

    @Command(name = "keygen", description = "Print a new random 32-byte index key as 64 hex characters.")
    static final class Keygen implements Callable<Integer> {
        @Override
        public Integer call() {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            PrintWriter out = new PrintWriter(System.out, true, java.nio.charset.StandardCharsets.US_ASCII);
            out.println(HexFormat.of().formatHex(key));
            java.util.Arrays.fill(key, (byte) 0);
            return 0;
        }
    }

    /** Reports the build's version for {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"sealdex " + SealdexVersion.get()};
        }
    }
}
