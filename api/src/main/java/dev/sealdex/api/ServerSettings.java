package dev.sealdex.api;

import java.util.Locale;
import java.util.Map;

/**
 * Server settings from the environment, with the CyborgDB variable names. Invalid values stop
 * start-up with one sentence naming the variable.
 *
 * @param host        the address to bind ({@code HOST}, default all interfaces, as CyborgDB does)
 * @param port        the HTTP port ({@code PORT}, default 8000; 0 picks a free port)
 * @param storageType {@code CYBORGDB_DB_TYPE}: {@code disk} (default) or {@code memory}
 */
public record ServerSettings(String host, int port, String storageType) {

    /** Checks the values. */
    public ServerSettings {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("PORT must be between 0 and 65535, got " + port);
        }
        if (!storageType.equals("disk") && !storageType.equals("memory")) {
            throw new IllegalArgumentException("CYBORGDB_DB_TYPE must be disk or memory, got '" + storageType + "'");
        }
    }

    /** Reads the settings from {@code env}. */
    public static ServerSettings fromEnvironment(Map<String, String> env) {
        String host = valueOr(env, "HOST", "0.0.0.0");
        int port = integer(env, "PORT", 8000);
        String storage = valueOr(env, "CYBORGDB_DB_TYPE", "disk").toLowerCase(Locale.ROOT);
        return new ServerSettings(host, port, storage);
    }

    private static String valueOr(Map<String, String> env, String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static int integer(Map<String, String> env, String name, int fallback) {
        String value = valueOr(env, name, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'", e);
        }
    }
}
