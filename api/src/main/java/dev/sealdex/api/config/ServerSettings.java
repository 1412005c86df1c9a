package dev.sealdex.api.config;

import dev.sealdex.api.auth.ApiKeyFile;
import dev.sealdex.api.auth.AuthMode;
import dev.sealdex.api.http.Limits;
import dev.sealdex.engine.db.DatabaseSettings;
import dev.sealdex.engine.db.KeyProviderSet;
import dev.sealdex.engine.kernel.GpuOperations;
import dev.sealdex.engine.kernel.KernelSettings;
import dev.sealdex.engine.model.TrainingParams;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting of the server, typed and checked once at start-up from a {@link ConfigSource}
 * (environment over {@code cyborgdb.yaml}), with the CyborgDB variable names. Invalid values stop
 * start-up with one sentence naming the variable ({@link ConfigException}).
 *
 * @param host              {@code HOST}: the address to bind (default all interfaces, as CyborgDB)
 * @param port              {@code PORT}: default 8000; 0 picks a free port
 * @param storage           {@code CYBORGDB_DB_TYPE}, {@code CYBORGDB_DISK_PATH}
 * @param auth              {@code CYBORGDB_SERVICE_ROOT_KEY}, {@code REQUIRE_API_KEY}, {@code CYBORGDB_API_KEY}
 * @param tls               {@code SSL_CERT_PATH} and {@code SSL_KEY_PATH}, both or neither
 * @param cpuThreads        {@code CPU_THREADS}: worker threads for scans and training, 0 = every core
 * @param gpuOperations     {@code GPU_OPERATIONS}
 * @param kernels           {@code SEALDEX_KERNELS}, {@code SEALDEX_KERNELS_REQUIRE}, {@code GPU_OPERATIONS}
 * @param database          {@code RETRAIN_THRESHOLD}, {@code AUTO_TRAIN_DISABLED}, {@code AUTO_TRAIN_MIN_VECTORS}
 * @param kekCacheTtlSeconds {@code INDEX_KEK_CACHE_TTL_SECONDS} (default 60)
 * @param limits            {@code SEALDEX_MAX_BODY_BYTES} and the fixed limits
 * @param logLevel          {@code CYBORGDB_SERVICE_LOG_LEVEL}: DEBUG, INFO, WARNING or ERROR
 * @param kmsRegistry       the {@code kms.registry} slots of {@code cyborgdb.yaml}
 * @param keyProviders      the key providers those slots describe
 * @param configFile        the YAML file read, if any
 */
public record ServerSettings(String host, int port, StorageSettings storage, AuthSettings auth,
                             Optional<TlsSettings> tls, int cpuThreads, GpuOperations gpuOperations,
                             KernelSettings kernels, DatabaseSettings database, int kekCacheTtlSeconds,
                             Limits limits, Level logLevel, Map<String, KmsSlot> kmsRegistry,
                             KeyProviderSet keyProviders, Optional<Path> configFile) {

    /** Every variable the server reads, for the README and for warnings about unknown YAML keys. */
    public static final List<String> VARIABLES = List.of("PORT", "HOST", "CYBORGDB_CONFIG_FILE",
            "CYBORGDB_SERVICE_LOG_LEVEL", "CYBORGDB_API_KEY", "REQUIRE_API_KEY", "CYBORGDB_SERVICE_ROOT_KEY",
            "CYBORGDB_ROOT_API_KEY", "INDEX_KEK_CACHE_TTL_SECONDS", "SSL_CERT_PATH", "SSL_KEY_PATH",
            "CYBORGDB_DB_TYPE", "CYBORGDB_DISK_PATH", "CPU_THREADS", "GPU_OPERATIONS", "RETRAIN_THRESHOLD",
            "AUTO_TRAIN_MIN_VECTORS", "AUTO_TRAIN_DISABLED", "SEALDEX_KERNELS", "SEALDEX_KERNELS_REQUIRE",
            "SEALDEX_MAX_BODY_BYTES", "CACHE_POLICY_VECTORS", "CACHE_POLICY_METADATA", "CACHE_POLICY_IDS",
            "SEALDEX_ALLOW_CLEARTEXT", "SEALDEX_TRAINING_STATUS_OPEN",
            "SEALDEX_ALLOWED_HOSTS");

    /** Checks the parts. */
    public ServerSettings {
        if (port < 0 || port > 65_535) {
            throw new ConfigException("PORT must be between 0 and 65535, got " + port + ".");
        }
        kmsRegistry = Map.copyOf(kmsRegistry);
    }

    /** Reads the settings from the process environment and the YAML file found from {@code workingDirectory}. */
    public static ServerSettings load(Map<String, String> env, Path workingDirectory, Path home) {
        return from(ConfigSource.load(env, workingDirectory), home);
    }

    /** Reads the settings from {@code env} alone (no YAML), resolving {@code ~} against {@code home}. */
    public static ServerSettings fromEnvironment(Map<String, String> env, Path home) {
        return from(ConfigSource.of(env), home);
    }

    /** Builds the settings from {@code source}. */
    public static ServerSettings from(ConfigSource source, Path home) {
        int port = integer(source, "PORT", 8000, 0, 65_535);
        StorageSettings storage = storage(source, home);
        AuthSettings auth = auth(source, storage);
        Optional<TlsSettings> tls = tls(source, home);
        String host = host(source, tls.isPresent());
        int cpuThreads = integer(source, "CPU_THREADS", 0, 0, 4096);
        GpuOperations gpu = wrap("GPU_OPERATIONS", () -> GpuOperations.parse(source.get("GPU_OPERATIONS").orElse(null)));
        KernelSettings kernels = wrap("SEALDEX_KERNELS", () -> KernelSettings.fromEnvironment(source.asMap()));
        int retrain = integer(source, "RETRAIN_THRESHOLD", 10_000, Integer.MIN_VALUE, Integer.MAX_VALUE);
        boolean autoTrainDisabled = bool(source, "AUTO_TRAIN_DISABLED", false);
        int minVectors = integer(source, "AUTO_TRAIN_MIN_VECTORS", TrainingParams.MIN_VECTORS, TrainingParams.MIN_VECTORS,
                Integer.MAX_VALUE);
        DatabaseSettings database = new DatabaseSettings(retrain, autoTrainDisabled, minVectors);
        int kekTtl = integer(source, "INDEX_KEK_CACHE_TTL_SECONDS", 60, 0, 86_400);
        long maxBody = longInteger(source, "SEALDEX_MAX_BODY_BYTES", Limits.DEFAULT_MAX_BODY_BYTES,
                Limits.MIN_MAX_BODY_BYTES, 1L << 31);
        for (String flag : List.of("CACHE_POLICY_VECTORS", "CACHE_POLICY_METADATA", "CACHE_POLICY_IDS")) {
            bool(source, flag, false);
        }
        Level logLevel = logLevel(source);
        KeyProviderSet providers = keyProviders(source);
        return new ServerSettings(host, port, storage, auth, tls, cpuThreads, gpu, kernels, database, kekTtl,
                new Limits(maxBody), logLevel, source.kmsRegistry(), providers, source.file());
    }

    /** The worker threads to start: {@link #cpuThreads()}, or every core when it is 0. */
    public int workerThreads() {
        return cpuThreads == 0 ? Runtime.getRuntime().availableProcessors() : cpuThreads;
    }

    /**
     * The address to bind. Index keys and API keys travel in every request, so without TLS the
     * default is the loopback address, and binding any other address needs
     * {@code SEALDEX_ALLOW_CLEARTEXT=true} (the server then warns at every start). With TLS the
     * default is every address, as CyborgDB's.
     */
    private static String host(ConfigSource source, boolean tls) {
        Optional<String> configured = source.get("HOST");
        String host = configured.orElse(tls ? "0.0.0.0" : "127.0.0.1");
        boolean cleartextAllowed = bool(source, "SEALDEX_ALLOW_CLEARTEXT", false);
        if (!tls && !isLoopback(host) && !cleartextAllowed) {
            throw new ConfigException("HOST is '" + host + "', but without TLS index keys and API keys would cross the"
                    + " network in cleartext; configure TLS (SSL_CERT_PATH and SSL_KEY_PATH), bind a loopback address,"
                    + " or set SEALDEX_ALLOW_CLEARTEXT=true to accept it.");
        }
        return host;
    }

    /** Whether {@code host} names only this machine (127.0.0.0/8, ::1 or a name that resolves there). */
    public static boolean isLoopback(String host) {
        try {
            for (java.net.InetAddress address : java.net.InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static StorageSettings storage(ConfigSource source, Path home) {
        String type = source.get("CYBORGDB_DB_TYPE").orElse("disk").toLowerCase(Locale.ROOT);
        if (!type.equals("disk") && !type.equals("memory")) {
            throw new ConfigException("CYBORGDB_DB_TYPE is '" + type + "', but Sealdex stores data only on 'disk'"
                    + " (the default) or in 'memory'.");
        }
        return new StorageSettings(type, path(source.get("CYBORGDB_DISK_PATH").orElse("~/.cyborgdb/data"), home));
    }

    private static AuthSettings auth(ConfigSource source, StorageSettings storage) {
        Optional<String> root = source.get("CYBORGDB_SERVICE_ROOT_KEY").or(() -> source.get("CYBORGDB_ROOT_API_KEY"));
        Optional<String> older = source.get("CYBORGDB_ROOT_API_KEY");
        if (source.get("CYBORGDB_SERVICE_ROOT_KEY").isPresent() && older.isPresent()
                && !older.get().equals(root.get())) {
            throw new ConfigException("CYBORGDB_SERVICE_ROOT_KEY and CYBORGDB_ROOT_API_KEY are both set and differ;"
                    + " set only one.");
        }
        Path keyFile = storage.dataPath().resolve(ApiKeyFile.FILE_NAME);
        boolean trainingStatusOpen = bool(source, "SEALDEX_TRAINING_STATUS_OPEN", false);
        java.util.Set<String> allowedHosts = new java.util.TreeSet<>();
        for (String name : source.get("SEALDEX_ALLOWED_HOSTS").orElse("").split(",")) {
            if (!name.isBlank()) {
                allowedHosts.add(name.trim().toLowerCase(Locale.ROOT));
            }
        }
        if (root.isPresent()) {
            return new AuthSettings(AuthMode.RBAC, root, keyFile, trainingStatusOpen, allowedHosts);
        }
        if (!bool(source, "REQUIRE_API_KEY", true)) {
            return new AuthSettings(AuthMode.OPEN, Optional.empty(), keyFile, trainingStatusOpen, allowedHosts);
        }
        return new AuthSettings(AuthMode.SINGLE_KEY, source.get("CYBORGDB_API_KEY"), keyFile, trainingStatusOpen, allowedHosts);
    }

    private static Optional<TlsSettings> tls(ConfigSource source, Path home) {
        Optional<String> cert = source.get("SSL_CERT_PATH");
        Optional<String> key = source.get("SSL_KEY_PATH");
        if (cert.isEmpty() && key.isEmpty()) {
            return Optional.empty();
        }
        if (cert.isEmpty() || key.isEmpty()) {
            throw new ConfigException((cert.isEmpty() ? "SSL_KEY_PATH" : "SSL_CERT_PATH") + " is set but "
                    + (cert.isEmpty() ? "SSL_CERT_PATH" : "SSL_KEY_PATH") + " is not; HTTPS needs both PEM files.");
        }
        return Optional.of(new TlsSettings(path(cert.get(), home), path(key.get(), home)));
    }

    private static KeyProviderSet keyProviders(ConfigSource source) {
        Map<String, Map<String, String>> registry = new LinkedHashMap<>();
        source.kmsRegistry().forEach((name, slot) -> {
            Map<String, String> settings = new LinkedHashMap<>(slot.properties());
            settings.put("provider", slot.provider());
            registry.put(name, settings);
        });
        try {
            return KeyProviderSet.fromConfig(registry, source.asMap());
        } catch (IllegalArgumentException e) {
            String where = source.file().map(file -> file + ": ").orElse("");
            throw new ConfigException(where + e.getMessage(), e);
        }
    }

    private static Level logLevel(ConfigSource source) {
        String value = source.get("CYBORGDB_SERVICE_LOG_LEVEL").orElse("INFO").toUpperCase(Locale.ROOT);
        return switch (value) {
            case "DEBUG" -> Level.DEBUG;
            case "INFO" -> Level.INFO;
            case "WARNING", "WARN" -> Level.WARNING;
            case "ERROR", "CRITICAL" -> Level.ERROR;
            default -> throw new ConfigException("CYBORGDB_SERVICE_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, got '"
                    + value + "'.");
        };
    }

    private static Path path(String value, Path home) {
        Path path;
        if (value.equals("~")) {
            path = home;
        } else if (value.startsWith("~/")) {
            path = home.resolve(value.substring(2));
        } else {
            path = Path.of(value);
        }
        return path.toAbsolutePath().normalize();
    }

    private static int integer(ConfigSource source, String name, int fallback, int min, int max) {
        return (int) longInteger(source, name, fallback, min, max);
    }

    private static long longInteger(ConfigSource source, String name, long fallback, long min, long max) {
        Optional<String> value = source.get(name);
        if (value.isEmpty()) {
            return fallback;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.get());
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a whole number, got '" + value.get() + "'.", e);
        }
        if (parsed < min || parsed > max) {
            throw new ConfigException(name + " must be between " + min + " and " + max + ", got " + parsed + ".");
        }
        return parsed;
    }

    private static boolean bool(ConfigSource source, String name, boolean fallback) {
        Optional<String> value = source.get(name);
        if (value.isEmpty()) {
            return fallback;
        }
        return switch (value.get().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new ConfigException(name + " must be true or false, got '" + value.get() + "'.");
        };
    }

    private static <T> T wrap(String variable, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage() == null ? variable + " is invalid" : e.getMessage();
            throw new ConfigException(message.endsWith(".") ? message : message + ".", e);
        }
    }
}
