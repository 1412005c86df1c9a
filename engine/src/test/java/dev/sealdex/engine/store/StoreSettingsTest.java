package dev.sealdex.engine.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreSettingsTest {

    private static final Path HOME = Path.of("/home/someone");

    @Test
    void diskUnderTheHomeFolderIsTheDefault() {
        StoreSettings settings = StoreSettings.fromEnvironment(Map.of(), HOME);
        assertEquals(StoreSettings.Type.DISK, settings.type());
        assertEquals(Path.of("/home/someone/.cyborgdb/data"), settings.diskPath());
        assertEquals(settings, StoreSettings.fromEnvironment(Map.of("CYBORGDB_DB_TYPE", " ", "CYBORGDB_DISK_PATH", ""), HOME));
    }

    @Test
    void typesAndPathsAreRead() {
        assertEquals(StoreSettings.Type.MEMORY,
                StoreSettings.fromEnvironment(Map.of("CYBORGDB_DB_TYPE", " Memory "), HOME).type());
        assertEquals(Path.of("/srv/sealdex"),
                StoreSettings.fromEnvironment(Map.of("CYBORGDB_DISK_PATH", "/srv/sealdex/"), HOME).diskPath());
        assertEquals(Path.of("/home/someone/db"),
                StoreSettings.fromEnvironment(Map.of("CYBORGDB_DISK_PATH", "~/db"), HOME).diskPath());
    }

    @Test
    void anUnknownTypeIsOneClearSentence() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StoreSettings.fromEnvironment(Map.of("CYBORGDB_DB_TYPE", "s3"), HOME));
        assertEquals("CYBORGDB_DB_TYPE is 's3', but Sealdex stores data only on 'disk' (the default) or in 'memory'.",
                e.getMessage());
    }

    @Test
    void settingsOpenTheStoreTheyName(@TempDir Path dir) {
        try (Store store = StoreSettings.fromEnvironment(Map.of("CYBORGDB_DISK_PATH", dir.resolve("data").toString()),
                HOME).open()) {
            assertEquals("disk", store.type());
            assertTrue(dir.resolve("data").resolve(Manifest.FILE).toFile().exists());
        }
        try (Store store = StoreSettings.fromEnvironment(Map.of("CYBORGDB_DB_TYPE", "memory"), HOME).open()) {
            assertEquals("memory", store.type());
        }
    }
}
