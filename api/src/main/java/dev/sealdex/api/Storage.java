package dev.sealdex.api;

import dev.sealdex.api.config.StorageSettings;
import dev.sealdex.engine.store.MemoryStore;
import dev.sealdex.engine.store.Store;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/** Opens the store {@code CYBORGDB_DB_TYPE} names. */
final class Storage {

    private static final Logger LOG = System.getLogger(Storage.class.getName());

    private Storage() {
    }

    /** The store for {@code settings}; the caller closes it. */
    static Store open(StorageSettings settings) {
        if (settings.type().equals("disk")) {
            // The disk store is not in this build's engine yet: say so loudly rather than fail.
            LOG.log(Level.WARNING, "CYBORGDB_DB_TYPE=disk, but this build has no disk store yet: data is kept IN"
                    + " MEMORY and is lost when the server stops");
        }
        return new MemoryStore();
    }
}
