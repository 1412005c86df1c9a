package dev.sealdex.api.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sealdex.api.ApiContext;
import dev.sealdex.api.auth.Caller;
import dev.sealdex.api.auth.RouteAccess;
import dev.sealdex.api.http.ApiException;
import dev.sealdex.api.http.BodyReader;
import dev.sealdex.api.http.Endpoint;
import dev.sealdex.api.http.Json;
import dev.sealdex.api.http.RouteSpec;
import dev.sealdex.engine.model.Permission;
import dev.sealdex.engine.model.UserGrant;
import dev.sealdex.engine.model.UserInfo;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * RBAC user routes (root key, RBAC mode only): create a user of an index with {@code read}
 * and/or {@code write}, list them, revoke one (204, idempotent). The index key travels in the
 * body for create and in the {@code X-Index-Key} header for list and delete. The 0.17.0
 * OpenAPI document also declares an {@code index_key} query parameter; a key in the URL ends up
 * in access logs and proxies, so that form is refused with a 400 that says where the key goes.
 */
public final class UsersService extends ApiService {

    /** The header carrying the index key on the list and delete routes. */
    public static final HeaderName INDEX_KEY = HeaderNames.create("X-Index-Key");

    /** The detail of a request carrying the index key in its URL. */
    static final String KEY_IN_URL = "index_key must not be sent as a query parameter (URLs are logged):"
            + " send it in the X-Index-Key header (or, to create a user, in the JSON body)";

    private static final Pattern USER_ID = Pattern.compile("[0-9a-fA-F]{32}");

    /** User routes over {@code context}. */
    public UsersService(ApiContext context) {
        super(context);
    }

    @Override
    public List<Endpoint> endpoints() {
        return List.of(
                new Endpoint(new RouteSpec(Method.POST, "/v1/indexes/{index_name}/users", RouteAccess.USERS),
                        this::create),
                new Endpoint(new RouteSpec(Method.GET, "/v1/indexes/{index_name}/users", RouteAccess.USERS),
                        this::list),
                new Endpoint(new RouteSpec(Method.DELETE, "/v1/indexes/{index_name}/users/{user_id}",
                        RouteAccess.USERS), this::delete));
    }

    private void create(ServerRequest request, ServerResponse response, Caller caller) {
        String name = Requests.pathIndexName(request.path().pathParameters().get("index_name"));
        refuseKeyInUrl(request);
        BodyReader body = Requests.body(request, context.limits());
        byte[] key = Requests.indexKey(body, "index_key");
        List<String> permissions = body.strings("permissions", true, 8, 16);
        body.check();
        Set<Permission> granted = EnumSet.noneOf(Permission.class);
        for (String permission : permissions) {
            switch (permission.toLowerCase(Locale.ROOT)) {
                case "read" -> granted.add(Permission.READ);
                case "write" -> granted.add(Permission.WRITE);
                default -> throw new ApiException(400, "permissions may hold only 'read' and 'write', got '"
                        + Json.printable(permission) + "'");
            }
        }
        if (granted.isEmpty()) {
            throw new ApiException(400, "permissions must name at least one of 'read' and 'write'");
        }
        UserGrant grant = context.database().open(name, caller.access(key)).createUser(granted);
        ObjectNode answer = Json.object();
        answer.put("user_id", grant.userIdHex());
        answer.put("api_key", grant.token());
        Json.ok(response, answer);
    }

    private void list(ServerRequest request, ServerResponse response, Caller caller) {
        String name = Requests.pathIndexName(request.path().pathParameters().get("index_name"));
        byte[] key = indexKey(request);
        List<UserInfo> users = context.database().open(name, caller.access(key)).users();
        ObjectNode answer = Json.object();
        ArrayNode out = answer.putArray("users");
        for (UserInfo user : users) {
            ObjectNode row = out.addObject();
            row.put("user_id", user.userIdHex());
            ArrayNode permissions = row.putArray("permissions");
            user.permissions().stream().sorted().forEach(p -> permissions.add(p.name().toLowerCase(Locale.ROOT)));
        }
        Json.ok(response, answer);
    }

    private void delete(ServerRequest request, ServerResponse response, Caller caller) {
        String name = Requests.pathIndexName(request.path().pathParameters().get("index_name"));
        String userId = request.path().pathParameters().get("user_id");
        if (!USER_ID.matcher(userId).matches()) {
            throw new ApiException(400, "user_id must be 32 hex characters (a 16-byte id)");
        }
        byte[] key = indexKey(request);
        context.database().open(name, caller.access(key)).deleteUser(userId.toLowerCase(Locale.ROOT));
        noContent(response);
    }

    /** The index key from {@code X-Index-Key} (absent: null, for KMS-backed indexes). */
    private static byte[] indexKey(ServerRequest request) {
        refuseKeyInUrl(request);
        return Requests.indexKey(request.headers().first(INDEX_KEY).orElse(null), List.of("header", "x-index-key"));
    }

    /** Refuses a request with {@code index_key} in its query string, whatever else it carries. */
    private static void refuseKeyInUrl(ServerRequest request) {
        if (request.query().contains("index_key")) {
            throw new ApiException(400, KEY_IN_URL);
        }
    }
}
