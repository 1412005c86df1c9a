package dev.sealdex.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealdex.api.auth.AuthMode;
import dev.sealdex.api.http.Limits;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerSettingsTest {

    private static final Path HOME = Path.of("/home/someone");

    private static ServerSettings env(String... pairs) {
        Map<String, String> env = new java.util.HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return ServerSettings.fromEnvironment(env, HOME);
    }

    private static String error(String... pairs) {
        return assertThrows(ConfigException.class, () -> env(pairs)).getMessage();
    }

    @Test
    void defaultsMatchCyborgDb() {
        ServerSettings settings = env();
        assertEquals(8000, settings.port());
        assertEquals("127.0.0.1", settings.host(), "without TLS the server binds loopback only");
        assertEquals("disk", settings.storage().type());
        assertEquals(HOME.resolve(".cyborgdb/data"), settings.storage().dataPath());
        assertEquals(AuthMode.SINGLE_KEY, settings.auth().mode());
        assertTrue(settings.auth().generatesKey(), "a key is required and none is set: one is generated");
        assertEquals(HOME.resolve(".cyborgdb/data/api-key"), settings.auth().keyFile());
        assertTrue(settings.tls().isEmpty());
        assertEquals(0, settings.cpuThreads());
        assertEquals(Runtime.getRuntime().availableProcessors(), settings.workerThreads());
        assertFalse(settings.gpuOperations().any());
        assertEquals(10_000, settings.database().retrainThreshold());
        assertFalse(settings.database().autoTrainDisabled());
        assertEquals(60, settings.kekCacheTtlSeconds());
        assertEquals(Limits.DEFAULT_MAX_BODY_BYTES, settings.limits().maxBodyBytes());
        assertEquals(Level.INFO, settings.logLevel());
        assertTrue(settings.kmsRegistry().isEmpty());
    }

    @Test
    void everyVariableIsRead() {
        ServerSettings settings = env("PORT", "9000", "HOST", "127.0.0.1", "CYBORGDB_DB_TYPE", "MEMORY",
                "CYBORGDB_DISK_PATH", "~/sdx", "CPU_THREADS", "3", "GPU_OPERATIONS", "upsert,train",
                "RETRAIN_THRESHOLD", "-1", "AUTO_TRAIN_DISABLED", "true", "AUTO_TRAIN_MIN_VECTORS", "20000",
                "INDEX_KEK_CACHE_TTL_SECONDS", "5", "SEALDEX_MAX_BODY_BYTES", "2048", "CYBORGDB_SERVICE_LOG_LEVEL",
                "debug", "CACHE_POLICY_VECTORS", "true", "SEALDEX_KERNELS", "scalar");
        assertEquals(9000, settings.port());
        assertEquals("127.0.0.1", settings.host());
        assertEquals("memory", settings.storage().type());
        assertEquals(HOME.resolve("sdx"), settings.storage().dataPath());
        assertEquals(3, settings.workerThreads());
        assertTrue(settings.gpuOperations().upsert() && settings.gpuOperations().train());
        assertFalse(settings.database().autoTrain());
        assertEquals(20_000, settings.database().minTrainingVectors());
        assertEquals(5, settings.kekCacheTtlSeconds());
        assertEquals(2048, settings.limits().maxBodyBytes());
        assertEquals(Level.DEBUG, settings.logLevel());
        assertEquals("scalar", settings.kernels().mode());
    }

    @Test
    void authModes() {
        ServerSettings rbac = env("CYBORGDB_SERVICE_ROOT_KEY", "root", "CYBORGDB_API_KEY", "licence");
        assertEquals(AuthMode.RBAC, rbac.auth().mode());
        assertEquals("root", rbac.auth().key().orElseThrow());
        assertEquals(AuthMode.RBAC, env("CYBORGDB_ROOT_API_KEY", "older-name").auth().mode());
        ServerSettings single = env("CYBORGDB_API_KEY", "service");
        assertEquals(AuthMode.SINGLE_KEY, single.auth().mode());
        assertEquals("service", single.auth().key().orElseThrow());
        assertFalse(single.auth().generatesKey());
        assertEquals(AuthMode.OPEN, env("REQUIRE_API_KEY", "false", "CYBORGDB_API_KEY", "x").auth().mode());
        assertEquals(AuthMode.SINGLE_KEY, env("REQUIRE_API_KEY", "").auth().mode(), "empty counts as unset");
        assertTrue(error("CYBORGDB_SERVICE_ROOT_KEY", "a", "CYBORGDB_ROOT_API_KEY", "b").contains("both set"));
        assertFalse(env("CYBORGDB_API_KEY", "service").toString().contains("service\""), "keys are not printed");
        assertFalse(single.auth().toString().contains("service,"));
    }

    @Test
    void invalidValuesNameTheVariableInOneSentence() {
        for (String[] pair : new String[][] {{"PORT", "eighty"}, {"PORT", "70000"}, {"CYBORGDB_DB_TYPE", "s3"},
                {"CPU_THREADS", "-1"}, {"GPU_OPERATIONS", "sometimes"}, {"RETRAIN_THRESHOLD", "1.5"},
                {"AUTO_TRAIN_DISABLED", "maybe"}, {"REQUIRE_API_KEY", "yesplease"}, {"INDEX_KEK_CACHE_TTL_SECONDS", "-5"},
                {"SEALDEX_MAX_BODY_BYTES", "10"}, {"CYBORGDB_SERVICE_LOG_LEVEL", "LOUD"}, {"SEALDEX_KERNELS", "tpu"},
                {"AUTO_TRAIN_MIN_VECTORS", "5"}, {"CACHE_POLICY_IDS", "2"}}) {
            String message = error(pair);
            assertTrue(message.startsWith(pair[0]), pair[0] + ": " + message);
            assertTrue(message.endsWith("."), message);
            assertFalse(message.contains("\n"), message);
        }
    }

    @Test
    void tlsNeedsBothFiles() {
        ServerSettings settings = env("SSL_CERT_PATH", "/certs/chain.pem", "SSL_KEY_PATH", "~/key.pem");
        assertEquals(Path.of("/certs/chain.pem"), settings.tls().orElseThrow().certificatePath());
        assertEquals(HOME.resolve("key.pem"), settings.tls().orElseThrow().keyPath());
        assertTrue(error("SSL_CERT_PATH", "/x.pem").contains("SSL_KEY_PATH is not"));
        assertTrue(error("SSL_KEY_PATH", "/x.pem").contains("SSL_CERT_PATH is not"));
    }

    @Test
    void yamlIsReadUnderTheEnvironment(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("cyborgdb.yaml"), """
                service:
                  port: 8123
                  cyborgdb_db_type: memory
                  cyborgdb_api_key: ${SECRET}
                  cyborgdb_disk_path: ${DATA_DIR:-/var/lib/sealdex}
                  retrain_threshold: 500
                  require_api_key: true
                kms:
                  registry:
                    default:
                      provider: file
                      path: ${KMS_KEY_FILE:-/etc/sealdex/kms.key}
                      note: ${NOTE:-}
                    second:
                      provider: env
                      variable: SEALDEX_KMS_KEY
                """);
        ServerSettings settings = ServerSettings.load(Map.of("SECRET", "from-env", "RETRAIN_THRESHOLD", "700"), dir, HOME);
        assertEquals(8123, settings.port());
        assertEquals("memory", settings.storage().type());
        assertEquals("from-env", settings.auth().key().orElseThrow());
        assertEquals(Path.of("/var/lib/sealdex"), settings.storage().dataPath());
        assertEquals(700, settings.database().retrainThreshold(), "the environment wins over the file");
        assertEquals(dir.resolve("cyborgdb.yaml"), settings.configFile().orElseThrow());
        KmsSlot slot = settings.kmsRegistry().get("default");
        assertEquals("file", slot.provider());
        assertEquals(Map.of("path", "/etc/sealdex/kms.key"), slot.properties(), "an empty value counts as unset");
        assertEquals(java.util.Set.of("default", "second"), settings.keyProviders().names());
        assertEquals("file", settings.keyProviders().type("default").orElseThrow());
        assertEquals("env", settings.keyProviders().type("second").orElseThrow());
    }

    @Test
    void unsupportedKeyProvidersStopStartUp(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("cyborgdb.yaml"), """
                kms:
                  registry:
                    default:
                      provider: aws-kms
                      key_id: alias/cyborgdb-default
                """);
        String message = assertThrows(ConfigException.class, () -> ServerSettings.load(Map.of(), dir, HOME))
                .getMessage();
        assertTrue(message.contains("kms.registry.default.provider is 'aws-kms'"), message);
        Files.writeString(dir.resolve("cyborgdb.yaml"), "kms:\n  registry:\n    k:\n      provider: file\n");
        message = assertThrows(ConfigException.class, () -> ServerSettings.load(Map.of(), dir, HOME)).getMessage();
        assertTrue(message.contains("kms.registry.k.path must be set"), message);
    }

    @Test
    void yamlSearchOrderAndErrors(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("cyborgdb.yml"), "service:\n  port: 8001\n");
        assertEquals(8001, ServerSettings.load(Map.of(), dir, HOME).port(), "cyborgdb.yml is found too");
        Files.writeString(dir.resolve("cyborgdb.yaml"), "service:\n  port: 8002\n");
        assertEquals(8002, ServerSettings.load(Map.of(), dir, HOME).port(), "cyborgdb.yaml comes first");
        Files.writeString(dir.resolve("custom.yaml"), "service:\n  port: 8003\n");
        assertEquals(8003, ServerSettings.load(Map.of("CYBORGDB_CONFIG_FILE", "custom.yaml"), dir, HOME).port());
        String missing = assertThrows(ConfigException.class,
                () -> ServerSettings.load(Map.of("CYBORGDB_CONFIG_FILE", "nope.yaml"), dir, HOME)).getMessage();
        assertTrue(missing.startsWith("CYBORGDB_CONFIG_FILE points at") && missing.contains("does not exist"), missing);
        Files.writeString(dir.resolve("custom.yaml"), "service:\n  cyborgdb_api_key: ${UNSET_VARIABLE}\n");
        String unset = assertThrows(ConfigException.class,
                () -> ServerSettings.load(Map.of("CYBORGDB_CONFIG_FILE", "custom.yaml"), dir, HOME)).getMessage();
        assertTrue(unset.contains("${UNSET_VARIABLE}") && unset.contains("not set"), unset);
        Files.writeString(dir.resolve("custom.yaml"), "service: [1, 2\n");
        String broken = assertThrows(ConfigException.class,
                () -> ServerSettings.load(Map.of("CYBORGDB_CONFIG_FILE", "custom.yaml"), dir, HOME)).getMessage();
        assertTrue(broken.contains("not valid YAML"), broken);
        Files.writeString(dir.resolve("custom.yaml"), "kms:\n  registry:\n    slot:\n      key_id: x\n");
        String noProvider = assertThrows(ConfigException.class,
                () -> ServerSettings.load(Map.of("CYBORGDB_CONFIG_FILE", "custom.yaml"), dir, HOME)).getMessage();
        assertTrue(noProvider.contains("'kms.registry.slot' has no 'provider'"), noProvider);
        Files.writeString(dir.resolve("custom.yaml"), "service:\n  port: 8004\n  port: 8005\n");
        assertThrows(ConfigException.class,
                () -> ServerSettings.load(Map.of("CYBORGDB_CONFIG_FILE", "custom.yaml"), dir, HOME));
    }

    @Test
    void substitution() {
        Path file = Path.of("c.yaml");
        Map<String, String> env = Map.of("A", "x", "EMPTY", "");
        assertEquals("x-x", ConfigSource.substitute("${A}-${A}", "k", env, file));
        assertEquals("fallback", ConfigSource.substitute("${EMPTY:-fallback}", "k", env, file));
        assertEquals("pre/x/post", ConfigSource.substitute("pre/${A:-y}/post", "k", env, file));
        assertEquals("$notavar", ConfigSource.substitute("$notavar", "k", env, file));
        assertEquals("a$b", ConfigSource.substitute("${MISSING:-a$b}", "k", env, file));
        assertThrows(ConfigException.class, () -> ConfigSource.substitute("${EMPTY}", "k", env, file));
    }

    /** Keys travel in every request: without TLS nothing but loopback is bound unless the operator says so. */
    @Test
    void cleartextBeyondLoopbackNeedsAnExplicitSetting() {
        String refused = error("HOST", "0.0.0.0");
        assertTrue(refused.contains("SEALDEX_ALLOW_CLEARTEXT=true") && refused.contains("SSL_CERT_PATH"), refused);
        assertTrue(error("HOST", "10.1.2.3").startsWith("HOST is '10.1.2.3'"));
        assertEquals("0.0.0.0", env("HOST", "0.0.0.0", "SEALDEX_ALLOW_CLEARTEXT", "true").host());
        assertEquals("::1", env("HOST", "::1").host());
        assertEquals("127.0.0.2", env("HOST", "127.0.0.2").host());
        assertEquals("localhost", env("HOST", "localhost").host());
        assertEquals("0.0.0.0", env("SSL_CERT_PATH", "/certs/chain.pem", "SSL_KEY_PATH", "/certs/key.pem").host(),
                "with TLS every address, as CyborgDB");
        assertTrue(ServerSettings.isLoopback("127.0.0.1"));
        assertFalse(ServerSettings.isLoopback("0.0.0.0"));
    }

    /** training-status needs the key unless the operator reopens it for SDKs that send none. */
    @Test
    void trainingStatusNeedsTheKeyUnlessReopened() {
        assertFalse(env().auth().trainingStatusOpen());
        assertTrue(env("SEALDEX_TRAINING_STATUS_OPEN", "true").auth().trainingStatusOpen());
        assertEquals(java.util.Set.of("a.example", "b.example"),
                env("SEALDEX_ALLOWED_HOSTS", " A.example, b.example ,").auth().allowedHosts());
    }
}
