package dev.sealdex.api.routes;

import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;

/** {@link OpenAuthContract} against a real server. */
@ServerTest
class OpenAuthServerTest extends OpenAuthContract {

    OpenAuthServerTest(Http1Client client) {
        super(client);
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        ApiRoutes.configure(server, context());
    }
}
