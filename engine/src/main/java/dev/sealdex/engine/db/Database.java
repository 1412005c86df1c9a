package dev.sealdex.engine.db;

import dev.sealdex.engine.crypto.IndexKeys;
import dev.sealdex.engine.crypto.IntegrityException;
import dev.sealdex.engine.index.EngineResources;
import dev.sealdex.engine.index.IndexConfig;
import dev.sealdex.engine.index.VectorIndex;
import dev.sealdex.engine.store.Durability;
import dev.sealdex.engine.store.Store;
import dev.sealdex.engine.store.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's front door: the catalog of indexes, opening them with a request's key, and the
 * training worker. An index is loaded into memory the first time a request opens it with a valid
 * key, and stays loaded; every later request is checked against its key envelope again.
 */
public final class Database implements AutoCloseable {

    /** Longest index name, in UTF-8 bytes. */
    public static final int MAX_NAME_BYTES = 255;

    private final Store store;
    private final EngineResources resources;
    private final DatabaseSettings settings;
    private final Catalog catalog;
    private final Keyring keyring;
    private final TrainingService training;
    private final ConcurrentHashMap<String, VectorIndex> loaded = new ConcurrentHashMap<>();
    private final Object catalogLock = new Object();
    private final SecureRandom random = new SecureRandom();

    private Database(Store store, EngineResources resources, DatabaseSettings settings, Keyring keyring) {
        this.store = store;
        this.resources = resources;
        this.settings = settings;
        this.catalog = new Catalog(store);
        this.keyring = keyring;
        this.training = new TrainingService(settings.retrainThreshold(), settings.minTrainingVectors());
    }

    /** Opens the database over {@code store}. */
    public static Database open(Store store, EngineResources resources, DatabaseSettings settings) {
        return new Database(store, resources, settings, new ClientKeyring(store));
    }

    /** The store type, for {@code /v1/health}. */
    public String storageType() {
        return store.type();
    }

    /** Every index name, sorted. */
    public List<String> indexNames() {
        return catalog.names().stream().sorted().toList();
    }

    /**
     * Creates an empty index under {@code access} (its index key) or, when {@code kmsName} is set,
     * under that key provider.
     */
    public void create(String name, IndexConfig config, Access access, String kmsName) {
        checkName(name);
        if (kmsName != null && access.indexKey() != null) {
            throw new KeyModeException("index_key and kms_name are mutually exclusive");
        }
        if (kmsName == null && access.indexKey() == null) {
            throw new KeyModeException("index_key or kms_name is required to create an index");
        }
        synchronized (catalogLock) {
            if (catalog.find(name) != null) {
                throw new IndexExistsException(name);
            }
            byte[] indexId = new byte[16];
            random.nextBytes(indexId);
            WriteBatch batch = new WriteBatch();
            IndexKeys keys = keyring.create(indexId, access, kmsName, batch);
            VectorIndex index = VectorIndex.create(name, indexId, config, keys, store, resources, batch);
            catalog.put(new Catalog.Entry(name, indexId, kmsName), batch);
            store.write(batch, Durability.SYNC);
            loaded.put(name, index);
        }
    }

    /** Opens {@code name} for a request with {@code access}; checks the key before anything else. */
    public IndexSession open(String name, Access access) {
        Catalog.Entry entry = entry(name);
        checkKeyMode(entry, access);
        VectorIndex index = loaded.get(name);
        if (index != null && java.util.Arrays.equals(index.indexId(), entry.indexId())) {
            keyring.verify(entry.indexId(), access, entry.kmsName());
        } else {
            index = load(entry, access);
        }
        Set<Permission> permissions = EnumSet.allOf(Permission.class);
        return new IndexSession(this, index, entry.kmsName(), permissions);
    }

    /** Deletes {@code name} and everything stored for it, after checking {@code access}. */
    public void delete(String name, Access access) {
        IndexSession session = open(name, access);
        training.forget(name);
        synchronized (catalogLock) {
            Catalog.Entry entry = entry(name);
            WriteBatch batch = new WriteBatch();
            catalog.remove(name, batch);
            keyring.deleteAll(entry.indexId(), batch);
            batch.deletePrefix(VectorIndex.namespace(entry.indexId()), new byte[0]);
            store.write(batch, Durability.SYNC);
            loaded.remove(name, session.index());
        }
    }

    /** The training worker's state. */
    public TrainingStatus trainingStatus() {
        return training.status();
    }

    /** The settings this database runs with. */
    public DatabaseSettings settings() {
        return settings;
    }

    TrainingService training() {
        return training;
    }

    /**
     * Stops the training worker and checkpoints every loaded index, so the next start restores
     * lists instead of re-placing rows. The store stays open; its owner closes it afterwards.
     */
    @Override
    public void close() {
        training.close();
        for (VectorIndex index : loaded.values()) {
            try {
                index.checkpoint();
            } catch (RuntimeException e) {
                System.getLogger(Database.class.getName()).log(System.Logger.Level.WARNING,
                        "Checkpoint of index " + index.name() + " at shutdown failed", e);
            }
        }
        loaded.clear();
    }

    private VectorIndex load(Catalog.Entry entry, Access access) {
        synchronized (loadLock(entry.name())) {
            VectorIndex index = loaded.get(entry.name());
            if (index != null && java.util.Arrays.equals(index.indexId(), entry.indexId())) {
                keyring.verify(entry.indexId(), access, entry.kmsName());
                return index;
            }
            IndexKeys keys = keyring.open(entry.indexId(), access, entry.kmsName());
            try {
                index = VectorIndex.open(entry.name(), entry.indexId(), keys, store, resources);
            } catch (IntegrityException e) {
                throw new StorageCorruptionException("index '" + entry.name() + "' cannot be loaded: "
                        + e.getMessage(), e);
            }
            loaded.put(entry.name(), index);
            return index;
        }
    }

    private final ConcurrentHashMap<String, Object> loadLocks = new ConcurrentHashMap<>();

    private Object loadLock(String name) {
        return loadLocks.computeIfAbsent(name, n -> new Object());
    }

    private Catalog.Entry entry(String name) {
        Catalog.Entry entry = catalog.find(name);
        if (entry == null) {
            throw new IndexNotFoundException(name);
        }
        return entry;
    }

    private static void checkKeyMode(Catalog.Entry entry, Access access) {
        if (access.isUser()) {
            return;
        }
        if (entry.kmsBacked() && access.indexKey() != null) {
            throw new KeyModeException(KeyModeException.KMS_BACKED);
        }
        if (!entry.kmsBacked() && access.indexKey() == null) {
            throw new KeyModeException("index_key is required for index '" + entry.name() + "'");
        }
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidRequestException(List.of("body", "index_name"), "index_name must not be empty");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new InvalidRequestException(List.of("body", "index_name"),
                    "index_name must be at most " + MAX_NAME_BYTES + " bytes");
        }
    }
}
