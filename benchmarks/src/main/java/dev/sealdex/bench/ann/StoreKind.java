package dev.sealdex.bench.ann;

import dev.sealdex.engine.store.DiskStore;
import dev.sealdex.engine.store.MemoryStore;
import dev.sealdex.engine.store.Store;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The store an index under test writes to ({@code --store}). Both go through the {@link Store}
 * SPI, so the engine path is the same; only durability and where the records live differ.
 */
enum StoreKind {
    /** Records in the heap; "reopen" reuses the same store object. */
    MEMORY,
    /** Records in files under the output folder; reopen closes and reopens the store. */
    DISK;

    /** Parses {@code memory} or {@code disk}. */
    static StoreKind parse(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "memory" -> MEMORY;
            case "disk" -> DISK;
            default -> throw new IllegalArgumentException("--store must be memory or disk, got '" + name + "'");
        };
    }

    /** Both stores are in the build; kept so callers can check before loading any data. */
    StoreKind requireAvailable() {
        return this;
    }

    /** Opens a fresh, empty store, keeping its files (if any) under {@code directory}. */
    Store open(Path directory) {
        return switch (requireAvailable()) {
            case MEMORY -> new MemoryStore();
            case DISK -> DiskStore.open(directory);
        };
    }

    /**
     * The store to reopen the index from: the same object for memory; for disk, {@code current}
     * closed and its directory opened again, so the reopen reads what a restart would.
     */
    Store reopen(Store current, Path directory) {
        return switch (this) {
            case MEMORY -> current;
            case DISK -> {
                current.close();
                yield open(directory);
            }
        };
    }

    /** The name as the flag spells it. */
    String flagName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
