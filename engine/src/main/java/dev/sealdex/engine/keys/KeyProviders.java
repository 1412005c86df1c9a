package dev.sealdex.engine.keys;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The configured key providers by name (the {@code kms.registry} slots). Built once at start-up;
 * a slot that is malformed fails start-up, a slot whose key is missing fails only when used
 * ({@link KeyProviderUnavailableException}) and is reported by {@link #problems()}.
 */
public final class KeyProviders {

    private final Map<String, KeyProvider> byName;

    private KeyProviders(Map<String, KeyProvider> byName) {
        this.byName = Map.copyOf(byName);
    }

    /** No providers: only client keys work. */
    public static KeyProviders none() {
        return new KeyProviders(Map.of());
    }

    /** These providers, by their names. */
    public static KeyProviders of(KeyProvider... providers) {
        Map<String, KeyProvider> map = new LinkedHashMap<>();
        for (KeyProvider provider : providers) {
            if (map.put(provider.name(), provider) != null) {
                throw new IllegalArgumentException("two KMS providers are named '" + provider.name() + "'");
            }
        }
        return new KeyProviders(map);
    }

    /**
     * Providers from the {@code kms.registry} configuration: slot name to its settings, where
     * {@code provider} is {@code file} (with {@code path}) or {@code env} (with {@code variable}).
     *
     * @throws IllegalArgumentException with one sentence naming the slot when a slot is malformed
     */
    public static KeyProviders fromConfig(Map<String, Map<String, String>> registry, Map<String, String> environment) {
        Map<String, KeyProvider> map = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, String>> slot : registry.entrySet()) {
            String name = slot.getKey();
            Map<String, String> settings = slot.getValue();
            String type = settings.getOrDefault("provider", "").strip().toLowerCase(Locale.ROOT);
            KeyProvider provider = switch (type) {
                case "file" -> new FileKeyProvider(name, Path.of(required(name, settings, "path")));
                case "env" -> new EnvKeyProvider(name, required(name, settings, "variable"), environment);
                default -> throw new IllegalArgumentException("kms.registry." + name + ".provider is '" + type
                        + "'; Sealdex supports 'file' and 'env'.");
            };
            map.put(name, provider);
        }
        return new KeyProviders(map);
    }

    private static String required(String slot, Map<String, String> settings, String key) {
        String value = settings.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("kms.registry." + slot + "." + key + " must be set for a '"
                    + settings.get("provider") + "' provider.");
        }
        return value.strip();
    }

    /** The provider called {@code name}. */
    public Optional<KeyProvider> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The configured names. */
    public Set<String> names() {
        return byName.keySet();
    }

    /** Provider name to the reason it cannot load its key now, for a start-up warning; empty when all can. */
    public Map<String, String> problems() {
        Map<String, String> problems = new LinkedHashMap<>();
        for (KeyProvider provider : byName.values()) {
            String problem = provider.check();
            if (!problem.isEmpty()) {
                problems.put(provider.name(), problem);
            }
        }
        return problems;
    }
}
