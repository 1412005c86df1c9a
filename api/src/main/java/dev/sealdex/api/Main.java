package dev.sealdex.api;

import dev.sealdex.api.config.ConfigException;
import dev.sealdex.api.config.ServerSettings;
import dev.sealdex.api.http.Limits;
import dev.sealdex.api.http.RequestLog;
import dev.sealdex.api.http.RouteSpec;
import dev.sealdex.api.routes.ApiService;
import dev.sealdex.api.routes.DocsService;
import dev.sealdex.api.routes.ErrorMapper;
import dev.sealdex.api.routes.Fallback;
import dev.sealdex.api.routes.HealthService;
import dev.sealdex.api.routes.IndexesService;
import dev.sealdex.api.routes.ObserveService;
import dev.sealdex.api.routes.OpenApiService;
import dev.sealdex.api.routes.UsersService;
import dev.sealdex.api.routes.VectorsService;
import dev.sealdex.engine.kernel.KernelSelectionException;
import io.helidon.logging.common.LogConfig;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
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

    /** Runs the command line. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }

    /** The services, in registration order. */
    static List<ApiService> services(ApiContext context) {
        return List.of(new HealthService(context), new IndexesService(context), new VectorsService(context),
                new UsersService(context), new ObserveService(context), new OpenApiService(context),
                new DocsService(context));
    }

    /** Every route served, as the OpenAPI document must describe them. */
    public static List<RouteSpec> routes(ApiContext context) {
        return services(context).stream().flatMap(service -> service.endpoints().stream())
                .map(endpoint -> endpoint.spec()).toList();
    }

    /**
     * Registers every route on {@code routing}. Tests call this too, so routes are tested with
     * and without a socket exactly as they are served.
     */
    public static void routing(HttpRouting.Builder routing, ApiContext context) {
        List<ApiService> services = services(context);
        routing.addFilter(new RequestLog(context.metrics()));
        ErrorMapper.register(routing, context.metrics());
        services.forEach(routing::register);
        routing.any(new Fallback(services.stream().flatMap(s -> s.endpoints().stream()).map(e -> e.spec()).toList()));
    }

    /**
     * Applies the listener settings every server needs (the body limit, JSON bodies for errors
     * Helidon answers itself); tests with a socket call this too.
     */
    public static void configure(WebServerConfig.Builder server, ApiContext context) {
        // Bodies over the limit are refused by Json.readBody (413, then a bounded discard so the
        // client sees it); Helidon refuses outright only what is beyond the discard allowance too.
        server.maxPayloadSize(context.limits().maxBodyBytes() + Limits.DISCARD_BYTES)
                .directHandlers(ErrorMapper.directHandlers())
                .routing(routing -> routing(routing, context));
    }

    @Command(name = "serve", description = "Start the server (PORT, default 8000).")
    static final class Serve implements Callable<Integer> {
        @Override
        public Integer call() throws InterruptedException {
            LogConfig.configureRuntime();
            ServerSettings settings;
            try {
                settings = ServerSettings.load(System.getenv(), Path.of("").toAbsolutePath(),
                        Path.of(System.getProperty("user.home")));
            } catch (ConfigException e) {
                System.err.println("sealdex: " + e.getMessage());
                return 2;
            }
            SealdexServer server;
            try {
                server = SealdexServer.start(settings, System.out);
            } catch (ConfigException | KernelSelectionException | IllegalStateException e) {
                System.err.println("sealdex: " + e.getMessage());
                return 2;
            }
            // Serve until the JVM is asked to stop; Helidon's own shutdown hook stops the listener.
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "sealdex-shutdown"));
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
            PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.US_ASCII);
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
