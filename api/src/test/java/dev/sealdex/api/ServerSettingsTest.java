package dev.sealdex.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerSettingsTest {

    @Test
    void defaultsMatchCyborgDb() {
        ServerSettings settings = ServerSettings.fromEnvironment(Map.of());
        assertEquals(8000, settings.port());
        assertEquals("disk", settings.storageType());
    }

    @Test
    void invalidValuesNameTheVariable() {
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class,
                () -> ServerSettings.fromEnvironment(Map.of("PORT", "eighty")));
        assertTrue(port.getMessage().startsWith("PORT"), port.getMessage());
        IllegalArgumentException db = assertThrows(IllegalArgumentException.class,
                () -> ServerSettings.fromEnvironment(Map.of("CYBORGDB_DB_TYPE", "s3")));
        assertTrue(db.getMessage().startsWith("CYBORGDB_DB_TYPE"), db.getMessage());
    }
}
