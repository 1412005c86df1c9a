package dev.sealdex.api.reliability;

import dev.sealdex.api.testing.TestApi;
import io.helidon.webclient.http1.Http1Client;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One RBAC-mode server process shared by the reliability tests that do not restart it (soak,
 * hostile input, keys, limits, the auth matrix): starting a server costs several seconds of the
 * CI budget. It is started by the first test class that needs it and stopped when the test run
 * ends. Test classes get it (or a Helidon client of it) as a constructor parameter, and register
 * every secret they send so that a log scan can look for all of them.
 */
public final class SharedServer implements BeforeAllCallback, ParameterResolver {

    /** The root key (RBAC mode). */
    public static final String ROOT_KEY = TestApi.ROOT_KEY;
    /** The body limit ({@code SEALDEX_MAX_BODY_BYTES}): room for upserts of 500 items, small enough to test. */
    public static final long BODY_LIMIT = 1 << 20;

    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet(); 

    static {
        SECRETS.add(ROOT_KEY);
    }

    /** Keeps the server in JUnit's root store, which closes it when the run ends. */
    private record Holder(ServerProcess server, Path root) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            server.stop();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server(context);
    }

    /** The shared server, started on first use. */
    static ServerProcess server(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Holder.class, key -> start(), Holder.class).server();
    }

    private static Holder start() {
        try {
            Path root = Files.createTempDirectory(ServerProcess.workDirectory(), "shared-");
            ServerProcess server = ServerProcess.create("shared", root, Map.of(
                    "CYBORGDB_SERVICE_ROOT_KEY", ROOT_KEY,
                    "SEALDEX_MAX_BODY_BYTES", Long.toString(BODY_LIMIT)));
            server.start(Duration.ofSeconds(120));
            System.out.println("reliability: shared server ready in " + server.lastStartup().toMillis() + " ms");
            return new Holder(server, root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records a key or token sent to the shared server, for the log scans. */
    public static void secret(String value) {
        SECRETS.add(value);
    }

    /** Every key and token sent to the shared server so far. */
    public static Set<String> secrets() {
        return Set.copyOf(SECRETS);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == ServerProcess.class || type == Http1Client.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ServerProcess server = server(context);
        if (parameter.getParameter().getType() == Http1Client.class) {
            return Http1Client.builder().baseUri(server.base()).build();
        }
        return server;
    }
}
