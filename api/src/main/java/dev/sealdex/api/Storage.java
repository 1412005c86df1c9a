package dev.sealdex.api;

import dev.sealdex.api.config.ConfigException;
import dev.sealdex.api.config.StorageSettings;
import dev.sealdex.engine.crypto.IntegrityException;
import dev.sealdex.engine.store.DiskStore;
import dev.sealdex.engine.store.Store;
import dev.sealdex.engine.store.StoreException;
import dev.sealdex.engine.store.StoreSettings;

/** Opens the store {@code CYBORGDB_DB_TYPE} names, turning a store that cannot open into one sentence. */
final class Storage {

    private Storage() {
    }

    /**
     * The store for {@code settings}; the caller closes it.
     *
     * @throws ConfigException when the data folder is locked by another process, unreadable or damaged
     */
    static Store open(StorageSettings settings) {
        StoreSettings.Type type = settings.type().equals("memory") ? StoreSettings.Type.MEMORY : StoreSettings.Type.DISK;
        try {
            return new StoreSettings(type, settings.dataPath(), DiskStore.Options.defaults()).open();
        } catch (StoreException | IntegrityException e) {
            throw new ConfigException("The data folder " + settings.dataPath() + " (CYBORGDB_DISK_PATH) cannot be opened: "
                    + e.getMessage(), e);
        }
    }
}
