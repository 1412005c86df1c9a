package dev.sealdex.api.http;

import dev.sealdex.api.auth.Caller;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Objects;

/**
 * A route and what answers it.
 *
 * @param spec    the route
 * @param handler the handler, called with the authenticated caller
 */
public record Endpoint(RouteSpec spec, Handler handler) {

    /** Checks the parts. */
    public Endpoint {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(handler, "handler");
    }

    /** Answers a request on behalf of an authenticated caller. */
    @FunctionalInterface
    public interface Handler {
        /** Handles {@code request} from {@code caller}. */
        void handle(ServerRequest request, ServerResponse response, Caller caller);
    }
}
