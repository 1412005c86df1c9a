package dev.sealdex.api.routes;

import dev.sealdex.api.reliability.ProcessServers;
import dev.sealdex.api.reliability.Seeds;
import io.helidon.webclient.http1.Http1Client;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link OpenAuthContract} against a real server process. */
@Tag("reliability")
@ExtendWith(Seeds.class)
class OpenAuthProcessTest extends OpenAuthContract {

    @RegisterExtension
    static final ProcessServers SERVER = new ProcessServers("open", Map.of("REQUIRE_API_KEY", "false"));

    OpenAuthProcessTest(Http1Client client) {
        super(client);
    }
}
