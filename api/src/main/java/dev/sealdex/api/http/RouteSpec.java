package dev.sealdex.api.http;

import dev.sealdex.api.auth.RouteAccess;
import io.helidon.http.Method;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One route as served and as documented in the OpenAPI file: its method, its path template (with
 * {@code {param}} segments, as in OpenAPI) and who may call it.
 *
 * @param method the HTTP method
 * @param path   the path template, e.g. {@code /v1/indexes/{index_name}/users}
 * @param access who may call it
 */
public record RouteSpec(Method method, String path, RouteAccess access) {

    /** Checks the parts. */
    public RouteSpec {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(access, "access");
    }

    /** Whether {@code actualPath} fits this template. */
    public boolean matchesPath(String actualPath) {
        return Pattern.matches(path.replaceAll("\\{[^}/]+}", "[^/]+").replace(".", "\\."), actualPath);
    }
}
