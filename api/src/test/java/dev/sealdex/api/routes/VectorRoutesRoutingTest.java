package dev.sealdex.api.routes;

import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;

/** {@link VectorRoutesContract} without a socket. */
@RoutingTest
class VectorRoutesRoutingTest extends VectorRoutesContract {

    VectorRoutesRoutingTest(DirectClient client) {
        super(client);
    }

    @SetUpRoute
    static void route(HttpRouting.Builder routing) {
        ApiRoutes.routing(routing, context());
    }
}
