package dev.sealdex.api.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The raw configuration: environment variables over the {@code service:} section of
 * {@code cyborgdb.yaml}, plus its {@code kms.registry}. The YAML file is the first of
 * {@code $CYBORGDB_CONFIG_FILE} (which must exist when set), {@code ./cyborgdb.yaml},
 * {@code ./cyborgdb.yml} and {@code /etc/cyborgdb/cyborgdb.yaml}. Each {@code service:} key is the
 * lower-case name of an environment variable ({@code port}, {@code cyborgdb_db_type}, ...); string
 * values may use {@code ${VAR}} (VAR must be set) and {@code ${VAR:-default}}. An empty value
 * counts as unset.
 */
public final class ConfigSource {

    /** The places searched for the YAML file, in order, after {@code CYBORGDB_CONFIG_FILE}. */
    public static final List<String> SEARCH_PATH = List.of("cyborgdb.yaml", "cyborgdb.yml",
            "/etc/cyborgdb/cyborgdb.yaml");

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");
    private static final int MAX_YAML_BYTES = 1 << 20;

    private final Map<String, String> values;
    private final Optional<Path> file;
    private final Map<String, KmsSlot> kms;

    private ConfigSource(Map<String, String> values, Optional<Path> file, Map<String, KmsSlot> kms) {
        this.values = Map.copyOf(values);
        this.file = file;
        this.kms = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(kms));
    }

    /** Only {@code env}, no YAML (tests). */
    public static ConfigSource of(Map<String, String> env) {
        return new ConfigSource(nonEmpty(env), Optional.empty(), Map.of());
    }

    /** {@code env} over the YAML file found from {@code workingDirectory}. */
    public static ConfigSource load(Map<String, String> env, Path workingDirectory) {
        Optional<Path> found = find(env, workingDirectory);
        if (found.isEmpty()) {
            return of(env);
        }
        Map<String, Object> root = parse(found.get());
        Map<String, String> merged = new LinkedHashMap<>(service(root, env, found.get()));
        merged.putAll(nonEmpty(env));
        return new ConfigSource(merged, found, kms(root, env, found.get()));
    }

    /** The value of variable {@code name} (environment first, then YAML), if set and not empty. */
    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** Every set variable (for settings that read a map, such as the kernel settings). */
    public Map<String, String> asMap() {
        return values;
    }

    /** The YAML file read, if any. */
    public Optional<Path> file() {
        return file;
    }

    /** The {@code kms.registry} slots, by name. */
    public Map<String, KmsSlot> kmsRegistry() {
        return kms;
    }

    private static Optional<Path> find(Map<String, String> env, Path workingDirectory) {
        String explicit = env.get("CYBORGDB_CONFIG_FILE");
        if (explicit != null && !explicit.isBlank()) {
            Path path = workingDirectory.resolve(explicit.trim());
            if (!Files.isRegularFile(path)) {
                throw new ConfigException("CYBORGDB_CONFIG_FILE points at " + path + ", which does not exist.");
            }
            return Optional.of(path);
        }
        for (String candidate : SEARCH_PATH) {
            Path path = workingDirectory.resolve(candidate);
            if (Files.isRegularFile(path)) {
                return Optional.of(path);
            }
        }
        return Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(Path path) {
        try {
            if (Files.size(path) > MAX_YAML_BYTES) {
                throw new ConfigException(path + " is larger than 1 MiB; is it the right file?");
            }
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(50);
            options.setNestingDepthLimit(20);
            Yaml yaml = new Yaml(new SafeConstructor(options));
            try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                Object loaded = yaml.load(reader);
                if (loaded == null) {
                    return Map.of();
                }
                if (!(loaded instanceof Map<?, ?> map)) {
                    throw new ConfigException(path + " must be a YAML mapping with a 'service:' section.");
                }
                return (Map<String, Object>) map;
            }
        } catch (IOException e) {
            throw new ConfigException("Cannot read " + path + ": " + e.getMessage(), e);
        } catch (YAMLException | ClassCastException e) {
            throw new ConfigException(path + " is not valid YAML: " + firstLine(e.getMessage()), e);
        }
    }

    private static Map<String, String> service(Map<String, Object> root, Map<String, String> env, Path path) {
        Object section = root.get("service");
        if (section == null) {
            return Map.of();
        }
        if (!(section instanceof Map<?, ?> map)) {
            throw new ConfigException(path + ": 'service' must be a mapping of settings.");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            String value = scalar(entry.getValue(), "service." + key, env, path);
            if (value != null && !value.isBlank()) {
                out.put(key.trim().toUpperCase(Locale.ROOT), value.trim());
            }
        }
        return out;
    }

    private static Map<String, KmsSlot> kms(Map<String, Object> root, Map<String, String> env, Path path) {
        Object kms = root.get("kms");
        if (kms == null) {
            return Map.of();
        }
        if (!(kms instanceof Map<?, ?> kmsMap)) {
            throw new ConfigException(path + ": 'kms' must be a mapping with a 'registry' section.");
        }
        Object registry = kmsMap.get("registry");
        if (registry == null) {
            return Map.of();
        }
        if (!(registry instanceof Map<?, ?> slots)) {
            throw new ConfigException(path + ": 'kms.registry' must map slot names to provider settings.");
        }
        Map<String, KmsSlot> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> slot : slots.entrySet()) {
            String name = String.valueOf(slot.getKey());
            String where = "kms.registry." + name;
            if (!(slot.getValue() instanceof Map<?, ?> settings)) {
                throw new ConfigException(path + ": '" + where + "' must be a mapping with at least 'provider'.");
            }
            Map<String, String> properties = new LinkedHashMap<>();
            for (Map.Entry<?, ?> setting : settings.entrySet()) {
                String key = String.valueOf(setting.getKey());
                String value = scalar(setting.getValue(), where + "." + key, env, path);
                if (value != null && !value.isBlank()) {
                    properties.put(key, value.trim());
                }
            }
            String provider = properties.remove("provider");
            if (provider == null) {
                throw new ConfigException(path + ": '" + where + "' has no 'provider'.");
            }
            out.put(name, new KmsSlot(name, provider, properties));
        }
        return out;
    }

    private static String scalar(Object value, String where, Map<String, String> env, Path path) {
        if (value == null) {
            return null;
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            throw new ConfigException(path + ": '" + where + "' must be a single value, not a list or mapping.");
        }
        return value instanceof String text ? substitute(text, where, env, path) : String.valueOf(value);
    }

    /** Replaces {@code ${VAR}} and {@code ${VAR:-default}} in {@code text} from {@code env}. */
    static String substitute(String text, String where, Map<String, String> env, Path path) {
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = env.get(matcher.group(1));
            if (value == null || value.isEmpty()) {
                if (matcher.group(2) == null) {
                    throw new ConfigException(path + ": '" + where + "' uses ${" + matcher.group(1)
                            + "}, which is not set; set it or write ${" + matcher.group(1) + ":-default}.");
                }
                value = matcher.group(3);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static Map<String, String> nonEmpty(Map<String, String> env) {
        Map<String, String> out = new LinkedHashMap<>();
        env.forEach((key, value) -> {
            if (value != null && !value.isBlank()) {
                out.put(key, value.trim());
            }
        });
        return out;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
