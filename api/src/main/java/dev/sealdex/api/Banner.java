package dev.sealdex.api;

import dev.sealdex.api.auth.ApiKeyFile;
import dev.sealdex.api.config.ServerSettings;
import java.io.PrintStream;
import java.util.Optional;

/** The start-up banner: where the server listens, with what, and how to authenticate. */
final class Banner {

    private Banner() {
    }

    static void print(PrintStream out, ServerSettings settings, ApiContext context, int port, boolean https,
                      Optional<ApiKeyFile.Loaded> key) {
        String host = settings.host().equals("0.0.0.0") ? "localhost" : settings.host();
        String url = (https ? "https" : "http") + "://" + host + ":" + port;
        StringBuilder text = new StringBuilder();
        text.append('\n');
        text.append("  Sealdex ").append(context.version()).append(" - CyborgDB v1 REST API\n");
        text.append("  listening  ").append(url).append(" (bound to ").append(settings.host()).append(")\n");
        text.append("  storage    ").append(context.storageType());
        if (context.storageType().equals("disk")) {
            text.append(" at ").append(settings.storage().dataPath());
        }
        text.append('\n');
        text.append("  kernels    ").append(context.kernels().kernels().name());
        String gpu = context.kernels().rejected().get("gpu");
        if (gpu != null) {
            text.append(" (gpu ").append(gpu).append(')');
        }
        text.append('\n');
        text.append("  auth       ");
        switch (settings.auth().mode()) {
            case OPEN -> text.append("OFF (REQUIRE_API_KEY=false): no X-API-Key needed\n");
            case RBAC -> text.append("RBAC: X-API-Key is the root key (CYBORGDB_SERVICE_ROOT_KEY) or a cdbk_ user key\n");
            case SINGLE_KEY -> {
                if (key.isEmpty()) {
                    text.append("X-API-Key must be CYBORGDB_API_KEY\n");
                } else if (key.get().generated()) {
                    text.append("X-API-Key is a key generated now; it is shown only this once:\n");
                    text.append("             ").append(key.get().key()).append('\n');
                    text.append("             (kept in ").append(key.get().path())
                            .append(", readable only by you; set CYBORGDB_API_KEY to choose your own)\n");
                } else {
                    text.append("X-API-Key is the generated key in ").append(key.get().path()).append('\n');
                }
            }
        }
        text.append("  docs       ").append(url).append("/docs   (OpenAPI: ").append(url).append("/openapi)\n");
        out.print(text);
        out.flush();
    }
}
