package dev.sealdex.engine.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sealdex.engine.crypto.IndexKeys;
import dev.sealdex.engine.crypto.KeyPurpose;
import dev.sealdex.engine.crypto.ObjectKind;
import dev.sealdex.engine.model.Permission;
import dev.sealdex.engine.model.UserGrant;
import dev.sealdex.engine.store.Durability;
import dev.sealdex.engine.store.MemoryStore;
import dev.sealdex.engine.store.WriteBatch;
import dev.sealdex.engine.testing.Golden;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Golden files for the stored key formats (index key record, user key record, nonce mark) and
 * a sealed item under the golden index: today's code writes them byte for byte, and opens them
 * with the fixed test key and token.
 */
class KeyFormatsTest {

    private static final byte[] INDEX = KeyVaultTest.INDEX;
    private static final byte[] KEY = KeyVaultTest.bytes(1);
    private static final String PLAINTEXT = "a golden item record";

    private static byte[] key(int tag) {
        byte[] key = Arrays.copyOf(INDEX, 17);
        key[16] = (byte) tag;
        return key;
    }

    @Test
    void theVaultWritesItsGoldenRecords() {
        try (MemoryStore store = new MemoryStore()) {
            KeyVault vault = new KeyVault(store, KeyProviders.none(), new Random(11));
            WriteBatch batch = new WriteBatch();
            IndexKeys keys = vault.create(INDEX, new Credential.ClientKey(KEY), batch);
            store.write(batch, Durability.SYNC);
            byte[] token = keys.idTokens().token("golden");
            Golden.check("keys/sealed-item.bin", keys.cipher(KeyPurpose.ITEMS).seal(ObjectKind.ITEM, token,
                    PLAINTEXT.getBytes(StandardCharsets.UTF_8)));
            UserGrant user = vault.addUser(INDEX, new Credential.ClientKey(KEY), Set.of(Permission.READ));
            Golden.check("keys/index-record.bin", store.get(KeyVault.NAMESPACE, key(1)));
            Golden.check("keys/nonce-mark.bin", store.get(KeyVault.NAMESPACE, key(2)));
            byte[][] userRecord = {null};
            store.scan(KeyVault.NAMESPACE, key(3), (k, v) -> {
                userRecord[0] = v;
                return true;
            });
            Golden.check("keys/user-record.bin", userRecord[0]);
            Golden.check("keys/user-token.txt", user.token().getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void theVaultOpensTheGoldenRecords() {
        try (MemoryStore store = new MemoryStore()) {
            byte[] userRecord = Golden.read("keys/user-record.bin");
            byte[] userKey = Arrays.copyOf(key(3), 33);
            System.arraycopy(userRecord, 24, userKey, 17, 16);
            store.write(new WriteBatch()
                    .put(KeyVault.NAMESPACE, key(1), Golden.read("keys/index-record.bin"))
                    .put(KeyVault.NAMESPACE, key(2), Golden.read("keys/nonce-mark.bin"))
                    .put(KeyVault.NAMESPACE, userKey, userRecord), Durability.SYNC);
            KeyVault vault = new KeyVault(store, KeyProviders.none());
            byte[] sealed = Golden.read("keys/sealed-item.bin");
            String token = new String(Golden.read("keys/user-token.txt"), StandardCharsets.US_ASCII);
            for (Credential credential : List.of(new Credential.ClientKey(KEY), new Credential.UserToken(token))) {
                IndexKeys keys = vault.open(INDEX, credential);
                assertEquals(PLAINTEXT, new String(keys.cipher(KeyPurpose.ITEMS).open(ObjectKind.ITEM,
                        keys.idTokens().token("golden"), sealed), StandardCharsets.UTF_8));
            }
            assertEquals(Set.of(Permission.READ), vault.permissions(INDEX, new Credential.UserToken(token)));
            assertEquals(1, vault.users(INDEX).size());
        }
    }
}
