package dev.sealdex.api;

import dev.sealdex.api.auth.ApiKeyFile;
import dev.sealdex.api.auth.AuthMode;
import dev.sealdex.api.auth.AuthPolicy;
import dev.sealdex.api.config.ConfigException;
import dev.sealdex.api.config.ServerSettings;
import dev.sealdex.api.config.StorageSettings;
import dev.sealdex.api.metrics.ApiMetrics;
import dev.sealdex.api.routes.ApiRoutes;
import dev.sealdex.api.tls.PemTls;
import dev.sealdex.engine.db.Database;
import dev.sealdex.engine.db.Storage;
import dev.sealdex.engine.db.StorageCorruptionException;
import dev.sealdex.engine.db.StorageUnavailableException;
import dev.sealdex.engine.kernel.KernelSelection;
import dev.sealdex.engine.kernel.KernelSelector;
import dev.sealdex.engine.kernel.KernelWarmup;
import dev.sealdex.engine.kernel.Kernels;
import dev.sealdex.engine.model.EngineResources;
import io.helidon.common.tls.Tls;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import java.io.PrintStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running Sealdex: kernels, worker pool, store, database and the HTTP(S) listener, started in
 * that order from {@link ServerSettings} and closed in reverse. Prints the start-up banner, which
 * shows a generated API key exactly once (on the start that created it).
 */
public final class SealdexServer implements AutoCloseable {

    private static final Logger LOG = System.getLogger(SealdexServer.class.getName());

    private final ExecutorService workers;
    private final Storage store;
    private final Database database;
    private final WebServer webServer;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SealdexServer(ExecutorService workers, Storage store, Database database, WebServer webServer) {
        this.workers = workers;
        this.store = store;
        this.database = database;
        this.webServer = webServer;
    }

    /**
     * Starts a server with {@code settings}, printing the banner to {@code banner}.
     *
     * @throws dev.sealdex.api.config.ConfigException             for unusable TLS files or key files
     * @throws dev.sealdex.engine.kernel.KernelSelectionException when a required kernel backend is missing
     */
    public static SealdexServer start(ServerSettings settings, PrintStream banner) {
        Logging.apply(settings.logLevel());
        // Before a key is generated or the data folder locked: a taken port is one sentence, not a
        // banner for a server that never listens.
        checkPortFree(settings.host(), settings.port());
        Optional<Tls> tls = settings.tls().map(PemTls::load);
        KernelSelection kernels = new KernelSelector().select(settings.kernels());
        Optional<ApiKeyFile.Loaded> generated = Optional.empty();
        AuthPolicy auth = switch (settings.auth().mode()) {
            case OPEN -> AuthPolicy.open();
            case RBAC -> AuthPolicy.rbac(settings.auth().key().orElseThrow());
            case SINGLE_KEY -> {
                if (settings.auth().generatesKey()) {
                    generated = Optional.of(ApiKeyFile.loadOrCreate(settings.auth().keyFile()));
                    yield AuthPolicy.singleKey(generated.get().key());
                }
                yield AuthPolicy.singleKey(settings.auth().key().orElseThrow());
            }
        };
        int threads = settings.workerThreads();
        AtomicInteger counter = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(threads, runnable -> Thread.ofPlatform()
                .name("sealdex-worker-" + counter.incrementAndGet()).daemon().unstarted(runnable));
        Storage store;
        try {
            store = openStorage(settings.storage());
        } catch (RuntimeException e) {
            workers.shutdownNow();
            throw e;
        }
        // After the store opened: a damaged or locked data folder is refused in a moment, not after the warm-up.
        long warmStart = System.nanoTime();
        KernelWarmup.warm(kernels.kernels());
        LOG.log(Level.INFO, "Kernels {0} warmed up in {1} ms", kernels.kernels().name(),
                (System.nanoTime() - warmStart) / 1_000_000);
        Database database = Database.open(store, new EngineResources(
                new Kernels(kernels.kernels(), settings.kernels().gpuOperations()), workers, threads),
                settings.database(), settings.keyProviders());
        java.util.Set<String> allowedHosts = new java.util.HashSet<>(settings.auth().allowedHosts());
        allowedHosts.add(settings.host());
        auth = auth.withTokenCheck(database::isUserToken).withTrainingStatusOpen(settings.auth().trainingStatusOpen())
                .withAllowedHosts(allowedHosts);
        settings.keyProviders().problems().forEach((name, problem) -> LOG.log(Level.WARNING,
                "Key provider {0} cannot load its key now ({1}); indexes that use it will answer 502 until it can",
                name, problem));
        ApiContext context = new ApiContext(SealdexVersion.get(), kernels, store.kind(), database, auth,
                settings.limits(), new ApiMetrics());
        WebServerConfig.Builder builder = WebServer.builder().host(settings.host()).port(settings.port());
        tls.ifPresent(builder::tls);
        ApiRoutes.configure(builder, context);
        WebServer webServer;
        try {
            webServer = builder.build().start();
            if (!webServer.isRunning() || webServer.port() < 0) {
                // Helidon logs a failed bind and returns a stopped server (taken between the check and now).
                webServer.stop();
                throw new IllegalStateException("the listener did not start");
            }
        } catch (RuntimeException e) {
            database.close();
            store.close();
            workers.shutdownNow();
            throw new IllegalStateException("Cannot listen on " + settings.host() + ":" + settings.port() + ": "
                    + e.getMessage(), e);
        }
        Banner.print(banner, settings, context, webServer.port(), tls.isPresent(), generated);
        if (tls.isEmpty() && !ServerSettings.isLoopback(settings.host())) {
            LOG.log(Level.WARNING, "Serving {0} without TLS (SEALDEX_ALLOW_CLEARTEXT=true): index keys and API keys"
                    + " cross the network in cleartext; configure SSL_CERT_PATH and SSL_KEY_PATH", settings.host());
        }
        if (settings.auth().mode() == AuthMode.OPEN) {
            LOG.log(Level.WARNING, "REQUIRE_API_KEY=false: authentication is off, anyone who can reach port {0}"
                    + " can use every index whose key they know", String.valueOf(webServer.port()));
        }
        return new SealdexServer(workers, store, database, webServer);
    }

    /**
     * The store {@code CYBORGDB_DB_TYPE} names, with a store that cannot open or that lost records
     * to damage turned into one sentence; the caller closes it.
     *
     * @throws ConfigException when the data folder is locked by another process, unreadable, or
     *                         damaged so that records were lost (naming the file and the offset)
     */
    private static Storage openStorage(StorageSettings settings) {
        try {
            return Storage.open(settings.type(), Map.of(Storage.DATA_FOLDER, settings.dataPath().toString()));
        } catch (StorageUnavailableException e) {
            throw new ConfigException("The data folder " + settings.dataPath() + " (CYBORGDB_DISK_PATH) cannot be opened: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (StorageCorruptionException e) {
            throw new ConfigException("The data folder " + settings.dataPath() + " (CYBORGDB_DISK_PATH) is"
                    + " damaged: " + e.getMessage() + ". Serving without the records there could answer"
                    + " deleted or overwritten data as current, so Sealdex does not start; restore the folder"
                    + " from a backup.", e.getCause());
        }
    }

    /** The port the listener is bound to. */
    public int port() {
        return webServer.port();
    }

    /** Stops the listener, then the engine and store; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        webServer.stop();
        database.close();
        store.close();
        workers.shutdownNow();
    }

    /**
     * Fails with a {@link ConfigException} naming the port when {@code host:port} cannot be bound
     * now (port 0, "any free port", always can).
     */
    static void checkPortFree(String host, int port) {
        if (port == 0) {
            return;
        }
        try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress(host, port));
        } catch (java.io.IOException e) {
            throw new dev.sealdex.api.config.ConfigException("port " + port + " on " + host + " is in use (or not"
                    + " available to this user); set PORT to a free port");
        }
    }
}
