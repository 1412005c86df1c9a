package dev.sealdex.engine.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealdex.engine.crypto.IndexKeys;
import dev.sealdex.engine.crypto.KeyPurpose;
import dev.sealdex.engine.crypto.ObjectKind;
import dev.sealdex.engine.model.Permission;
import dev.sealdex.engine.model.UserGrant;
import dev.sealdex.engine.store.Durability;
import dev.sealdex.engine.store.MemoryStore;
import dev.sealdex.engine.store.WriteBatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** KMS-backed indexes with the {@code file} and {@code env} providers. */
class KmsKeyVaultTest {

    private static final byte[] INDEX = KeyVaultTest.INDEX;

    @TempDir
    Path dir;

    private final MemoryStore store = new MemoryStore();
    private final Map<String, String> env = new HashMap<>();

    @AfterEach
    void close() {
        store.close();
    }

    private Path keyFile(String name, String permissions, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    private KeyProviders providers() {
        return KeyProviders.fromConfig(Map.of(
                "local", Map.of("provider", "file", "path", dir.resolve("kek").toString()),
                "from-env", Map.of("provider", "env", "variable", "SEALDEX_TEST_KEK")), env);
    }

    private KeyVault vault() {
        return new KeyVault(store, providers());
    }

    private IndexKeys create(KeyVault vault, byte[] indexId, Credential credential) {
        WriteBatch batch = new WriteBatch();
        IndexKeys keys = vault.create(indexId, credential, batch);
        store.write(batch, Durability.SYNC);
        return keys;
    }

    @Test
    void aFileProviderWrapsAndUnwraps() throws IOException {
        keyFile("kek", "rw-------", KeyVaultTest.bytes(9));
        KeyVault vault = vault();
        byte[] sealed = create(vault, INDEX, new Credential.Kms("local")).cipher(KeyPurpose.METADATA)
                .seal(ObjectKind.MANIFEST, 1, "config".getBytes(StandardCharsets.UTF_8));
        assertEquals(new KeyMode.KmsBacked("local"), vault.mode(INDEX).orElseThrow());
        assertEquals("config", new String(vault.open(INDEX).cipher(KeyPurpose.METADATA).open(ObjectKind.MANIFEST, 1, sealed),
                StandardCharsets.UTF_8));
        vault.open(INDEX, new Credential.Kms("local"));

        CredentialModeException withKey = assertThrows(CredentialModeException.class,
                () -> vault.open(INDEX, KeyVaultTest.client(KeyVaultTest.KEY)));
        assertEquals("index is KMS-backed; do not supply index_key. Omit index_key from the request.", withKey.getMessage());
        assertEquals(new KeyMode.KmsBacked("local"), withKey.mode());
        assertThrows(CredentialModeException.class, () -> vault.open(INDEX, new Credential.Kms("from-env")));
        assertThrows(CredentialModeException.class, () -> vault.rotate(INDEX, new Credential.Kms("local"), KeyVaultTest.KEY));

        // Users work on KMS-backed indexes too.
        UserGrant user = vault.addUser(INDEX, new Credential.Kms("local"), Set.of(Permission.READ));
        vault.open(INDEX, new Credential.UserToken(user.token()));

        // A hex key file works as well as a raw one.
        keyFile("kek", "rw-------", (HexFormat.of().formatHex(KeyVaultTest.bytes(9)) + "\n").getBytes(StandardCharsets.US_ASCII));
        vault.open(INDEX);
    }

    @Test
    void aKeyFileOthersCanReadIsRefused() throws IOException {
        keyFile("kek", "rw-r--r--", KeyVaultTest.bytes(9));
        KeyProviderUnavailableException e = assertThrows(KeyProviderUnavailableException.class,
                () -> create(vault(), INDEX, new Credential.Kms("local")));
        assertTrue(e.getMessage().contains("chmod 600") && e.getMessage().contains("rw-r--r--"), e.getMessage());
        assertEquals("local", e.provider());
        assertTrue(vault().mode(INDEX).isEmpty(), "nothing is stored when the provider fails");
    }

    @Test
    void anUnreachableProviderIsItsOwnError() throws IOException {
        KeyVault vault = vault();
        assertTrue(assertThrows(KeyProviderUnavailableException.class,
                () -> create(vault, INDEX, new Credential.Kms("local"))).getMessage().contains("does not exist"));
        assertTrue(assertThrows(KeyProviderUnavailableException.class,
                () -> create(vault, INDEX, new Credential.Kms("from-env"))).getMessage().contains("not set"));
        assertThrows(UnknownKeyProviderException.class, () -> create(vault, INDEX, new Credential.Kms("aws")));
        assertEquals(Set.of("local", "from-env"), providers().problems().keySet());

        keyFile("kek", "rw-------", "too short".getBytes(StandardCharsets.US_ASCII));
        assertTrue(assertThrows(KeyProviderUnavailableException.class,
                () -> create(vault, INDEX, new Credential.Kms("local"))).getMessage().contains("64 hex"));

        // Created, then the key disappears or changes: 502-class, never a silent fallback.
        keyFile("kek", "rw-------", KeyVaultTest.bytes(9));
        create(vault, INDEX, new Credential.Kms("local"));
        keyFile("kek", "rw-------", KeyVaultTest.bytes(10));
        assertTrue(assertThrows(KeyProviderUnavailableException.class, () -> vault.open(INDEX))
                .getMessage().contains("different key"));
        Files.delete(dir.resolve("kek"));
        assertThrows(KeyProviderUnavailableException.class, () -> vault.open(INDEX));
        KeyVault unconfigured = new KeyVault(store, KeyProviders.none());
        assertTrue(assertThrows(KeyProviderUnavailableException.class, () -> unconfigured.open(INDEX))
                .getMessage().contains("no longer configured"));
    }

    @Test
    void anEnvProviderReadsHexFromItsVariable() {
        env.put("SEALDEX_TEST_KEK", HexFormat.of().formatHex(KeyVaultTest.bytes(4)));
        KeyVault vault = vault();
        create(vault, INDEX, new Credential.Kms("from-env"));
        vault.open(INDEX);
        env.put("SEALDEX_TEST_KEK", "not hex");
        assertThrows(KeyProviderUnavailableException.class, () -> vault.open(INDEX));
    }

    @Test
    void malformedRegistrySlotsFailStartUpInOneSentence() {
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> KeyProviders.fromConfig(Map.of("s", Map.of("provider", "aws-kms")), env));
        assertEquals("kms.registry.s.provider is 'aws-kms'; Sealdex supports 'file' and 'env'.", type.getMessage());
        IllegalArgumentException path = assertThrows(IllegalArgumentException.class,
                () -> KeyProviders.fromConfig(Map.of("s", Map.of("provider", "file")), env));
        assertEquals("kms.registry.s.path must be set for a 'file' provider.", path.getMessage());
    }
}
