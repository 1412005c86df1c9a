package dev.sealdex.engine.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealdex.engine.kernel.Kernels;
import dev.sealdex.engine.kernel.ScalarKernels;
import dev.sealdex.engine.model.EngineResources;
import dev.sealdex.engine.model.IndexConfig;
import dev.sealdex.engine.model.Metric;
import dev.sealdex.engine.model.StoragePrecision;
import dev.sealdex.engine.store.DiskStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression test for what the reliability corruption test found: one damaged catalog
 * entry made listing the indexes fail for every index. The damaged index is still listed (its name
 * is the entry's key) and opening it reports the damage; the others keep working.
 */
class CatalogDamageTest {

    @TempDir
    Path dir;

    @Test
    void aDamagedCatalogEntryCostsOnlyItsIndex() throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(2);
        EngineResources resources = new EngineResources(new Kernels(ScalarKernels.INSTANCE), executor, 2);
        byte[] key = new byte[32];
        try {
            try (DiskStore store = DiskStore.open(dir)) {
                Database db = Database.open(store, resources, DatabaseSettings.defaults());
                for (String name : List.of("alpha", "bravo")) {
                    db.create(name, IndexConfig.standard(2, Metric.EUCLIDEAN, StoragePrecision.FLOAT32),
                            Access.withKey(key.clone()), null);
                }
                db.close();
            }
            // The catalog value follows its key "index/bravo" (then the value length and CRC fields).
            Path segment = dir.resolve("00000001.seg");
            byte[] bytes = Files.readAllBytes(segment);
            byte[] marker = "index/bravo".getBytes(StandardCharsets.US_ASCII);
            int at = -1;
            for (int i = 0; i + marker.length <= bytes.length && at < 0; i++) {
                if (Arrays.equals(bytes, i, i + marker.length, marker, 0, marker.length)) {
                    at = i + marker.length + 8;
                }
            }
            assertTrue(at > 0);
            bytes[at + 6] ^= 0x01; // inside the stored index id
            Files.write(segment, bytes);
            try (DiskStore store = DiskStore.open(dir)) {
                Database db = Database.open(store, resources, DatabaseSettings.defaults());
                assertEquals(List.of("alpha", "bravo"), db.indexNames());
                assertEquals(0, db.open("alpha", Access.withKey(key.clone())).count());
                assertThrows(StorageCorruptionException.class, () -> db.open("bravo", Access.withKey(key.clone())));
                db.close();
            }
        } finally {
            executor.shutdownNow();
        }
    }
}
