package dev.sealdex.engine.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealdex.engine.crypto.IndexKeys;
import dev.sealdex.engine.crypto.IntegrityException;
import dev.sealdex.engine.crypto.KeyPurpose;
import dev.sealdex.engine.crypto.NonceSequence;
import dev.sealdex.engine.crypto.ObjectKind;
import dev.sealdex.engine.model.Permission;
import dev.sealdex.engine.model.UserGrant;
import dev.sealdex.engine.model.UserInfo;
import dev.sealdex.engine.store.Durability;
import dev.sealdex.engine.store.MemoryStore;
import dev.sealdex.engine.store.Store;
import dev.sealdex.engine.store.WriteBatch;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeyVaultTest {

    static final byte[] INDEX = "index-a-16-bytes".getBytes(StandardCharsets.US_ASCII);
    static final byte[] OTHER_INDEX = "index-b-16-bytes".getBytes(StandardCharsets.US_ASCII);
    static final byte[] KEY = bytes(1);
    static final byte[] WRONG_KEY = bytes(2);

    /** Records which namespaces were read, to show a wrong key is refused before index data is touched. */
    static final class WatchedStore implements Store {
        final MemoryStore inner = new MemoryStore();
        final List<String> reads = new ArrayList<>();

        @Override
        public String type() {
            return inner.type();
        }

        @Override
        public byte[] get(String namespace, byte[] key) {
            reads.add(namespace);
            return inner.get(namespace, key);
        }

        @Override
        public void scan(String namespace, byte[] prefix, ScanVisitor visitor) {
            reads.add(namespace);
            inner.scan(namespace, prefix, visitor);
        }

        @Override
        public void write(WriteBatch batch, Durability durability) {
            inner.write(batch, durability);
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    private final WatchedStore store = new WatchedStore();
    private final KeyVault vault = new KeyVault(store, KeyProviders.none());

    @AfterEach
    void close() {
        store.close();
    }

    static byte[] bytes(int seed) {
        byte[] key = new byte[32];
        new Random(seed).nextBytes(key);
        return key;
    }

    static Credential.ClientKey client(byte[] key) {
        return new Credential.ClientKey(key);
    }

    private IndexKeys create(byte[] indexId, Credential credential) {
        WriteBatch batch = new WriteBatch();
        IndexKeys keys = vault.create(indexId, credential, batch);
        batch.put("items", indexId, "the index's own record".getBytes(StandardCharsets.UTF_8));
        store.write(batch, Durability.SYNC);
        return keys;
    }

    private static byte[] seal(IndexKeys keys, String text) {
        return keys.cipher(KeyPurpose.ITEMS).seal(ObjectKind.ITEM, 7, text.getBytes(StandardCharsets.UTF_8));
    }

    private static String open(IndexKeys keys, byte[] sealed) {
        return new String(keys.cipher(KeyPurpose.ITEMS).open(ObjectKind.ITEM, 7, sealed), StandardCharsets.UTF_8);
    }

    private static long counter(byte[] sealed) {
        return ByteBuffer.wrap(sealed, 8, 8).getLong();
    }

    @Test
    void theIndexKeyOpensWhatItCreated() {
        byte[] sealed = seal(create(INDEX, client(KEY)), "secret");
        assertEquals("secret", open(vault.open(INDEX, client(KEY)), sealed));
        assertEquals(new KeyMode.ClientSupplied(), vault.mode(INDEX).orElseThrow());
        assertEquals(EnumSet.allOf(Permission.class), vault.permissions(INDEX, client(KEY)));
        assertTrue(vault.mode(OTHER_INDEX).isEmpty());
        assertThrows(IndexKeysNotFoundException.class, () -> vault.open(OTHER_INDEX, client(KEY)));
        assertThrows(IllegalStateException.class, () -> vault.create(INDEX, client(KEY), new WriteBatch()));
    }

    @Test
    void aWrongKeyIsRefusedBeforeAnyIndexDataIsRead() {
        create(INDEX, client(KEY));
        store.reads.clear();
        WrongKeyException e = assertThrows(WrongKeyException.class, () -> vault.open(INDEX, client(WRONG_KEY)));
        assertFalse(e.getMessage().contains(java.util.HexFormat.of().formatHex(WRONG_KEY)));
        assertEquals(List.of(KeyVault.NAMESPACE), store.reads);
        assertThrows(WrongKeyException.class, () -> vault.permissions(INDEX, client(WRONG_KEY)));
        assertThrows(CredentialModeException.class, () -> vault.open(INDEX));
    }

    @Test
    void usersOpenWithTheirTokenUntilRemoved() {
        IndexKeys root = create(INDEX, client(KEY));
        create(OTHER_INDEX, client(KEY));
        byte[] sealed = seal(root, "for readers");
        UserGrant reader = vault.addUser(INDEX, client(KEY), Set.of(Permission.READ));
        UserGrant writer = vault.addUser(INDEX, client(KEY), Set.of(Permission.READ, Permission.WRITE));
        assertTrue(reader.token().startsWith("cdbk_") && reader.token().length() == 69, reader.token());
        assertEquals(32, reader.userIdHex().length());
        assertFalse(reader.toString().contains(reader.token()));

        Credential token = new Credential.UserToken(reader.token());
        assertEquals("for readers", open(vault.open(INDEX, token), sealed));
        assertEquals(Set.of(Permission.READ), vault.permissions(INDEX, token));
        assertEquals(EnumSet.allOf(Permission.class), vault.permissions(INDEX, new Credential.UserToken(writer.token())));
        assertEquals(2, vault.users(INDEX).size());
        assertTrue(vault.users(INDEX).contains(new UserInfo(reader.userId(), Set.of(Permission.READ))));
        assertEquals(List.of(), vault.users(OTHER_INDEX));

        // A token is bound to its index, and a forged or mangled one is just a wrong key.
        assertThrows(WrongKeyException.class, () -> vault.open(OTHER_INDEX, token));
        assertThrows(WrongKeyException.class, () -> vault.open(INDEX, new Credential.UserToken("cdbk_nope")));
        String forged = reader.token().substring(0, 40) + (reader.token().charAt(40) == 'A' ? 'B' : 'A')
                + reader.token().substring(41);
        assertThrows(WrongKeyException.class, () -> vault.open(INDEX, new Credential.UserToken(forged)));
        assertThrows(IllegalArgumentException.class, () -> vault.addUser(INDEX, token, Set.of(Permission.READ)));
        assertThrows(IllegalArgumentException.class, () -> vault.addUser(INDEX, client(KEY), Set.of()));
        assertThrows(WrongKeyException.class, () -> vault.addUser(INDEX, client(WRONG_KEY), Set.of(Permission.READ)));

        assertTrue(vault.removeUser(INDEX, reader.userId()));
        assertFalse(vault.removeUser(INDEX, reader.userId()));
        assertThrows(WrongKeyException.class, () -> vault.open(INDEX, token));
        assertEquals(List.of(new UserInfo(writer.userId(), writer.permissions())), vault.users(INDEX));
        assertEquals("for readers", open(vault.open(INDEX, new Credential.UserToken(writer.token())), sealed));
    }

    @Test
    void aUsersPermissionsCannotBeEditedOnDisk() {
        create(INDEX, client(KEY));
        UserGrant reader = vault.addUser(INDEX, client(KEY), Set.of(Permission.READ));
        byte[] userKey = Arrays.copyOf(INDEX, 33);
        userKey[16] = 3;
        System.arraycopy(reader.userId(), 0, userKey, 17, 16);
        byte[] record = store.get(KeyVault.NAMESPACE, userKey);
        record[5] = 3; // read -> read + write
        store.write(new WriteBatch().put(KeyVault.NAMESPACE, userKey, record), Durability.SYNC);
        assertThrows(IntegrityException.class, () -> vault.open(INDEX, new Credential.UserToken(reader.token())));
        assertThrows(IntegrityException.class, () -> vault.permissions(INDEX, new Credential.UserToken(reader.token())));
    }

    @Test
    void rotationRewrapsWithoutReencrypting() {
        IndexKeys keys = create(INDEX, client(KEY));
        byte[] sealed = seal(keys, "kept across rotation");
        UserGrant user = vault.addUser(INDEX, client(KEY), Set.of(Permission.READ));
        assertThrows(WrongKeyException.class, () -> vault.rotate(INDEX, client(WRONG_KEY), bytes(3)));
        vault.rotate(INDEX, client(KEY), bytes(3));
        assertThrows(WrongKeyException.class, () -> vault.open(INDEX, client(KEY)));
        assertEquals("kept across rotation", open(vault.open(INDEX, client(bytes(3))), sealed));
        assertEquals("kept across rotation", open(vault.open(INDEX, new Credential.UserToken(user.token())), sealed));
        // Keys opened before and after share one nonce sequence: no counter is used twice.
        long before = counter(seal(keys, "x"));
        long after = counter(seal(vault.open(INDEX, client(bytes(3))), "y"));
        assertEquals(before + 1, after);
    }

    @Test
    void deletingAnIndexDeletesAllItsKeyMaterial() {
        create(INDEX, client(KEY));
        create(OTHER_INDEX, client(KEY));
        vault.addUser(INDEX, client(KEY), Set.of(Permission.WRITE));
        WriteBatch batch = new WriteBatch();
        vault.deleteAll(INDEX, batch);
        store.write(batch, Durability.SYNC);
        assertThrows(IndexKeysNotFoundException.class, () -> vault.open(INDEX, client(KEY)));
        assertEquals(List.of(), vault.users(INDEX));
        int[] left = {0};
        store.scan(KeyVault.NAMESPACE, new byte[0], (k, v) -> {
            assertFalse(Arrays.equals(k, 0, 16, INDEX, 0, 16), "key material of the deleted index is left");
            left[0]++;
            return true;
        });
        assertEquals(2, left[0], "the other index keeps its record and nonce mark");
        // The name can be used again at once, with a new data key.
        create(INDEX, client(WRONG_KEY));
        assertThrows(WrongKeyException.class, () -> vault.open(INDEX, client(KEY)));
    }

    @Test
    void noncesResumeAboveThePersistedMarkAndTheMarkIsAuthenticated() {
        IndexKeys keys = create(INDEX, client(KEY));
        assertEquals(0, counter(seal(keys, "first")));
        // A new vault over the same store is what a restart sees.
        KeyVault restarted = new KeyVault(store, KeyProviders.none());
        IndexKeys reopened = restarted.open(INDEX, client(KEY));
        assertEquals(NonceSequence.CHUNK, counter(seal(reopened, "after restart")));
        byte[] markKey = Arrays.copyOf(INDEX, 17);
        markKey[16] = 2;
        byte[] mark = store.get(KeyVault.NAMESPACE, markKey);
        assertEquals(2 * NonceSequence.CHUNK, ByteBuffer.wrap(mark, 24, 8).getLong(), "reserved before use");
        // Lowering the mark (to make nonces repeat) needs the data key.
        mark[29] = 0; // 2 * 2^20 -> 0
        store.write(new WriteBatch().put(KeyVault.NAMESPACE, markKey, mark), Durability.SYNC);
        assertThrows(IntegrityException.class, () -> new KeyVault(store, KeyProviders.none()).open(INDEX, client(KEY)));
        store.write(new WriteBatch().delete(KeyVault.NAMESPACE, markKey), Durability.SYNC);
        assertThrows(IntegrityException.class, () -> new KeyVault(store, KeyProviders.none()).open(INDEX, client(KEY)));
    }

    @Test
    void aMillionAndMoreNoncesUnderOneKeyNeverRepeat() {
        IndexKeys keys = create(INDEX, client(KEY));
        int count = (int) NonceSequence.CHUNK + 50_000;
        long[] counters = new long[count];
        byte[] empty = new byte[0];
        for (int i = 0; i < count; i++) {
            counters[i] = counter(keys.cipher(KeyPurpose.VECTORS).seal(ObjectKind.LIST_BLOCK, i, empty));
        }
        Arrays.sort(counters);
        for (int i = 1; i < count; i++) {
            assertTrue(counters[i] > counters[i - 1], "a nonce repeated");
        }
        // The second chunk was reserved durably before its first nonce was used.
        IndexKeys restarted = new KeyVault(store, KeyProviders.none()).open(INDEX, client(KEY));
        assertTrue(counter(seal(restarted, "z")) > counters[count - 1]);
    }

    @Test
    void theCreateBatchCarriesTheKeysSoAnUnwrittenCreateLeavesNothing() {
        WriteBatch batch = new WriteBatch();
        vault.create(INDEX, client(KEY), batch);
        assertTrue(vault.mode(INDEX).isEmpty());
        assertEquals(2, batch.size());
        assertInstanceOf(WriteBatch.Put.class, batch.ops().getFirst());
    }
}
