package dev.sealdex.api.routes;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place that turns exceptions into JSON error bodies. Known errors keep their status and
 * detail; anything else is a bug, logged with its stack trace and answered with a bare 500.
 */
public final class ErrorMapper {

    private static final Logger LOG = System.getLogger(ErrorMapper.class.getName());

    private ErrorMapper() {
    }

    /** Registers the handlers on {@code routing}. */
    public static void register(HttpRouting.Builder routing) {
        routing.error(ApiException.class, ErrorMapper::apiError);
        routing.error(RuntimeException.class, ErrorMapper::unexpected);
    }

    /** The error body CyborgDB clients read: both {@code status_code} and {@code detail}. */
    public static Map<String, Object> body(int status, Object detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status_code", status);
        body.put("detail", detail);
        return body;
    }

    private static void apiError(ServerRequest request, ServerResponse response, ApiException e) {
        send(response, e.status(), e.detail());
    }

    private static void unexpected(ServerRequest request, ServerResponse response, RuntimeException e) {
        LOG.log(Level.ERROR, "Unexpected error on " + request.prologue().method() + " "
                + request.path().path(), e);
        send(response, 500, "Internal server error");
    }

    private static void send(ServerResponse response, int status, String detail) {
        if (response.isSent()) {
            return;
        }
        response.status(Status.create(status)).send(body(status, detail));
    }
}
