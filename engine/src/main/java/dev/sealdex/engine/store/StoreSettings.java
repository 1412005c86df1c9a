package dev.sealdex.engine.store;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Which store to open and where, read once at start-up from {@code CYBORGDB_DB_TYPE} ({@code disk},
 * the default, or {@code memory}) and {@code CYBORGDB_DISK_PATH} (default {@code ~/.cyborgdb/data};
 * a leading {@code ~/} means the user's home). An empty variable counts as unset.
 *
 * @param type      the store type
 * @param diskPath  the data folder of the {@code disk} store
 * @param options   how the {@code disk} store behaves
 */
public record StoreSettings(Type type, Path diskPath, DiskStore.Options options) {

    /** Store types, as {@code CYBORGDB_DB_TYPE} names them. */
    public enum Type {
        /** {@link DiskStore}. */
        DISK,
        /** {@link MemoryStore}. */
        MEMORY;

        /** The name used in configuration and in {@link Store#type()}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Validates the settings. */
    public StoreSettings {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(diskPath, "diskPath");
        Objects.requireNonNull(options, "options");
    }

    /**
     * Reads the settings from {@code env}, resolving the default folder under {@code home}.
     *
     * @throws IllegalArgumentException if {@code CYBORGDB_DB_TYPE} names a type Sealdex lacks
     */
    public static StoreSettings fromEnvironment(Map<String, String> env, Path home) {
        String rawType = env.get("CYBORGDB_DB_TYPE");
        Type type = Type.DISK;
        if (rawType != null && !rawType.isBlank()) {
            type = switch (rawType.trim().toLowerCase(Locale.ROOT)) {
                case "disk" -> Type.DISK;
                case "memory" -> Type.MEMORY;
                default -> throw new IllegalArgumentException("CYBORGDB_DB_TYPE is '" + rawType.trim()
                        + "', but Sealdex stores data only on 'disk' (the default) or in 'memory'.");
            };
        }
        String rawPath = env.get("CYBORGDB_DISK_PATH");
        Path path;
        if (rawPath == null || rawPath.isBlank()) {
            path = home.resolve(".cyborgdb").resolve("data");
        } else if (rawPath.trim().equals("~")) {
            path = home;
        } else if (rawPath.trim().startsWith("~/")) {
            path = home.resolve(rawPath.trim().substring(2));
        } else {
            path = Path.of(rawPath.trim());
        }
        return new StoreSettings(type, path.toAbsolutePath().normalize(), DiskStore.Options.defaults());
    }

    /** Reads the settings from the process environment and {@code user.home}. */
    public static StoreSettings fromEnvironment() {
        return fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** Opens the store these settings describe; the caller closes it. */
    public Store open() {
        return switch (type) {
            case DISK -> DiskStore.open(diskPath, options);
            case MEMORY -> new MemoryStore();
        };
    }
}
