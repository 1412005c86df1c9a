package dev.sealdex.engine.db;

import dev.sealdex.engine.crypto.IntegrityException;
import dev.sealdex.engine.store.DiskStore;
import dev.sealdex.engine.store.Store;
import dev.sealdex.engine.store.StoreCorruptionException;
import dev.sealdex.engine.store.StoreException;
import dev.sealdex.engine.store.StoreProvider;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The store a {@link Database} runs on, opened by kind ({@code memory}, {@code disk}) through the
 * {@link StoreProvider} SPI. Its owner opens it before the database, hands it to
 * {@link Database#open(Storage, dev.sealdex.engine.model.EngineResources, DatabaseSettings, KeyProviderSet)},
 * and closes it after the database.
 */
public final class Storage implements AutoCloseable {

    /** The setting that names the data folder of kinds that keep files ({@code disk}). */
    public static final String DATA_FOLDER = StoreProvider.DATA_FOLDER;

    private final Store store;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Storage(Store store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Opens a store of {@code kind} with {@code settings} for serving. Damage confined to stored
     * values is served around (reading a damaged value reports it); damage that cost whole records
     * is not: their deletes and overwrites would be missing, so older data they replaced could be
     * served as current, and a skipped nonce mark could let nonces repeat.
     *
     * @throws IllegalArgumentException    when no store of {@code kind} is on the class path (the
     *                                     message names the kinds there are) or a setting is missing
     * @throws StorageUnavailableException when the store cannot be opened: locked by another process,
     *                                     unreadable, or unreadable past a failed integrity check; the
     *                                     cause says which
     * @throws StorageCorruptionException  when the store opened but damage cost whole records (the
     *                                     message names the file and the offset)
     */
    public static Storage open(String kind, Map<String, String> settings) {
        StoreProvider provider = StoreProvider.forKind(kind);
        Store store;
        try {
            store = provider.open(settings);
        } catch (StoreException | IntegrityException e) {
            throw new StorageUnavailableException(e);
        }
        // Only the disk store recovers leniently past damage; the other kinds have no recovery to report.
        if (store instanceof DiskStore disk) {
            for (StoreCorruptionException damage : disk.recovery().corruptions()) {
                if (damage.recordsLost()) {
                    store.close();
                    throw new StorageCorruptionException(damage.getMessage(), damage);
                }
            }
        }
        return new Storage(store);
    }

    /** The kinds of store on the class path. */
    public static Set<String> kinds() {
        return StoreProvider.available().keySet();
    }

    /** The kind of this store, for {@code /v1/health}. */
    public String kind() {
        return store.type();
    }

    Store store() {
        return store;
    }

    /** Closes the store; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            store.close();
        }
    }
}
