package dev.sealdex.accel.gpu;

import dev.sealdex.engine.kernel.BlockKey;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Which blocks stay on the device: least recently used first out, within a byte budget. Pure
 * bookkeeping over values of type {@code V} (device buffers in production), so the policy is
 * tested without a GPU. Not thread-safe: the device serialises its calls.
 *
 * <p>Resident values are decrypted blocks, not ciphertext: the device does not run AES-GCM, and
 * decrypting on every query is the cost residency exists to avoid. The plaintext lives in device
 * memory, which other host processes cannot read without root or the device's file permissions;
 * a block is zeroed when it leaves (the releaser does it) and when the backend closes.
 */
final class ResidentCache<V> {

    private record Entry<V>(V value, long bytes) {
    }

    private final long budget;
    private final Consumer<V> releaser;
    private final LinkedHashMap<BlockKey, Entry<V>> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    /** Holds at most {@code budget} bytes; {@code releaser} frees an evicted value. */
    ResidentCache(long budget, Consumer<V> releaser) {
        if (budget < 0) {
            throw new IllegalArgumentException("budget must not be negative: " + budget);
        }
        this.budget = budget;
        this.releaser = releaser;
    }

    /** The value for {@code key}, now the most recently used; null when not resident. */
    V get(BlockKey key) {
        Entry<V> entry = entries.get(key);
        return entry == null ? null : entry.value();
    }

    /**
     * Makes room for {@code size} more bytes by evicting least recently used blocks that are not
     * in {@code pinned} (the blocks the current launch reads). Returns false, evicting nothing,
     * when even evicting every unpinned block would not make room.
     */
    boolean makeRoom(long size, Set<BlockKey> pinned) {
        if (size > budget) {
            return false;
        }
        long evictable = 0;
        for (Map.Entry<BlockKey, Entry<V>> e : entries.entrySet()) {
            if (!pinned.contains(e.getKey())) {
                evictable += e.getValue().bytes();
            }
        }
        if (bytes - evictable + size > budget) {
            return false;
        }
        Iterator<Map.Entry<BlockKey, Entry<V>>> oldestFirst = entries.entrySet().iterator();
        while (bytes + size > budget) {
            Map.Entry<BlockKey, Entry<V>> e = oldestFirst.next();
            if (pinned.contains(e.getKey())) {
                continue;
            }
            oldestFirst.remove();
            bytes -= e.getValue().bytes();
            releaser.accept(e.getValue().value());
        }
        return true;
    }

    /** Adds a block after {@link #makeRoom} said it fits; it becomes the most recently used. */
    void put(BlockKey key, V value, long size) {
        if (bytes + size > budget) {
            throw new IllegalStateException("resident block of " + size + " bytes does not fit: call makeRoom first");
        }
        Entry<V> previous = entries.put(key, new Entry<>(value, size));
        bytes += size;
        if (previous != null) {
            bytes -= previous.bytes();
            releaser.accept(previous.value());
        }
    }

    /** Releases every block. */
    void clear() {
        for (Entry<V> entry : entries.values()) {
            releaser.accept(entry.value());
        }
        entries.clear();
        bytes = 0;
    }

    /** Bytes resident now. */
    long bytes() {
        return bytes;
    }

    /** Blocks resident now. */
    int size() {
        return entries.size();
    }

    /** The byte budget. */
    long budget() {
        return budget;
    }
}
