package dev.sealdex.engine.db;

import dev.sealdex.engine.crypto.IndexKeys;
import dev.sealdex.engine.crypto.IntegrityException;
import dev.sealdex.engine.index.VectorIndex;
import dev.sealdex.engine.keys.Credential;
import dev.sealdex.engine.keys.KeyProviders;
import dev.sealdex.engine.keys.KeyVault;
import dev.sealdex.engine.model.EngineResources;
import dev.sealdex.engine.model.IndexConfig;
import dev.sealdex.engine.store.Durability;
import dev.sealdex.engine.store.Store;
import dev.sealdex.engine.store.StoreCorruptionException;
import dev.sealdex.engine.store.WriteBatch;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's front door: the catalog of indexes, opening them with a request's key (through
 * the {@link KeyVault}), and the training worker. An index is loaded into memory the first time a
 * request opens it with a valid credential and stays loaded; every later request's credential is
 * checked again, in constant time, before it touches the index.
 */
public final class Database implements AutoCloseable {

    /** Longest index name, in UTF-8 bytes. */
    public static final int MAX_NAME_BYTES = 255;

    private static final Logger LOG = System.getLogger(Database.class.getName());

    private final Store store;
    private final EngineResources resources;
    private final DatabaseSettings settings;
    private final Catalog catalog;
    private final KeyVault vault;
    private final TrainingService training;
    private final ConcurrentHashMap<String, VectorIndex> loaded = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Object> loadLocks = new ConcurrentHashMap<>();
    private final Object catalogLock = new Object();
    private final SecureRandom random = new SecureRandom();

    private Database(Store store, EngineResources resources, DatabaseSettings settings, KeyProviders providers) {
        this.store = store;
        this.resources = resources;
        this.settings = settings;
        this.catalog = new Catalog(store);
        this.vault = new KeyVault(store, providers);
        this.training = new TrainingService(settings.retrainThreshold(), settings.minTrainingVectors());
    }

    /** Opens the database over a store built by the caller (tests, benchmarks), with no key providers. */
    public static Database open(Store store, EngineResources resources, DatabaseSettings settings) {
        return open(store, resources, settings, KeyProviders.none());
    }

    /** Opens the database over {@code store}; KMS-backed indexes use {@code providers}. */
    public static Database open(Store store, EngineResources resources, DatabaseSettings settings,
                                KeyProviders providers) {
        return new Database(store, resources, settings, providers);
    }

    /**
     * Opens the database over {@code storage}, the way a server does; KMS-backed indexes use
     * {@code providers}. The storage stays open; its owner closes it after the database.
     */
    public static Database open(Storage storage, EngineResources resources, DatabaseSettings settings,
                                KeyProviderSet providers) {
        return open(storage.store(), resources, settings, providers.providers());
    }

    /** The store type, for {@code /v1/health}. */
    public String storageType() {
        return store.type();
    }

    /** Every index name, sorted. */
    public List<String> indexNames() {
        return StorageFaults.call(() -> catalog.names().stream().sorted().toList());
    }

    /**
     * Creates an empty index under {@code access}'s index key or, when {@code kmsName} is set,
     * under that key provider.
     */
    public void create(String name, IndexConfig config, Access access, String kmsName) {
        StorageFaults.run(() -> {
            checkName(name);
            if (access.isUser()) {
                throw new AccessDeniedException("a user API key cannot create indexes");
            }
            byte[] key = access.indexKey();
            if (kmsName != null && key != null) {
                throw new KeyModeException("index_key and kms_name are mutually exclusive");
            }
            if (kmsName == null && key == null) {
                throw new KeyModeException("index_key or kms_name is required to create an index");
            }
            Credential credential = key != null ? new Credential.ClientKey(key) : new Credential.Kms(kmsName);
            Arrays.fill(key == null ? new byte[0] : key, (byte) 0);
            synchronized (catalogLock) {
                if (catalog.find(name) != null) {
                    throw new IndexExistsException(name);
                }
                byte[] indexId = new byte[16];
                random.nextBytes(indexId);
                WriteBatch batch = new WriteBatch();
                IndexKeys keys = KeyErrors.translate(() -> vault.create(indexId, credential, batch));
                VectorIndex index = VectorIndex.create(name, indexId, config, keys, store, resources, batch);
                catalog.put(new Catalog.Entry(name, indexId, kmsName), batch);
                store.write(batch, Durability.SYNC);
                loaded.put(name, index);
            }
        });
    }

    /**
     * Opens {@code name} for a request with {@code access}: checks the credential before anything
     * else and returns a session limited to what the credential may do.
     */
    public IndexSession open(String name, Access access) {
        return StorageFaults.call(() -> {
            Catalog.Entry entry = catalog.find(name);
            if (entry == null) {
                // A token opens only its own index: telling "no such index" from "not your key" would
                // let any token holder probe which index names exist.
                throw access.isUser() ? new InvalidKeyException() : new IndexNotFoundException(name);
            }
            Credential credential = credential(entry, access);
            Set<dev.sealdex.engine.model.Permission> granted;
            VectorIndex index = loaded.get(name);
            if (index != null && Arrays.equals(index.indexId(), entry.indexId())) {
                granted = checkCredential(entry, credential);
            } else {
                granted = checkCredential(entry, credential);
                index = load(entry, credential);
            }
            return new IndexSession(this, index, entry, credential, granted);
        });
    }

    /** Deletes {@code name} and everything stored for it (key material included). */
    public void delete(String name, Access access) {
        StorageFaults.run(() -> {
            IndexSession session = open(name, access);
            session.requireRoot();
            training.forget(name);
            synchronized (catalogLock) {
                Catalog.Entry entry = entry(name);
                WriteBatch batch = new WriteBatch();
                catalog.remove(name, batch);
                vault.deleteAll(entry.indexId(), batch);
                batch.deletePrefix(VectorIndex.namespace(entry.indexId()), new byte[0]);
                store.write(batch, Durability.SYNC);
                loaded.remove(name, session.index());
            }
        });
    }

    /**
     * Re-wraps the data key of {@code name} under {@code newKey}, atomically, without re-encrypting
     * anything; the old key stops working. Only for indexes created with an index key.
     */
    public void rotateKey(String name, Access access, byte[] newKey) {
        StorageFaults.run(() -> {
            Catalog.Entry entry = entry(name);
            if (access.isUser()) {
                throw new AccessDeniedException("a user API key cannot rotate index keys");
            }
            Credential credential = credential(entry, access);
            KeyErrors.translate(() -> {
                vault.rotate(entry.indexId(), credential, newKey);
                return null;
            });
        });
    }

    /**
     * Whether {@code token} is a live RBAC user token of some index (so a route it may not call
     * is refused as access denied, while a revoked or invented token is a wrong key).
     */
    public boolean isUserToken(String token) {
        return StorageFaults.call(() -> {
            Credential credential = new Credential.UserToken(token);
            for (String name : catalog.names()) {
                Catalog.Entry entry = catalog.find(name);
                try {
                    if (entry != null) {
                        vault.permissions(entry.indexId(), credential);
                        return true;
                    }
                } catch (RuntimeException ignored) {
                    // Not a user of this index.
                }
            }
            return false;
        });
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

    KeyVault vault() {
        return vault;
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
                index.awaitBackgroundCheckpoint();
                index.checkpoint();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Checkpoint of index " + index.name() + " at shutdown failed", e);
            }
        }
        loaded.clear();
    }

    private Set<dev.sealdex.engine.model.Permission> checkCredential(Catalog.Entry entry, Credential credential) {
        try {
            return KeyErrors.translate(() -> vault.permissions(entry.indexId(), credential));
        } catch (InvalidKeyException e) {
            if (credential instanceof Credential.UserToken && validElsewhere(entry, credential)) {
                throw new AccessDeniedException("this API key belongs to another index");
            }
            throw e;
        }
    }

    /** Whether a user token that failed on {@code entry} opens some other index (access denied, not a wrong key). */
    private boolean validElsewhere(Catalog.Entry entry, Credential credential) {
        return credential instanceof Credential.UserToken token && isUserToken(token.token());
    }

    private VectorIndex load(Catalog.Entry entry, Credential credential) {
        synchronized (loadLocks.computeIfAbsent(entry.name(), n -> new Object())) {
            VectorIndex index = loaded.get(entry.name());
            if (index != null && Arrays.equals(index.indexId(), entry.indexId())) {
                return index;
            }
            IndexKeys keys = KeyErrors.translate(() -> vault.open(entry.indexId(), credential));
            try {
                index = VectorIndex.open(entry.name(), entry.indexId(), keys, store, resources);
            } catch (IntegrityException e) {
                // The client learns which file and offset, not where the data folder is; the cause keeps the path.
                String what = e instanceof StoreCorruptionException damage
                        ? damage.file().getFileName() + " at offset " + damage.offset() : e.getMessage();
                throw new StorageCorruptionException("index '" + entry.name() + "' cannot be loaded: its stored data"
                        + " failed an integrity check (" + what + ")", e);
            }
            loaded.put(entry.name(), index);
            return index;
        }
    }

    private Catalog.Entry entry(String name) {
        Catalog.Entry entry = catalog.find(name);
        if (entry == null) {
            throw new IndexNotFoundException(name);
        }
        return entry;
    }

    /** The vault credential for {@code access} on {@code entry}, with CyborgDB's key-mode errors. */
    private static Credential credential(Catalog.Entry entry, Access access) {
        if (access.isUser()) {
            return new Credential.UserToken(access.userToken());
        }
        byte[] key = access.indexKey();
        if (entry.kmsBacked()) {
            if (key != null) {
                Arrays.fill(key, (byte) 0);
                throw new KeyModeException(KeyModeException.KMS_BACKED);
            }
            return new Credential.Kms(entry.kmsName());
        }
        if (key == null) {
            throw new KeyModeException("index_key is required for index '" + entry.name() + "'");
        }
        try {
            return new Credential.ClientKey(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidArgumentException(List.of("index_name"), "index_name must not be empty");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new InvalidArgumentException(List.of("index_name"),
                    "index_name must be at most " + MAX_NAME_BYTES + " bytes");
        }
    }
}
