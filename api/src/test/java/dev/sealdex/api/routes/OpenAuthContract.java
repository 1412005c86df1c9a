package dev.sealdex.api.routes;

import dev.sealdex.api.ApiContext;
import dev.sealdex.api.auth.AuthPolicy;
import dev.sealdex.api.auth.RouteAccess;
import dev.sealdex.api.http.RouteSpec;
import dev.sealdex.api.testing.TestApi;
import io.helidon.webclient.http1.Http1Client;
import java.util.Set;

/** Open mode ({@code REQUIRE_API_KEY=false}): any or no key is the root; user routes are 403 (no RBAC). */
abstract class OpenAuthContract extends AuthMatrixContract {

    OpenAuthContract(Http1Client client) {
        super(client, null);
    }

    static ApiContext context() {
        return TestApi.context(AuthPolicy.open());
    }

    @Override
    String rootKey() {
        return null;
    }

    @Override
    Set<Integer> expected(RouteSpec route, Credential credential) {
        return route.access() == RouteAccess.USERS ? Set.of(403) : success(route);
    }
}
