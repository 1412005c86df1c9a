package dev.sealdex.api.routes;

import dev.sealdex.api.reliability.Seeds;
import dev.sealdex.api.reliability.SharedServer;
import io.helidon.webclient.http1.Http1Client;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link RbacAuthContract} against a real server process: the shared RBAC
 * server of the reliability suite, started with {@code java dev.sealdex.api.Main serve}.
 */
@Tag("reliability")
@ExtendWith({Seeds.class, SharedServer.class})
class RbacAuthProcessTest extends RbacAuthContract {

    RbacAuthProcessTest(Http1Client client) {
        super(client);
    }
}
