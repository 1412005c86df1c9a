package dev.sealdex.api.routes;

import dev.sealdex.api.reliability.ProcessServers;
import dev.sealdex.api.reliability.Seeds;
import dev.sealdex.api.testing.TestApi;
import io.helidon.webclient.http1.Http1Client;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link SingleKeyAuthContract} against a real server process. */
@Tag("reliability")
@ExtendWith(Seeds.class)
class SingleKeyAuthProcessTest extends SingleKeyAuthContract {

    @RegisterExtension
    static final ProcessServers SERVER = new ProcessServers("single-key", Map.of("CYBORGDB_API_KEY", TestApi.SERVICE_KEY));

    SingleKeyAuthProcessTest(Http1Client client) {
        super(client);
    }
}
