package dev.sealdex.accel.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealdex.engine.kernel.BlockKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResidentCacheTest {

    private final List<String> released = new ArrayList<>();
    private final ResidentCache<String> cache = new ResidentCache<>(100, released::add);

    private static BlockKey key(int n) {
        return new BlockKey(1, n, 0);
    }

    private void add(int n, long bytes) {
        assertTrue(cache.makeRoom(bytes, Set.of()));
        cache.put(key(n), "block" + n, bytes);
    }

    @Test
    void evictsLeastRecentlyUsedFirst() {
        add(1, 40);
        add(2, 40);
        assertEquals("block1", cache.get(key(1)));
        add(3, 40);
        assertNull(cache.get(key(2)), "block 2 was the least recently used");
        assertEquals(List.of("block2"), released);
        assertEquals(80, cache.bytes());
        assertEquals(2, cache.size());
    }

    @Test
    void neverEvictsPinnedBlocksAndRefusesWhatCannotFit() {
        add(1, 50);
        add(2, 30);
        assertFalse(cache.makeRoom(60, Set.of(key(1), key(2))), "only 20 bytes are free and nothing may go");
        assertEquals(List.of(), released, "a refused makeRoom evicts nothing");
        assertFalse(cache.makeRoom(60, Set.of(key(1))), "evicting block 2 frees only 30");
        assertTrue(cache.makeRoom(50, Set.of(key(1))));
        assertEquals(List.of("block2"), released);
        assertEquals("block1", cache.get(key(1)));
        assertFalse(cache.makeRoom(101, Set.of()), "larger than the whole budget");
    }

    @Test
    void putWithoutRoomIsABugAndReplacingReleasesTheOldValue() {
        add(1, 90);
        assertThrows(IllegalStateException.class, () -> cache.put(key(2), "block2", 20));
        cache.put(key(1), "block1-new", 5);
        assertEquals(List.of("block1"), released);
        assertEquals(5, cache.bytes(), "bytes follow the replacement");
        assertEquals("block1-new", cache.get(key(1)));
    }

    @Test
    void clearReleasesEverythingOnce() {
        add(1, 10);
        add(2, 10);
        cache.clear();
        assertEquals(List.of("block1", "block2"), released);
        assertEquals(0, cache.bytes());
        assertEquals(0, cache.size());
        cache.clear();
        assertEquals(2, released.size());
    }

    @Test
    void bytesNeverExceedTheBudgetUnderChurn() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        int puts = 0;
        for (int i = 0; i < 2_000; i++) {
            int n = random.nextInt(50);
            if (cache.get(key(n)) == null) {
                long size = 1 + random.nextInt(30);
                if (cache.makeRoom(size, Set.of())) {
                    cache.put(key(n), "block" + n, size);
                    puts++;
                }
            }
            assertTrue(cache.bytes() <= cache.budget(), "resident bytes over budget: " + cache.bytes());
        }
        assertEquals(puts, cache.size() + released.size(), "every value put is resident or released, once");
    }
}
