package dev.sealdex.api.routes;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sealdex.api.ApiContext;
import dev.sealdex.api.auth.Caller;
import dev.sealdex.api.auth.RouteAccess;
import dev.sealdex.api.http.Endpoint;
import dev.sealdex.api.http.Json;
import dev.sealdex.api.http.RouteSpec;
import io.helidon.http.HeaderNames;
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
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code GET /openapi}: the OpenAPI 3 document, a static file written by hand
 * ({@code dev/sealdex/api/openapi.yaml}). YAML by default; JSON with {@code ?format=json} or an
 * {@code Accept} header that asks for JSON and not YAML.
 */
public final class OpenApiService extends ApiService {

    /** The classpath resource holding the document. */
    public static final String RESOURCE = "dev/sealdex/api/openapi.yaml";

    private final byte[] yaml;
    private final byte[] json;

    /** The document service over {@code context}. */
    public OpenApiService(ApiContext context) {
        super(context);
        this.yaml = read();
        try {
            this.json = Json.MAPPER.writeValueAsBytes(parse(yaml));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the OpenAPI document cannot be written as JSON", e);
        }
    }

    @Override
    public List<Endpoint> endpoints() {
        return List.of(new Endpoint(new RouteSpec(Method.GET, "/openapi", RouteAccess.PUBLIC), this::document));
    }

    private void document(ServerRequest request, ServerResponse response, Caller caller) {
        String accept = request.headers().first(HeaderNames.ACCEPT).orElse("");
        boolean wantsJson = request.query().first("format").map("json"::equalsIgnoreCase).orElse(false)
                || (accept.contains("json") && !accept.contains("yaml"));
        if (wantsJson) {
            response.header(HeaderValues.CONTENT_TYPE_JSON);
            response.send(json);
        } else {
            response.header(HeaderValues.create("Content-Type", "application/yaml; charset=utf-8"));
            response.send(yaml);
        }
    }

    /** The document as parsed YAML (for tests and the JSON form). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parse(byte[] yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return (Map<String, Object>) new Yaml(new SafeConstructor(options)).load(new String(yaml, StandardCharsets.UTF_8));
    }

    /** The document's bytes. */
    public static byte[] read() {
        try (InputStream in = OpenApiService.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath: a packaging bug");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
