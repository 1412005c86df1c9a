package dev.sealdex.api;

import dev.sealdex.api.config.ConfigException;
import dev.sealdex.api.config.StorageSettings;
import dev.sealdex.engine.crypto.IntegrityException;
import dev.sealdex.engine.store.DiskStore;
import dev.sealdex.engine.store.Store;
import dev.sealdex.engine.store.StoreCorruptionException;
import dev.sealdex.engine.store.StoreException;
import dev.sealdex.engine.store.StoreSettings;

/** Opens the store {@code CYBORGDB_DB_TYPE} names, turning a store that cannot open into one sentence. */
final class Storage {

    private Storage() {
    }

    /**
     * The store for {@code settings}; the caller closes it. Damage confined to stored values is
     * served around (reading a damaged value reports it); damage that cost whole records is not:
     * their deletes and overwrites would be missing, so older data they replaced could be served
     * as current, and a skipped nonce mark could let nonces repeat.
     *
     * @throws ConfigException when the data folder is locked by another process, unreadable, or
     *                         damaged so that records were lost (naming the file and the offset)
     */
    static Store open(StorageSettings settings) {
        StoreSettings.Type type = settings.type().equals("memory") ? StoreSettings.Type.MEMORY : StoreSettings.Type.DISK;
        Store store;
        try {
            store = new StoreSettings(type, settings.dataPath(), DiskStore.Options.defaults()).open();
        } catch (StoreException | IntegrityException e) {
            throw new ConfigException("The data folder " + settings.dataPath() + " (CYBORGDB_DISK_PATH) cannot be opened: "
                    + e.getMessage(), e);
        }
        if (store instanceof DiskStore disk) {
            for (StoreCorruptionException damage : disk.recovery().corruptions()) {
                if (damage.recordsLost()) {
                    store.close();
                    throw new ConfigException("The data folder " + settings.dataPath() + " (CYBORGDB_DISK_PATH) is"
                            + " damaged: " + damage.getMessage() + ". Serving without the records there could answer"
                            + " deleted or overwritten data as current, so Sealdex does not start; restore the folder"
                            + " from a backup.", damage);
                }
            }
        }
        return store;
    }
}
