package dev.sealdex.api.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sealdex.api.http.ApiException;
import dev.sealdex.api.http.FieldError;
import dev.sealdex.api.http.Json;
import dev.sealdex.api.http.RequestLog;
import dev.sealdex.api.http.ValidationException;
import dev.sealdex.api.metrics.ApiMetrics;
import dev.sealdex.engine.db.AccessDeniedException;
import dev.sealdex.engine.db.DatabaseException;
import dev.sealdex.engine.db.IndexExistsException;
import dev.sealdex.engine.db.IndexNotFoundException;
import dev.sealdex.engine.db.InvalidArgumentException;
import dev.sealdex.engine.db.InvalidKeyException;
import dev.sealdex.engine.db.KeyModeException;
import dev.sealdex.engine.db.KeyProviderException;
import dev.sealdex.engine.db.LimitExceededException;
import dev.sealdex.engine.db.StorageCorruptionException;
import dev.sealdex.engine.db.StorageUnavailableException;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpException;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one place that turns exceptions into JSON error bodies: {@code {"status_code": N,
 * "detail": "..."}}, or for validation errors FastAPI's {@code {"detail": [{"type", "loc",
 * "msg", "input"}]}} (with {@code status_code} too). The engine speaks in domain exceptions
 * only; their statuses, and the FastAPI locations of their fields ({@code "body"} or
 * {@code "path"} before the engine's field path), are decided here and nowhere else. Anything
 * unexpected is a bug, logged with its stack trace and answered with a bare 500. No 5xx body
 * carries an engine message (those may name a data file, a key file and its mode, or an
 * environment variable): each gets fixed text, and the message goes to the log.
 */
public final class ErrorMapper {

    private static final Logger LOG = System.getLogger(ErrorMapper.class.getName());

    /** The detail of every 500 that is not an integrity failure. */
    static final String INTERNAL_ERROR = "Internal server error";
    /** The detail of a 502: the key provider's own message (a file, its mode, a variable) goes to the log. */
    static final String KEY_PROVIDER_FAILED = "The index's key provider (KMS) failed; the server log has the details";

    /** Fields the engine validates that travel in the URL path rather than in the JSON body. */
    private static final Set<String> PATH_PARAMETERS = Set.of("user_id");

    private final ApiMetrics metrics;

    private ErrorMapper(ApiMetrics metrics) {
        this.metrics = metrics;
    }

    /** Registers the handlers on {@code routing}. */
    public static void register(HttpRouting.Builder routing, ApiMetrics metrics) {
        ErrorMapper mapper = new ErrorMapper(metrics);
        routing.error(ApiException.class, (request, response, e) -> {
            send(response, e.status(), e.detail(), e.headers());
            if (e.status() == 413) {
                Json.discardBody(request);
            }
        });
        routing.error(ValidationException.class, (request, response, e) -> sendValidation(response, e.errors()));
        routing.error(DatabaseException.class, mapper::database);
        routing.error(HttpException.class, ErrorMapper::http);
        routing.error(RuntimeException.class, ErrorMapper::unexpected);
    }

    /** The status for an engine exception. */
    public static int status(DatabaseException e) {
        return switch (e) {
            case IndexNotFoundException ignored -> 404;
            case IndexExistsException ignored -> 409;
            case InvalidKeyException ignored -> 401;
            case KeyModeException ignored -> 400;
            case AccessDeniedException ignored -> 403;
            // CyborgDB answers a malformed request with a plain 400 and a bad value with FastAPI's 422.
            case InvalidArgumentException invalid -> invalid.problem() == InvalidArgumentException.Problem.MALFORMED
                    ? 400 : 422;
            case LimitExceededException ignored -> 400;
            case KeyProviderException ignored -> 502;
            case StorageCorruptionException ignored -> 500;
            case StorageUnavailableException ignored -> 503;
            default -> 500;
        };
    }

    private void database(ServerRequest request, ServerResponse response, DatabaseException e) {
        int status = status(e);
        if (e instanceof InvalidArgumentException invalid && status == 422) {
            sendValidation(response, invalid.violations().stream()
                    .map(v -> new FieldError("value_error", location(v.field()), v.message(), null)).toList());
            return;
        }
        if (status < 500) {
            send(response, status, e.getMessage(), Map.of());
            return;
        }
        // A 5xx message may name a file, a key file's mode or an environment variable: the log gets it, the client fixed text.
        String where = request.prologue().method().text() + " " + Json.printable(request.path().rawPath());
        switch (e) {
            case StorageUnavailableException ignored -> {
                // An I/O failure of the data folder: the operator must look; clients may retry.
                LOG.log(Level.ERROR, "Storage failure on " + where, e.getCause());
                send(response, status, StorageUnavailableException.DETAIL, Map.of("Retry-After", "5"));
            }
            case StorageCorruptionException ignored -> {
                metrics.integrityFailure();
                LOG.log(Level.ERROR, "Integrity failure on " + where + ": " + e.getMessage()
                        + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"));
                send(response, status, StorageCorruptionException.NOT_SERVED, Map.of());
            }
            case KeyProviderException ignored -> {
                LOG.log(Level.WARNING, "Key provider failure on " + where + ": " + e.getMessage());
                send(response, status, KEY_PROVIDER_FAILED, Map.of());
            }
            default -> {
                LOG.log(Level.ERROR, "Engine error on " + where, e);
                send(response, status, INTERNAL_ERROR, Map.of());
            }
        }
    }

    /** FastAPI's location of an engine field: under {@code "path"} for URL parameters, else {@code "body"}. */
    static List<Object> location(List<Object> field) {
        List<Object> location = new ArrayList<>(field.size() + 1);
        location.add(!field.isEmpty() && PATH_PARAMETERS.contains(field.get(0)) ? "path" : "body");
        location.addAll(field);
        return location;
    }

    private static void http(ServerRequest request, ServerResponse response, HttpException e) {
        int status = e.status().code();
        String detail = status == 404 ? "Not Found" : e.status().reasonPhrase();
        send(response, status, detail, Map.of());
    }

    private static void unexpected(ServerRequest request, ServerResponse response, RuntimeException e) {
        LOG.log(Level.ERROR, "Unexpected error on " + request.prologue().method().text() + " "
                + Json.printable(request.path().rawPath()), e);
        send(response, 500, INTERNAL_ERROR, Map.of());
    }

    /** The error body CyborgDB clients read: both {@code status_code} and {@code detail}. */
    public static ObjectNode body(int status, String detail) {
        ObjectNode body = Json.object();
        body.put("status_code", status);
        body.put("detail", detail);
        return body;
    }

    /** The FastAPI 422 body for {@code errors}, with {@code status_code} as every error body has. */
    public static ObjectNode validationBody(List<FieldError> errors) {
        ObjectNode body = Json.object();
        body.put("status_code", 422);
        ArrayNode detail = body.putArray("detail");
        for (FieldError error : errors) {
            ObjectNode entry = detail.addObject();
            entry.put("type", error.type());
            ArrayNode loc = entry.putArray("loc");
            for (Object step : error.location()) {
                if (step instanceof Number number) {
                    loc.add(number.longValue());
                } else {
                    loc.add(String.valueOf(step));
                }
            }
            entry.put("msg", error.message());
            if (error.input() != null) {
                entry.set("input", error.input());
            }
        }
        return body;
    }

    private static void sendValidation(ServerResponse response, List<FieldError> errors) {
        if (response.isSent()) {
            return;
        }
        Json.send(response, 422, validationBody(errors));
    }

    private static void send(ServerResponse response, int status, String detail, Map<String, String> headers) {
        if (response.isSent()) {
            return;
        }
        headers.forEach(response::header);
        Json.send(response, status, body(status, detail));
    }

    /**
     * Direct handlers for errors Helidon answers before routing (an oversize declared body, a
     * malformed request line or header), so they carry the same JSON body.
     */
    public static DirectHandlers directHandlers() {
        DirectHandler json = ErrorMapper::direct;
        DirectHandlers.Builder builder = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            builder.addHandler(type, json);
        }
        return builder.build();
    }

    private static DirectHandler.TransportResponse direct(DirectHandler.TransportRequest request,
                                                          DirectHandler.EventType eventType, Status status,
                                                          ServerResponseHeaders headers, String message) {
        int code = status.code();
        String detail = switch (code) {
            case 413 -> "Request body is larger than the limit (SEALDEX_MAX_BODY_BYTES)";
            case 500 -> INTERNAL_ERROR;
            // Helidon's message for any other 5xx is internal; a 4xx one describes the request.
            default -> code >= 500 || message == null || message.isBlank() ? status.reasonPhrase()
                    : Json.printable(message);
        };
        byte[] entity = body(code, detail).toString().getBytes(StandardCharsets.UTF_8);
        headers.set(HeaderValues.CONTENT_TYPE_JSON);
        headers.set(HeaderNames.CONTENT_LENGTH, String.valueOf(entity.length));
        headers.set(RequestLog.REQUEST_ID, RequestLog.newRequestId());
        return DirectHandler.TransportResponse.builder()
                .status(status)
                .headers(headers)
                .entity(entity)
                .keepAlive(eventType.keepAlive() && code != 413)
                .build();
    }
}
