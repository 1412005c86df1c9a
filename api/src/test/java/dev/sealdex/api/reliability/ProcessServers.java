package dev.sealdex.api.reliability;

import io.helidon.webclient.http1.Http1Client;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A server process for one test class, registered as a static {@code @RegisterExtension} field:
 * started before the class's tests with the given settings, stopped after them. Resolves
 * {@link ServerProcess} and a Helidon {@link Http1Client} of it as constructor parameters.
 */
public final class ProcessServers implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private final String name;
    private final Map<String, String> settings;
    private ServerProcess server;

    /** A server named {@code name} with {@code settings} (environment variables). */
    public ProcessServers(String name, Map<String, String> settings) {
        this.name = name;
        this.settings = Map.copyOf(settings);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Path root = Files.createTempDirectory(ServerProcess.workDirectory(), name + "-");
        server = ServerProcess.create(name, root, settings).start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.stop();
        }
    }

    /** The running server. */
    public ServerProcess server() {
        return server;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == ServerProcess.class || type == Http1Client.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (server == null) {
            throw new UncheckedIOException(new IOException("the " + name + " server did not start"));
        }
        if (parameter.getParameter().getType() == Http1Client.class) {
            return Http1Client.builder().baseUri(server.base()).build();
        }
        return server;
    }
}
