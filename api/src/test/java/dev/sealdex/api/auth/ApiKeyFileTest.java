package dev.sealdex.api.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeyFileTest {

    @Test
    void generatedOnceReadableOnlyByTheOwnerThenReadBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data/sub/api-key");
        ApiKeyFile.Loaded first = ApiKeyFile.loadOrCreate(file);
        assertTrue(first.generated());
        assertTrue(first.key().startsWith(ApiKeyFile.PREFIX) && first.key().length() == 4 + 43, first.key());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        assertFalse(first.toString().contains(first.key()), "the key is not printed by toString");
        ApiKeyFile.Loaded second = ApiKeyFile.loadOrCreate(file);
        assertFalse(second.generated());
        assertEquals(first.key(), second.key());
        assertTrue(!ApiKeyFile.generate().equals(ApiKeyFile.generate()));
    }

    @Test
    void aFileOthersCanReadIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("api-key");
        Files.writeString(file, "sdx_something\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        String message = assertThrows(IllegalStateException.class, () -> ApiKeyFile.loadOrCreate(file)).getMessage();
        assertTrue(message.contains("chmod 600"), message);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertEquals("sdx_something", ApiKeyFile.loadOrCreate(file).key());
        Files.writeString(file, "   \n");
        assertThrows(IllegalStateException.class, () -> ApiKeyFile.loadOrCreate(file));
    }
}
