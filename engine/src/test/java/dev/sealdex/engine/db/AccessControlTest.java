package dev.sealdex.engine.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealdex.engine.kernel.Kernels;
import dev.sealdex.engine.kernel.ScalarKernels;
import dev.sealdex.engine.keys.EnvKeyProvider;
import dev.sealdex.engine.keys.KeyProviders;
import dev.sealdex.engine.model.EngineResources;
import dev.sealdex.engine.model.IndexConfig;
import dev.sealdex.engine.model.Item;
import dev.sealdex.engine.model.Metric;
import dev.sealdex.engine.model.Permission;
import dev.sealdex.engine.model.StoragePrecision;
import dev.sealdex.engine.model.UserGrant;
import dev.sealdex.engine.store.MemoryStore;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Users, revocation, key rotation and KMS-backed indexes through the database facade. */
class AccessControlTest {

    private static final int D = 4;
    private static final IndexConfig CONFIG = IndexConfig.standard(D, Metric.EUCLIDEAN, StoragePrecision.FLOAT32);
    private static final String KMS_KEY = HexFormat.of().formatHex(key(99));

    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final MemoryStore store = new MemoryStore();

    @AfterEach
    void close() {
        executor.shutdownNow();
    }

    private Database database(Map<String, String> environment) {
        KeyProviders providers = KeyProviders.of(new EnvKeyProvider("local", "SEALDEX_TEST_KMS", environment));
        return Database.open(store, new EngineResources(new Kernels(ScalarKernels.INSTANCE), executor, 2),
                DatabaseSettings.defaults(), providers);
    }

    private static byte[] key(int seed) {
        byte[] key = new byte[32];
        new SplittableRandom(seed).nextBytes(key);
        return key;
    }

    private static Item item(String id) {
        return new Item(id, new float[] {1, 2, 3, 4}, null, null);
    }

    @Test
    void usersAreScopedByPermissionAndIndexAndRevocationIsFinal() {
        Database db = database(Map.of("SEALDEX_TEST_KMS", KMS_KEY));
        db.create("one", CONFIG, Access.withKey(key(1)), null);
        db.create("two", CONFIG, Access.withKey(key(2)), null);
        IndexSession root = db.open("one", Access.withKey(key(1)));
        root.upsert(List.of(item("a")));
        UserGrant reader = root.createUser(EnumSet.of(Permission.READ));
        UserGrant writer = root.createUser(EnumSet.of(Permission.READ, Permission.WRITE));
        assertTrue(reader.token().startsWith("cdbk_"));
        assertEquals(32, reader.userIdHex().length());
        assertEquals(2, root.users().size());

        IndexSession read = db.open("one", Access.user(reader.token()));
        assertEquals(1, read.count());
        assertThrows(AccessDeniedException.class, () -> read.upsert(List.of(item("b"))));
        assertThrows(AccessDeniedException.class, () -> read.createUser(EnumSet.of(Permission.READ)));
        assertThrows(AccessDeniedException.class, () -> db.delete("one", Access.user(writer.token())));
        IndexSession write = db.open("one", Access.user(writer.token()));
        write.upsert(List.of(item("b")));
        assertEquals(2, write.count());

        // A token used on another index is refused as such (403), an invented one as a wrong key (401).
        assertThrows(AccessDeniedException.class, () -> db.open("two", Access.user(writer.token())));
        assertThrows(InvalidKeyException.class, () -> db.open("one", Access.user("cdbk_" + "A".repeat(64))));
        // To a token, a missing index looks like a wrong token: it cannot probe which names exist.
        assertEquals(InvalidKeyException.DETAIL, assertThrows(InvalidKeyException.class,
                () -> db.open("no_such_index", Access.user(writer.token()))).getMessage());
        assertThrows(InvalidKeyException.class, () -> db.open("no_such_index", Access.user("cdbk_" + "A".repeat(64))));
        assertThrows(IndexNotFoundException.class, () -> db.open("no_such_index", Access.withKey(key(1))));

        assertTrue(db.isUserToken(reader.token()));
        root.deleteUser(reader.userIdHex());
        root.deleteUser(reader.userIdHex());
        assertFalse(db.isUserToken(reader.token()));
        assertFalse(db.isUserToken("cdbk_" + "A".repeat(64)));
        assertThrows(InvalidKeyException.class, () -> db.open("one", Access.user(reader.token())));
        assertEquals(Set.of(writer.userIdHex()), Set.of(root.users().get(0).userIdHex()));
        assertThrows(InvalidArgumentException.class, () -> root.deleteUser("not-hex"));
    }

    @Test
    void rotationRewrapsWithoutReencryptingAndTheOldKeyStops() {
        Database db = database(Map.of());
        db.create("rot", CONFIG, Access.withKey(key(1)), null);
        IndexSession root = db.open("rot", Access.withKey(key(1)));
        root.upsert(List.of(item("a")));
        UserGrant user = root.createUser(EnumSet.of(Permission.READ));
        db.rotateKey("rot", Access.withKey(key(1)), key(2));
        assertThrows(InvalidKeyException.class, () -> db.open("rot", Access.withKey(key(1))));
        assertEquals(1, db.open("rot", Access.withKey(key(2))).count());
        assertEquals(1, db.open("rot", Access.user(user.token())).count());
        // After a restart (a fresh database over the same store) only the new key opens it.
        Database restarted = database(Map.of());
        assertThrows(InvalidKeyException.class, () -> restarted.open("rot", Access.withKey(key(1))));
        assertEquals("a", restarted.open("rot", Access.withKey(key(2))).get(List.of("a")).get(0).id());
        assertThrows(InvalidKeyException.class, () -> db.rotateKey("rot", Access.withKey(key(1)), key(3)));
    }

    @Test
    void kmsBackedIndexesTakeNoIndexKeyAndFailClearlyWithoutTheirProvider() {
        Database db = database(Map.of("SEALDEX_TEST_KMS", KMS_KEY));
        db.create("kms", CONFIG, Access.withKey(null), "local");
        IndexSession session = db.open("kms", Access.withKey(null));
        session.upsert(List.of(item("a")));
        assertEquals("local", session.describe().kmsName());
        KeyModeException sent = assertThrows(KeyModeException.class, () -> db.open("kms", Access.withKey(key(1))));
        assertEquals(KeyModeException.KMS_BACKED, sent.getMessage());
        assertThrows(KeyModeException.class, () -> db.create("bad", CONFIG, Access.withKey(null), "nowhere"));
        assertThrows(KeyModeException.class, () -> db.create("both", CONFIG, Access.withKey(key(1)), "local"));
        assertThrows(KeyModeException.class, () -> db.rotateKey("kms", Access.withKey(null), key(2)));

        // The same store served without the provider's key: a clear provider error, never plaintext.
        Database unreachable = database(Map.of());
        assertThrows(KeyProviderException.class, () -> unreachable.open("kms", Access.withKey(null)));
        Database again = database(Map.of("SEALDEX_TEST_KMS", KMS_KEY));
        assertEquals(1, again.open("kms", Access.withKey(null)).count());
    }
}
