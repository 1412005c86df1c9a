package dev.sealdex.api.testing;

import dev.sealdex.api.ApiContext;
import dev.sealdex.api.SealdexVersion;
import dev.sealdex.api.auth.AuthPolicy;
import dev.sealdex.api.http.Limits;
import dev.sealdex.api.metrics.ApiMetrics;
import dev.sealdex.engine.db.Database;
import dev.sealdex.engine.db.DatabaseSettings;
import dev.sealdex.engine.kernel.KernelSelection;
import dev.sealdex.engine.kernel.KernelSelector;
import dev.sealdex.engine.kernel.KernelSettings;
import dev.sealdex.engine.kernel.Kernels;
import dev.sealdex.engine.keys.KeyProviders;
import dev.sealdex.engine.model.EngineResources;
import dev.sealdex.engine.store.MemoryStore;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds API contexts for tests: the memory store, the kernels this JVM can run, two workers. */
public final class TestApi {

    /** The root key of RBAC-mode test servers. */
    public static final String ROOT_KEY = "test-root-key-0123456789abcdef";
    /** The service key of single-key-mode test servers. */
    public static final String SERVICE_KEY = "test-service-key-0123456789abcdef";

    /**
     * The kernels: chosen as the server chooses them, so {@code SEALDEX_KERNELS_REQUIRE=panama}
     * (set by {@code ./sealdex test}) turns a silent scalar fallback red here too.
     */
    public static final KernelSelection KERNELS = new KernelSelector().select(KernelSettings.fromEnvironment(System.getenv()));

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService WORKERS = Executors.newFixedThreadPool(2, runnable -> Thread.ofPlatform()
            .name("test-worker-" + THREADS.incrementAndGet()).daemon().unstarted(runnable));

    private TestApi() {
    }

    /** A context with {@code auth}, default limits and a fresh memory database. */
    public static ApiContext context(AuthPolicy auth) {
        return context(auth, Limits.defaults());
    }

    /** A context with {@code auth}, {@code limits} and a fresh memory database. */
    public static ApiContext context(AuthPolicy auth, Limits limits) {
        return context(auth, limits, DatabaseSettings.defaults());
    }

    /** A context with {@code auth}, {@code limits} and a fresh memory database with {@code settings}. */
    public static ApiContext context(AuthPolicy auth, Limits limits, DatabaseSettings settings) {
        return context(auth, limits, settings, KeyProviders.none());
    }

    /** A context with a fresh memory database using the key {@code providers} for KMS-backed indexes. */
    public static ApiContext context(AuthPolicy auth, Limits limits, DatabaseSettings settings, KeyProviders providers) {
        Database database = Database.open(new MemoryStore(), new EngineResources(new Kernels(KERNELS.kernels()), WORKERS, 2),
                settings, providers);
        return new ApiContext(SealdexVersion.get(), KERNELS, "memory", database,
                // Routing tests without a socket send Host: helidon-unit, which open mode must be told to answer.
                auth.withTokenCheck(database::isUserToken).withAllowedHosts(java.util.Set.of("helidon-unit")), limits,
                new ApiMetrics());
    }

    /** A reproducible 32-byte index key as 64 hex characters. */
    public static String key(int seed) {
        byte[] key = new byte[32];
        new SplittableRandom(seed).nextBytes(key);
        return HexFormat.of().formatHex(key);
    }
}
