package dev.sealdex.api.config;

import dev.sealdex.api.auth.AuthMode;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How requests authenticate, from {@code CYBORGDB_SERVICE_ROOT_KEY} (or its older name
 * {@code CYBORGDB_ROOT_API_KEY}), {@code REQUIRE_API_KEY} and {@code CYBORGDB_API_KEY}.
 *
 * @param mode       RBAC when a root key is set; else single key unless {@code REQUIRE_API_KEY=false}
 * @param key        the root key (RBAC) or the service key (single key); empty in single-key mode
 *                   when the key is to be generated, and in open mode
 * @param keyFile    where a generated key is kept ({@code <data folder>/api-key})
 * @param trainingStatusOpen {@code SEALDEX_TRAINING_STATUS_OPEN}: answer {@code training-status}
 *                   without a key in single-key mode (old SDKs send none); off by default, as
 *                   the answer names indexes
 * @param allowedHosts {@code SEALDEX_ALLOWED_HOSTS}: host names besides localhost and IP addresses
 *                   that open mode answers (its defence against DNS rebinding)
 */
public record AuthSettings(AuthMode mode, Optional<String> key, Path keyFile, boolean trainingStatusOpen,
                           java.util.Set<String> allowedHosts) {

    /** Checks the combination. */
    public AuthSettings {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(keyFile, "keyFile");
        allowedHosts = java.util.Set.copyOf(allowedHosts);
        if (mode == AuthMode.RBAC && key.isEmpty()) {
            throw new IllegalArgumentException("RBAC needs a root key");
        }
    }

    /** Whether the single-key mode must generate (or read back) its key. */
    public boolean generatesKey() {
        return mode == AuthMode.SINGLE_KEY && key.isEmpty();
    }

    @Override
    public String toString() {
        return "AuthSettings[" + mode + ", key " + (key.isPresent() ? "set" : "unset") + ", keyFile=" + keyFile + "]";
    }
}
