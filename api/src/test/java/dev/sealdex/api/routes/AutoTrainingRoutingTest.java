package dev.sealdex.api.routes;

import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;

/** {@link AutoTrainingContract} without a socket. */
@RoutingTest
class AutoTrainingRoutingTest extends AutoTrainingContract {

    AutoTrainingRoutingTest(DirectClient client) {
        super(client);
    }

    @SetUpRoute
    static void route(HttpRouting.Builder routing) {
        ApiRoutes.routing(routing, context());
    }
}
