package dev.sealdex.api.routes;

import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;

@ServerTest
class HealthServerTest extends HealthContract {

    HealthServerTest(Http1Client client) {
        super(client);
    }

    @SetUpRoute
    static void route(HttpRouting.Builder routing) {
        routes(routing);
    }
}
