package dev.sealdex.engine.keys;

import dev.sealdex.engine.crypto.IndexKeys;
import dev.sealdex.engine.crypto.IntegrityException;
import dev.sealdex.engine.crypto.NonceSequence;
import dev.sealdex.engine.model.Permission;
import dev.sealdex.engine.model.UserGrant;
import dev.sealdex.engine.model.UserInfo;
import dev.sealdex.engine.store.Durability;
import dev.sealdex.engine.store.Store;
import dev.sealdex.engine.store.WriteBatch;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;

/**
 * Keeps each index's data key (DEK) wrapped, and hands out the {@link IndexKeys} derived from it
 * to callers that prove a credential: the client's {@code index_key}, an RBAC user's token, or a
 * configured KMS provider. The DEK is never stored in the clear and no KEK is stored at all.
 *
 * <table>
 *   <caption>What is stored, in namespace {@value #NAMESPACE}</caption>
 *   <tr><th>key</th><th>value</th></tr>
 *   <tr><td>index id (16) || {@code 01}</td><td>{@link IndexKeyRecord}: mode, data-key id, wrapped DEK</td></tr>
 *   <tr><td>index id (16) || {@code 02}</td><td>{@link NonceMark}: the DEK's nonce high-water mark</td></tr>
 *   <tr><td>index id (16) || {@code 03} || user id (16)</td><td>{@link UserKeyRecord}: a user's wrapped DEK</td></tr>
 * </table>
 *
 * <p>A wrong credential is refused by a constant-time key-check comparison before anything but
 * these records is read. Every {@link IndexKeys} of one DEK handed out by this vault shares one
 * {@link NonceSequence}, which reserves nonces durably ({@link Durability#SYNC}) before use, so
 * nonces never repeat under a key, across threads, opens or crashes: calling {@code open} again
 * for an index that is already open is safe. Sealing under the returned keys may therefore write
 * to the store (once per 2^20 nonces), so do not seal from inside a store scan visitor.
 * Thread-safe; use one vault per store.
 */
public final class KeyVault {

    /** The store namespace of all key material. */
    public static final String NAMESPACE = "keys";

    private static final byte INDEX_RECORD = 1;
    private static final byte NONCE_MARK = 2;
    private static final byte USER_RECORD = 3;
    private static final int ID_BYTES = 16;

    private final Store store;
    private final KeyProviders providers;
    private final RandomGenerator random;
    private final ReentrantLock changes = new ReentrantLock();
    private final NonceSequences sequences;

    /** An unwrapped DEK (wipe it), with the index record and what the credential may do. */
    private record Unwrapped(byte[] dek, IndexKeyRecord record, Set<Permission> permissions) {
    }

    /** A vault over {@code store}, with {@code providers} for KMS-backed indexes. */
    public KeyVault(Store store, KeyProviders providers) {
        this(store, providers, new SecureRandom());
    }

    /** A vault with a given source of randomness; tests pass a seeded one to pin formats. */
    KeyVault(Store store, KeyProviders providers, RandomGenerator random) {
        this.store = Objects.requireNonNull(store, "store");
        this.providers = Objects.requireNonNull(providers, "providers");
        this.random = Objects.requireNonNull(random, "random");
        this.sequences = new NonceSequences(this.store, NAMESPACE);
    }

    /**
     * Makes a new random DEK for index {@code indexId}, wraps it for {@code credential} (a client
     * key or a KMS provider) and adds the key record and the first nonce reservation to
     * {@code batch}, so the index and its keys appear together. Write {@code batch} before, or
     * together with, anything sealed under the returned keys.
     *
     * @throws UnknownKeyProviderException     if a {@link Credential.Kms} names no configured provider
     * @throws KeyProviderUnavailableException if that provider cannot wrap
     * @throws IllegalArgumentException        for a user token, or an index id that is not 16 bytes
     * @throws IllegalStateException           if keys already exist for the index
     */
    public IndexKeys create(byte[] indexId, Credential credential, WriteBatch batch) {
        checkId(indexId);
        if (store.get(NAMESPACE, key(indexId, INDEX_RECORD)) != null) {
            throw new IllegalStateException("keys already exist for index " + HexFormat.of().formatHex(indexId));
        }
        byte[] dek = randomBytes(IndexKeys.DEK_BYTES);
        byte[] dataKeyId = randomBytes(ID_BYTES);
        try {
            IndexKeyRecord record = switch (credential) {
                case Credential.ClientKey client -> {
                    KeyMode mode = new KeyMode.ClientSupplied();
                    byte[] kek = client.key();
                    try {
                        yield new IndexKeyRecord(mode, indexId, dataKeyId, KeyEnvelope.wrap(kek, dek,
                                KeyEnvelope.Slot.CLIENT_KEY, IndexKeyRecord.context(mode, indexId, dataKeyId), random));
                    } finally {
                        Arrays.fill(kek, (byte) 0);
                    }
                }
                case Credential.Kms kms -> {
                    KeyProvider provider = providers.find(kms.providerName())
                            .orElseThrow(() -> new UnknownKeyProviderException(kms.providerName()));
                    KeyMode mode = new KeyMode.KmsBacked(provider.name());
                    yield new IndexKeyRecord(mode, indexId, dataKeyId,
                            provider.wrap(dek, IndexKeyRecord.context(mode, indexId, dataKeyId)));
                }
                case Credential.UserToken ignored -> throw new IllegalArgumentException(
                        "an index is created with an index key or a KMS provider, not a user token");
            };
            batch.put(NAMESPACE, key(indexId, INDEX_RECORD), record.encode());
            NonceSequence sequence = sequences.start(indexId, dataKeyId, NonceMark.macKey(dek, indexId),
                    key(indexId, NONCE_MARK), batch);
            return new IndexKeys(dek, indexId, sequence);
        } finally {
            Arrays.fill(dek, (byte) 0);
        }
    }

    /**
     * Opens the keys of index {@code indexId} with {@code credential}.
     *
     * @throws IndexKeysNotFoundException      if nothing is stored for the index
     * @throws WrongKeyException               if the key or token does not open it (or the user was removed)
     * @throws CredentialModeException         if the kind of credential does not fit the index's mode
     * @throws KeyProviderUnavailableException if its KMS provider cannot unwrap
     * @throws IntegrityException              if the stored key material was altered
     */
    public IndexKeys open(byte[] indexId, Credential credential) {
        Unwrapped unwrapped = unwrap(indexId, credential);
        try {
            return new IndexKeys(unwrapped.dek(), indexId, sequences.of(indexId, unwrapped.dek(), unwrapped.record().dataKeyId(), key(indexId, NONCE_MARK)));
        } finally {
            Arrays.fill(unwrapped.dek(), (byte) 0);
        }
    }

    /**
     * Opens a KMS-backed index with the provider it was created with, for requests that bring no
     * key; see {@link #open(byte[], Credential)}.
     *
     * @throws CredentialModeException if the index was created with a client key (one must be given)
     */
    public IndexKeys open(byte[] indexId) {
        KeyMode mode = mode(indexId).orElseThrow(() -> new IndexKeysNotFoundException(indexId));
        if (mode instanceof KeyMode.KmsBacked kms) {
            return open(indexId, new Credential.Kms(kms.providerName()));
        }
        throw new CredentialModeException(mode, "the index was created with an index key; supply index_key");
    }

    /** How index {@code indexId} keeps its key, or empty when nothing is stored for it. */
    public Optional<KeyMode> mode(byte[] indexId) {
        checkId(indexId);
        byte[] bytes = store.get(NAMESPACE, key(indexId, INDEX_RECORD));
        return bytes == null ? Optional.empty() : Optional.of(IndexKeyRecord.decode(bytes, indexId).mode());
    }

    /**
     * What {@code credential} may do on index {@code indexId}, after checking it like
     * {@link #open(byte[], Credential)} but without deriving keys: for the index key only its
     * key-check value is compared (one HKDF, constant time), a KMS provider is not called, and a
     * user token's envelope is unwrapped (its GCM tag authenticates the stored permissions) and
     * wiped. Everything for the index key or its provider, the granted permissions for a user.
     * Use it per request on an index whose keys are already open.
     */
    public Set<Permission> permissions(byte[] indexId, Credential credential) {
        Unwrapped checked = authorize(indexId, credential, false);
        Arrays.fill(checked.dek(), (byte) 0);
        return checked.permissions();
    }

    /**
     * Adds an RBAC user to index {@code indexId} with {@code permissions} (not empty), proving
     * access with {@code admin} (the index key or its provider). Written durably before it
     * returns. The token in the result is shown once and stored nowhere.
     */
    public UserGrant addUser(byte[] indexId, Credential admin, Set<Permission> permissions) {
        if (permissions.isEmpty()) {
            throw new IllegalArgumentException("a user needs at least one of the permissions read and write");
        }
        if (admin instanceof Credential.UserToken) {
            throw new IllegalArgumentException("users are added with the index key or its KMS provider, not a user token");
        }
        Set<Permission> granted = Set.copyOf(EnumSet.copyOf(permissions));
        changes.lock();
        Unwrapped unwrapped = null;
        byte[] secret = randomBytes(UserTokens.SECRET_BYTES);
        try {
            unwrapped = unwrap(indexId, admin);
            byte[] userId = randomBytes(ID_BYTES);
            byte[] dataKeyId = unwrapped.record().dataKeyId();
            byte[] context = UserKeyRecord.context(granted, indexId, userId, dataKeyId);
            byte[] envelope = KeyEnvelope.wrap(secret, unwrapped.dek(), KeyEnvelope.Slot.USER_TOKEN, context, random);
            UserKeyRecord record = new UserKeyRecord(granted, indexId, userId, dataKeyId, envelope);
            store.write(new WriteBatch().put(NAMESPACE, userKey(indexId, userId), record.encode()), Durability.SYNC);
            return new UserGrant(userId, UserTokens.format(userId, secret), granted);
        } finally {
            if (unwrapped != null) {
                Arrays.fill(unwrapped.dek(), (byte) 0);
            }
            Arrays.fill(secret, (byte) 0);
            changes.unlock();
        }
    }

    /** The users of index {@code indexId}, in user-id order. */
    public List<UserInfo> users(byte[] indexId) {
        checkId(indexId);
        List<UserInfo> users = new ArrayList<>();
        store.scan(NAMESPACE, key(indexId, USER_RECORD), (k, v) -> {
            UserKeyRecord record = UserKeyRecord.decode(v);
            users.add(new UserInfo(record.userId(), record.permissions()));
            return true;
        });
        return users;
    }

    /**
     * Removes user {@code userId} from index {@code indexId}, durably: its wrapped copy of the DEK
     * is deleted, so its token can no longer open the index. Returns whether the user existed.
     */
    public boolean removeUser(byte[] indexId, byte[] userId) {
        checkId(indexId);
        checkId(userId);
        changes.lock();
        try {
            byte[] key = userKey(indexId, userId);
            if (store.get(NAMESPACE, key) == null) {
                return false;
            }
            store.write(new WriteBatch().delete(NAMESPACE, key), Durability.SYNC);
            return true;
        } finally {
            changes.unlock();
        }
    }

    /**
     * Re-wraps the DEK of a client-key index under {@code newKey}, atomically and durably; no data
     * is re-encrypted, users keep working, and {@code current} stops working.
     *
     * @throws WrongKeyException        if {@code current} is not the index's key
     * @throws CredentialModeException  if the index is KMS-backed or {@code current} is not a client key
     */
    public void rotate(byte[] indexId, Credential current, byte[] newKey) {
        Credential.ClientKey next = new Credential.ClientKey(newKey);
        changes.lock();
        try {
            KeyMode mode = mode(indexId).orElseThrow(() -> new IndexKeysNotFoundException(indexId));
            if (!(current instanceof Credential.ClientKey) || !(mode instanceof KeyMode.ClientSupplied)) {
                throw new CredentialModeException(mode, "only an index created with an index key can have its key"
                        + " rotated, and only with that key");
            }
            Unwrapped unwrapped = unwrap(indexId, current);
            byte[] kek = next.key();
            try {
                IndexKeyRecord old = unwrapped.record();
                IndexKeyRecord record = new IndexKeyRecord(old.mode(), indexId, old.dataKeyId(),
                        KeyEnvelope.wrap(kek, unwrapped.dek(), KeyEnvelope.Slot.CLIENT_KEY, old.context(), random));
                store.write(new WriteBatch().put(NAMESPACE, key(indexId, INDEX_RECORD), record.encode()), Durability.SYNC);
            } finally {
                Arrays.fill(unwrapped.dek(), (byte) 0);
                Arrays.fill(kek, (byte) 0);
            }
        } finally {
            changes.unlock();
        }
    }

    /** Adds the deletion of every key record of index {@code indexId} (users included) to {@code batch}. */
    public void deleteAll(byte[] indexId, WriteBatch batch) {
        checkId(indexId);
        batch.deletePrefix(NAMESPACE, indexId.clone());
        sequences.forget(indexId);
    }

    private Unwrapped unwrap(byte[] indexId, Credential credential) {
        return authorize(indexId, credential, true);
    }

    /** Checks {@code credential}; with {@code unwrap}, also unwraps the DEK (else {@code dek} is empty). */
    private Unwrapped authorize(byte[] indexId, Credential credential, boolean unwrap) {
        checkId(indexId);
        byte[] bytes = store.get(NAMESPACE, key(indexId, INDEX_RECORD));
        if (bytes == null) {
            throw new IndexKeysNotFoundException(indexId);
        }
        IndexKeyRecord record = IndexKeyRecord.decode(bytes, indexId);
        Set<Permission> all = EnumSet.allOf(Permission.class);
        return switch (credential) {
            case Credential.ClientKey client -> {
                if (record.mode() instanceof KeyMode.KmsBacked) {
                    throw new CredentialModeException(record.mode(),
                            "index is KMS-backed; do not supply index_key. Omit index_key from the request.");
                }
                byte[] kek = client.key();
                try {
                    if (!unwrap) {
                        KeyEnvelope.check(kek, record.wrapped(), KeyEnvelope.Slot.CLIENT_KEY);
                        yield new Unwrapped(new byte[0], record, all);
                    }
                    yield new Unwrapped(KeyEnvelope.unwrap(kek, record.wrapped(), KeyEnvelope.Slot.CLIENT_KEY,
                            record.context()), record, all);
                } finally {
                    Arrays.fill(kek, (byte) 0);
                }
            }
            case Credential.Kms kms -> {
                if (!(record.mode() instanceof KeyMode.KmsBacked backed)) {
                    throw new CredentialModeException(record.mode(),
                            "the index was created with an index key; supply index_key");
                }
                if (!backed.providerName().equals(kms.providerName())) {
                    throw new CredentialModeException(record.mode(), "the index is backed by KMS provider '"
                            + backed.providerName() + "', not '" + kms.providerName() + "'");
                }
                if (!unwrap) {
                    yield new Unwrapped(new byte[0], record, all);
                }
                KeyProvider provider = providers.find(backed.providerName()).orElseThrow(() ->
                        new KeyProviderUnavailableException(backed.providerName(), "it is no longer configured"));
                yield new Unwrapped(provider.unwrap(record.wrapped(), record.context()), record, all);
            }
            case Credential.UserToken token -> {
                UserTokens.Parsed parsed = UserTokens.parse(token.token());
                try {
                    byte[] stored = store.get(NAMESPACE, userKey(indexId, parsed.userId()));
                    if (stored == null) {
                        throw new WrongKeyException("the user token is unknown for this index or was revoked");
                    }
                    UserKeyRecord user = UserKeyRecord.decode(stored);
                    if (!Arrays.equals(user.indexId(), indexId) || !Arrays.equals(user.userId(), parsed.userId())
                            || !Arrays.equals(user.dataKeyId(), record.dataKeyId())) {
                        throw new IntegrityException("a user key record does not belong where it is stored");
                    }
                    // Always unwrapped: the GCM tag is what authenticates the stored permissions.
                    yield new Unwrapped(KeyEnvelope.unwrap(parsed.secret(), user.envelope(),
                            KeyEnvelope.Slot.USER_TOKEN, user.context()), record, user.permissions());
                } finally {
                    Arrays.fill(parsed.secret(), (byte) 0);
                }
            }
        };
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] key(byte[] indexId, byte tag) {
        byte[] key = Arrays.copyOf(indexId, ID_BYTES + 1);
        key[ID_BYTES] = tag;
        return key;
    }

    private static byte[] userKey(byte[] indexId, byte[] userId) {
        byte[] key = Arrays.copyOf(indexId, ID_BYTES + 1 + ID_BYTES);
        key[ID_BYTES] = USER_RECORD;
        System.arraycopy(userId, 0, key, ID_BYTES + 1, ID_BYTES);
        return key;
    }


    private static void checkId(byte[] id) {
        if (id == null || id.length != ID_BYTES) {
            throw new IllegalArgumentException("index and user ids are 16 bytes");
        }
    }
}
