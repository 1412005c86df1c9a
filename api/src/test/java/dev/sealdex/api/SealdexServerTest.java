package dev.sealdex.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealdex.api.config.ConfigException;
import dev.sealdex.api.config.ServerSettings;
import dev.sealdex.api.tls.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole server as {@code ./sealdex serve} starts it: HTTPS from PEM files, the API key
 * generated on first start (shown once, kept owner-only) and read back on the next.
 */
class SealdexServerTest {

    private static ServerSettings settings(Path dir, Map<String, String> extra) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("PORT", "0", "HOST", "127.0.0.1",
                "CYBORGDB_DB_TYPE", "memory", "CYBORGDB_DISK_PATH", dir.resolve("data").toString(),
                "SEALDEX_KERNELS", "scalar", "CPU_THREADS", "1"));
        env.putAll(extra);
        return ServerSettings.fromEnvironment(env, dir);
    }

    private static HttpClient trusting(TestCertificates files) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("sealdex", files.certificate());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).build();
    }

    private static HttpResponse<String> get(HttpClient client, String url, String apiKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void httpsWithAKeyGeneratedOnFirstStart(@TempDir Path dir) throws Exception {
        TestCertificates files = TestCertificates.write(dir, false);
        ByteArrayOutputStream banner = new ByteArrayOutputStream();
        String key;
        try (SealdexServer server = SealdexServer.start(settings(dir, Map.of("SSL_CERT_PATH",
                files.certificatePath().toString(), "SSL_KEY_PATH", files.keyPath().toString())),
                new PrintStream(banner, true, StandardCharsets.UTF_8))) {
            Path keyFile = dir.resolve("data/api-key");
            key = Files.readString(keyFile).strip();
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
            String text = banner.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains(key), "the first start shows the key: " + text);
            assertTrue(text.contains("https://127.0.0.1:" + server.port()), text);
            HttpClient client = trusting(files);
            String base = "https://localhost:" + server.port();
            HttpResponse<String> health = get(client, base + "/v1/health", null);
            assertEquals(200, health.statusCode());
            assertTrue(health.body().contains("\"storage\":\"memory\""), health.body());
            assertEquals(401, get(client, base + "/v1/indexes/list", null).statusCode());
            assertEquals(200, get(client, base + "/v1/indexes/list", key).statusCode());
        }
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        try (SealdexServer server = SealdexServer.start(settings(dir, Map.of()),
                new PrintStream(second, true, StandardCharsets.UTF_8))) {
            String text = second.toString(StandardCharsets.UTF_8);
            assertFalse(text.contains(key), "later starts do not show the key again: " + text);
            assertTrue(text.contains(dir.resolve("data/api-key").toString()), text);
            HttpClient client = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.port();
            assertEquals(200, get(client, base + "/v1/indexes/list", key).statusCode(), "the same key works again");
            assertEquals(401, get(client, base + "/v1/indexes/list", key + "x").statusCode());
        }
    }

    @Test
    void aConfiguredKeyIsNeverWrittenOrShown(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream banner = new ByteArrayOutputStream();
        try (SealdexServer server = SealdexServer.start(settings(dir, Map.of("CYBORGDB_SERVICE_ROOT_KEY",
                "configured-root-key")), new PrintStream(banner, true, StandardCharsets.UTF_8))) {
            assertFalse(banner.toString(StandardCharsets.UTF_8).contains("configured-root-key"));
            assertFalse(Files.exists(dir.resolve("data/api-key")));
            HttpClient client = HttpClient.newHttpClient();
            assertEquals(200, get(client, "http://127.0.0.1:" + server.port() + "/v1/indexes/list",
                    "configured-root-key").statusCode());
        }
    }

    /** Starts a server whose banner and log go nowhere. */
    private static SealdexServer quietStart(ServerSettings settings) {
        return SealdexServer.start(settings,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> post(String url, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void diskDataSurvivesARestartAndALockedFolderStopsStartUp(@TempDir Path dir) throws Exception {
        ServerSettings settings = settings(dir, Map.of("CYBORGDB_DB_TYPE", "disk", "REQUIRE_API_KEY", "false"));
        String key = TestKeys.KEY;
        try (SealdexServer server = quietStart(settings)) {
            String base = "http://127.0.0.1:" + server.port();
            assertEquals(200, post(base + "/v1/indexes/create", "{\"index_name\":\"kept\",\"index_key\":\"" + key
                    + "\",\"dimension\":2}").statusCode());
            assertEquals(200, post(base + "/v1/vectors/upsert", "{\"index_name\":\"kept\",\"index_key\":\"" + key
                    + "\",\"items\":[{\"id\":\"x\",\"vector\":[1,2],\"contents\":\"persisted\"}]}").statusCode());
            String locked = assertThrows(ConfigException.class, () -> quietStart(settings)).getMessage();
            assertTrue(locked.startsWith("The data folder") && locked.contains("CYBORGDB_DISK_PATH"), locked);
        }
        try (SealdexServer server = quietStart(settings)) {
            HttpResponse<String> got = post("http://127.0.0.1:" + server.port() + "/v1/vectors/get",
                    "{\"index_name\":\"kept\",\"index_key\":\"" + key + "\",\"ids\":[\"x\"]}");
            assertEquals(200, got.statusCode(), got.body());
            assertTrue(got.body().contains("\"contents\":\"persisted\""), got.body());
            assertTrue(get(HttpClient.newHttpClient(), "http://127.0.0.1:" + server.port() + "/v1/health", null).body()
                    .contains("\"storage\":\"disk\""));
        }
    }

    /**
     * Regression (found by the corruption test): a damaged record in the middle of a segment was skipped with a warning
     * and the server served on without it, so an overwrite or delete in that record was undone
     * silently. Start-up now refuses, naming the file and the offset.
     */
    @Test
    void aDataFolderThatLostRecordsStopsStartUp(@TempDir Path dir) throws Exception {
        ServerSettings settings = settings(dir, Map.of("CYBORGDB_DB_TYPE", "disk", "REQUIRE_API_KEY", "false"));
        String key = TestKeys.KEY;
        try (SealdexServer server = quietStart(settings)) {
            String base = "http://127.0.0.1:" + server.port();
            assertEquals(200, post(base + "/v1/indexes/create", "{\"index_name\":\"kept\",\"index_key\":\"" + key
                    + "\",\"dimension\":2}").statusCode());
            for (String version : new String[] {"old", "new"}) {
                assertEquals(200, post(base + "/v1/vectors/upsert", "{\"index_name\":\"kept\",\"index_key\":\"" + key
                        + "\",\"items\":[{\"id\":\"x\",\"vector\":[1,2],\"contents\":\"" + version + "\"}]}")
                        .statusCode());
            }
        }
        // Break the framing of the record that wrote "new" (not the last record: shutdown writes more).
        Path segment = dir.resolve("data").resolve("00000001.seg");
        byte[] bytes = java.nio.file.Files.readAllBytes(segment);
        int at = indexOf(bytes, "\"new\"".getBytes(StandardCharsets.US_ASCII));
        assertTrue(at < 0, "contents are stored encrypted");
        int record = lastRecordBefore(bytes, bytes.length * 3 / 4);
        bytes[record + 9] ^= 0x40; // a reserved byte of the record header: the record CRC fails
        java.nio.file.Files.write(segment, bytes);
        String message = assertThrows(ConfigException.class, () -> quietStart(settings)).getMessage();
        assertTrue(message.contains(segment.toString()) && message.contains("offset " + record), message);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    /** The offset of the last record that starts before {@code limit} (records follow the 20-byte header). */
    private static int lastRecordBefore(byte[] segment, int limit) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(segment);
        int position = 20;
        int last = position;
        while (position + 8 <= segment.length && position < limit) {
            last = position;
            position += 8 + buffer.getInt(position);
        }
        return last;
    }

    /** An index key for these tests. */
    private static final class TestKeys {
        static final String KEY = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    }

    @Test
    void missingTlsFilesStopStartUp(@TempDir Path dir) {
        ServerSettings settings = settings(dir, Map.of("SSL_CERT_PATH", dir.resolve("none.pem").toString(),
                "SSL_KEY_PATH", dir.resolve("none.key").toString()));
        String message = assertThrows(ConfigException.class, () -> quietStart(settings)).getMessage();
        assertTrue(message.startsWith("SSL_CERT_PATH"), message);
    }

    /** A taken port is one sentence and exit, before any key is generated or the data folder locked. */
    @Test
    void aTakenPortFailsBeforeAKeyIsGenerated(@TempDir Path dir) throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            ServerSettings settings = settings(dir, Map.of("PORT", String.valueOf(port), "CYBORGDB_DB_TYPE", "disk"));
            java.io.ByteArrayOutputStream banner = new java.io.ByteArrayOutputStream();
            dev.sealdex.api.config.ConfigException e = assertThrows(dev.sealdex.api.config.ConfigException.class,
                    () -> SealdexServer.start(settings, new java.io.PrintStream(banner, true,
                            java.nio.charset.StandardCharsets.UTF_8)));
            assertTrue(e.getMessage().startsWith("port " + port + " on 127.0.0.1 is in use"), e.getMessage());
            assertTrue(e.getMessage().contains("set PORT"), e.getMessage());
            assertEquals("", banner.toString(java.nio.charset.StandardCharsets.UTF_8), "no banner");
            assertFalse(java.nio.file.Files.exists(dir.resolve("data").resolve("api-key")), "no key generated");
        }
        // Nothing was left locked: the same folder serves on a free port.
        try (SealdexServer server = SealdexServer.start(settings(dir, Map.of("CYBORGDB_DB_TYPE", "disk")),
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))) {
            assertTrue(server.port() > 0);
        }
    }
}
