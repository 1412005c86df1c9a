package dev.sealdex.api.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where data lives: {@code CYBORGDB_DB_TYPE} ({@code disk}, the default, or {@code memory}) and
 * {@code CYBORGDB_DISK_PATH} (default {@code ~/.cyborgdb/data}; a leading {@code ~/} is the home
 * folder). The data folder also keeps the generated API key, in memory mode too.
 *
 * @param type     {@code disk} or {@code memory}
 * @param dataPath the data folder
 */
public record StorageSettings(String type, Path dataPath) {

    /** Checks the type. */
    public StorageSettings {
        Objects.requireNonNull(dataPath, "dataPath");
        if (!"disk".equals(type) && !"memory".equals(type)) {
            throw new IllegalArgumentException("storage type must be disk or memory, got " + type);
        }
    }
}
