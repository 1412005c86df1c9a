package dev.sealdex.api.routes;

import dev.sealdex.api.ApiContext;
import dev.sealdex.api.auth.Caller;
import dev.sealdex.api.auth.RouteAccess;
import dev.sealdex.api.http.ApiException;
import dev.sealdex.api.http.Endpoint;
import dev.sealdex.api.http.RouteSpec;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Interactive API docs at {@code /docs}: Swagger UI from its webjar, pointed at {@code /openapi}.
 * Only the few files the page loads are served, from a fixed list (no path is ever resolved from
 * the request).
 */
public final class DocsService extends ApiService {

    /** The Swagger UI files served under {@code /docs/}, with their content types. */
    static final Map<String, String> ASSETS = Map.of(
            "swagger-ui.css", "text/css; charset=utf-8",
            "index.css", "text/css; charset=utf-8",
            "swagger-ui-bundle.js", "text/javascript; charset=utf-8",
            "swagger-ui-standalone-preset.js", "text/javascript; charset=utf-8",
            "favicon-32x32.png", "image/png",
            "favicon-16x16.png", "image/png");

    private static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>Sealdex API</title>
              <link rel="stylesheet" href="/docs/swagger-ui.css">
              <link rel="stylesheet" href="/docs/index.css">
              <link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32">
            </head>
            <body>
              <div id="swagger-ui"></div>
              <script src="/docs/swagger-ui-bundle.js" charset="UTF-8"></script>
              <script src="/docs/swagger-ui-standalone-preset.js" charset="UTF-8"></script>
              <script>
                window.onload = () => {
                  window.ui = SwaggerUIBundle({
                    url: "/openapi",
                    dom_id: "#swagger-ui",
                    deepLinking: true,
                    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
                    layout: "StandaloneLayout"
                  });
                };
              </script>
            </body>
            </html>
            """;

    private final String webjarRoot;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    /** The docs over {@code context}. */
    public DocsService(ApiContext context) {
        super(context);
        this.webjarRoot = "META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion() + "/";
    }

    @Override
    public List<Endpoint> endpoints() {
        return List.of(
                new Endpoint(new RouteSpec(Method.GET, "/docs", RouteAccess.PUBLIC), this::page),
                new Endpoint(new RouteSpec(Method.GET, "/docs/{asset}", RouteAccess.PUBLIC), this::asset));
    }

    private void page(ServerRequest request, ServerResponse response, Caller caller) {
        response.header(HeaderValues.create("Content-Type", "text/html; charset=utf-8"));
        response.send(PAGE.getBytes(StandardCharsets.UTF_8));
    }

    private void asset(ServerRequest request, ServerResponse response, Caller caller) {
        String name = request.path().pathParameters().get("asset");
        String type = ASSETS.get(name);
        if (type == null) {
            throw new ApiException(404, "Not Found");
        }
        byte[] bytes = cache.computeIfAbsent(name, this::load);
        response.header(HeaderValues.create("Content-Type", type));
        response.header(HeaderValues.create("Cache-Control", "public, max-age=86400"));
        response.send(bytes);
    }

    private byte[] load(String name) {
        try (InputStream in = DocsService.class.getClassLoader().getResourceAsStream(webjarRoot + name)) {
            if (in == null) {
                throw new IllegalStateException("Swagger UI file " + name + " is missing from the classpath: a packaging bug");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String swaggerUiVersion() {
        try (InputStream in = DocsService.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the swagger-ui webjar is missing from the classpath: a packaging bug");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
