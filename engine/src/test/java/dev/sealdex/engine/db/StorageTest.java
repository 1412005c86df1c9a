package dev.sealdex.engine.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The face opens stores by kind through the {@code StoreProvider} SPI. */
class StorageTest {

    @Test
    void bothKindsAreRegistered() {
        assertEquals(Set.of("disk", "memory"), Storage.kinds());
    }

    @Test
    void opensEachKind(@TempDir Path dir) {
        try (Storage memory = Storage.open("memory", Map.of())) {
            assertEquals("memory", memory.kind());
        }
        try (Storage disk = Storage.open("disk", Map.of(Storage.DATA_FOLDER, dir.resolve("data").toString()))) {
            assertEquals("disk", disk.kind());
        }
    }

    @Test
    void anUnknownKindNamesTheKindsThereAre() {
        String message = assertThrows(IllegalArgumentException.class, () -> Storage.open("s3", Map.of())).getMessage();
        assertTrue(message.contains("'s3'") && message.contains("disk, memory"), message);
    }

    @Test
    void aLockedFolderIsUnavailable(@TempDir Path dir) {
        Map<String, String> settings = Map.of(Storage.DATA_FOLDER, dir.toString());
        try (Storage first = Storage.open("disk", settings)) {
            assertEquals("disk", first.kind());
            StorageUnavailableException e = assertThrows(StorageUnavailableException.class,
                    () -> Storage.open("disk", settings));
            assertTrue(e.getCause() != null && !e.getCause().getMessage().isBlank());
        }
    }
}
