package dev.sealdex.engine.db;

import dev.sealdex.engine.keys.KeyProvider;
import dev.sealdex.engine.keys.KeyProviders;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The key providers (KMS slots) a {@link Database} may unwrap index keys with, as the face shows
 * them: built from configuration, named, and able to say which slots cannot load their key now.
 * The providers themselves stay in the key room; only their names, types and problems cross.
 */
public final class KeyProviderSet {

    private final KeyProviders providers;

    private KeyProviderSet(KeyProviders providers) {
        this.providers = providers;
    }

    /** No providers: only client keys work. */
    public static KeyProviderSet none() {
        return new KeyProviderSet(KeyProviders.none());
    }

    /** Exactly these providers (tests and embedders that build their own). */
    public static KeyProviderSet of(KeyProvider... providers) {
        return new KeyProviderSet(KeyProviders.of(providers));
    }

    /**
     * Providers from the {@code kms.registry} configuration: slot name to its settings, where
     * {@code provider} is {@code file} or {@code env} and the rest are that provider's settings.
     *
     * @throws IllegalArgumentException with one sentence naming the slot when a slot is malformed
     */
    public static KeyProviderSet fromConfig(Map<String, Map<String, String>> registry, Map<String, String> environment) {
        return new KeyProviderSet(KeyProviders.fromConfig(registry, environment));
    }

    /** The slot names. */
    public Set<String> names() {
        return providers.names();
    }

    /** The provider type of slot {@code name} ({@code file}, {@code env}), if there is such a slot. */
    public Optional<String> type(String name) {
        return providers.find(name).map(KeyProvider::type);
    }

    /** Slot name to why it cannot supply its key now; empty when every slot can. */
    public Map<String, String> problems() {
        return providers.problems();
    }

    KeyProviders providers() {
        return providers;
    }
}
