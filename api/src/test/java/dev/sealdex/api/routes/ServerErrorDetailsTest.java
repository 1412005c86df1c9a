package dev.sealdex.api.routes;

import static dev.sealdex.api.testing.Api.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealdex.api.ApiContext;
import dev.sealdex.api.auth.AuthPolicy;
import dev.sealdex.api.http.Limits;
import dev.sealdex.api.testing.Api;
import dev.sealdex.api.testing.TestApi;
import dev.sealdex.engine.db.DatabaseException;
import dev.sealdex.engine.db.DatabaseSettings;
import dev.sealdex.engine.db.KeyProviderException;
import dev.sealdex.engine.db.StorageCorruptionException;
import dev.sealdex.engine.db.StorageUnavailableException;
import dev.sealdex.engine.keys.EnvKeyProvider;
import dev.sealdex.engine.keys.FileKeyProvider;
import dev.sealdex.engine.keys.KeyProviders;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * 5xx bodies carry fixed text, never the engine's message: no data folder path, no key file
 * path or mode, no environment variable name. The details go to the server log instead. Real
 * key provider failures (a missing key file, an unset variable) and, for the storage faults,
 * engine exceptions thrown with a path in their message.
 */
@RoutingTest
class ServerErrorDetailsTest {

    /** A key file that does not exist, in a folder that names itself. */
    static final Path MISSING_KEY_FILE = Path.of("/srv/secret-sealdex-data/keys/kek-0600.bin");
    static final String VARIABLE = "SEALDEX_SECRET_KEK_VARIABLE";
    static final String SEGMENT = "/srv/secret-sealdex-data/segments/000042.seg";

    private final Api api;
    private final List<String> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (logged) {
                logged.add(record.getMessage() + (record.getThrown() == null ? "" : " " + record.getThrown()));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    ServerErrorDetailsTest(DirectClient client) {
        this.api = new Api(client);
    }

    @SetUpRoute
    static void route(HttpRouting.Builder routing) {
        KeyProviders providers = KeyProviders.of(new FileKeyProvider("file-kms", MISSING_KEY_FILE),
                new EnvKeyProvider("env-kms", VARIABLE, Map.of()));
        ApiContext context = TestApi.context(AuthPolicy.open(), Limits.defaults(), DatabaseSettings.defaults(),
                providers);
        // Before the API's routes: their fallback answers every path it does not know.
        routing.get("/boom/corrupt", (request, response) -> {
            throw new StorageCorruptionException("stored data failed its integrity check: segment " + SEGMENT
                    + " at offset 4096", new IOException(SEGMENT));
        });
        routing.get("/boom/unavailable", (request, response) -> {
            throw new StorageUnavailableException(new IOException("No space left on device: " + SEGMENT));
        });
        routing.get("/boom/provider", (request, response) -> {
            throw new KeyProviderException("its key file " + SEGMENT + " is readable by others (mode 0644); set "
                    + VARIABLE, null);
        });
        routing.get("/boom/engine", (request, response) -> {
            throw new EngineFault("cannot rename " + SEGMENT);
        });
        ApiRoutes.routing(routing, context);
    }

    /** An engine exception the mapper has no special case for. */
    static final class EngineFault extends DatabaseException {
        private static final long serialVersionUID = 1L;

        EngineFault(String message) {
            super(message);
        }
    }

    @BeforeEach
    void captureLog() {
        Logger.getLogger(ErrorMapper.class.getName()).addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        Logger.getLogger(ErrorMapper.class.getName()).removeHandler(capture);
    }

    @Test
    void missingKeyFileIsA502WithoutThePath() {
        Api.Response created = api.post("/v1/indexes/create", json("index_name", "leak_file", "kms_name", "file-kms",
                "dimension", 2));
        assertEquals(502, created.status(), created.toString());
        assertGeneric(created, MISSING_KEY_FILE.toString());
    }

    @Test
    void unsetVariableIsA502WithoutItsName() {
        Api.Response created = api.post("/v1/indexes/create", json("index_name", "leak_env", "kms_name", "env-kms",
                "dimension", 2));
        assertEquals(502, created.status(), created.toString());
        assertGeneric(created, VARIABLE);
    }

    @Test
    void storageFaultsAnswerFixedText() {
        Api.Response corrupt = api.get("/boom/corrupt");
        assertEquals(500, corrupt.status(), corrupt.toString());
        assertTrue(corrupt.detail().contains("integrity"), "clients still learn what kind of failure: " + corrupt);
        assertGeneric(corrupt, SEGMENT);
        Api.Response unavailable = api.get("/boom/unavailable");
        assertEquals(503, unavailable.status(), unavailable.toString());
        assertEquals(StorageUnavailableException.DETAIL, unavailable.detail());
        assertGeneric(unavailable, SEGMENT);
        Api.Response provider = api.get("/boom/provider");
        assertEquals(502, provider.status(), provider.toString());
        assertGeneric(provider, SEGMENT);
        Api.Response engine = api.get("/boom/engine");
        assertEquals(500, engine.status(), engine.toString());
        assertEquals("Internal server error", engine.detail());
        assertGeneric(engine, SEGMENT);
    }

    /** The body names no path, variable or mode; the log has {@code detail}. */
    private void assertGeneric(Api.Response response, String detail) {
        String text = response.text();
        for (String secret : List.of("/srv", "secret-sealdex", VARIABLE, "0644", "0600", "mode")) {
            assertFalse(text.contains(secret), "the body tells the client '" + secret + "': " + text);
        }
        synchronized (logged) {
            assertTrue(logged.stream().anyMatch(line -> line.contains(detail)), "the log lacks " + detail + ": "
                    + logged);
        }
    }
}
