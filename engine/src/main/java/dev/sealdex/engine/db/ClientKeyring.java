package dev.sealdex.engine.db;

import dev.sealdex.engine.crypto.IndexKeys;
import dev.sealdex.engine.crypto.NonceSequence;
import dev.sealdex.engine.store.Durability;
import dev.sealdex.engine.store.Store;
import dev.sealdex.engine.store.WriteBatch;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KDF;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.HKDFParameterSpec;

/**
 * Client-key envelopes: the index's random data key, wrapped with AES-256-GCM under a key derived
 * (HKDF-SHA-256, salt = index id) from the client's {@code index_key}. The GCM tag is the key
 * check: a wrong key fails it, in constant time, before any index data is read.
 *
 * <table>
 *   <caption>Envelope, stored at {@code keys/client} in the index namespace</caption>
 *   <tr><th>offset</th><th>size</th><th>field</th></tr>
 *   <tr><td>0</td><td>4</td><td>magic "SDKE"</td></tr>
 *   <tr><td>4</td><td>1</td><td>version, 1</td></tr>
 *   <tr><td>5</td><td>12</td><td>random nonce</td></tr>
 *   <tr><td>17</td><td>48</td><td>wrapped data key (32) and GCM tag (16); AAD = magic, version, index id</td></tr>
 * </table>
 */
final class ClientKeyring implements Keyring {

    private static final byte[] ENVELOPE_KEY = "keys/client".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NONCE_KEY = "keys/nonce-limit".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MAGIC = "SDKE".getBytes(StandardCharsets.US_ASCII);
    private static final byte VERSION = 1;

    private final Store store;
    private final SecureRandom random = new SecureRandom();

    ClientKeyring(Store store) {
        this.store = store;
    }

    @Override
    public IndexKeys create(byte[] indexId, Access access, String kmsName, WriteBatch batch) {
        if (kmsName != null) {
            throw new KeyModeException("key provider '" + kmsName + "' is not configured");
        }
        byte[] kek = requireKey(access);
        byte[] dek = new byte[IndexKeys.DEK_BYTES];
        random.nextBytes(dek);
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, wrappingKey(kek, indexId), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(aad(indexId));
            byte[] wrapped = cipher.doFinal(dek);
            byte[] envelope = ByteBuffer.allocate(MAGIC.length + 1 + nonce.length + wrapped.length)
                    .put(MAGIC).put(VERSION).put(nonce).put(wrapped).array();
            batch.put(VectorIndexNamespace.of(indexId), ENVELOPE_KEY, envelope);
            return new IndexKeys(dek, indexId, new NonceSequence(0, limit -> reserve(indexId, limit)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM key wrap failed", e);
        } finally {
            Arrays.fill(dek, (byte) 0);
            Arrays.fill(kek, (byte) 0);
        }
    }

    @Override
    public IndexKeys open(byte[] indexId, Access access, String kmsName) {
        if (access.isUser()) {
            throw new InvalidKeyException();
        }
        byte[] kek = requireKey(access);
        byte[] envelope = store.get(VectorIndexNamespace.of(indexId), ENVELOPE_KEY);
        if (envelope == null || envelope.length != MAGIC.length + 1 + 12 + 48
                || !Arrays.equals(envelope, 0, MAGIC.length, MAGIC, 0, MAGIC.length) || envelope[4] != VERSION) {
            throw new StorageCorruptionException("the key envelope of this index is missing or damaged", null);
        }
        byte[] dek = null;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, wrappingKey(kek, indexId), new GCMParameterSpec(128, envelope, 5, 12));
            cipher.updateAAD(aad(indexId));
            dek = cipher.doFinal(envelope, 17, 48);
            byte[] limit = store.get(VectorIndexNamespace.of(indexId), NONCE_KEY);
            long start = limit == null ? 0 : ByteBuffer.wrap(limit).getLong();
            return new IndexKeys(dek, indexId, new NonceSequence(start, next -> reserve(indexId, next)));
        } catch (AEADBadTagException e) {
            throw new InvalidKeyException();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM key unwrap failed", e);
        } finally {
            if (dek != null) {
                Arrays.fill(dek, (byte) 0);
            }
            Arrays.fill(kek, (byte) 0);
        }
    }

    @Override
    public void verify(byte[] indexId, Access access, String kmsName) {
        // Unwrapping is the check: the GCM tag fails for any other key.
        open(indexId, access, kmsName);
    }

    @Override
    public void deleteAll(byte[] indexId, WriteBatch batch) {
        batch.delete(VectorIndexNamespace.of(indexId), ENVELOPE_KEY);
        batch.delete(VectorIndexNamespace.of(indexId), NONCE_KEY);
    }

    private void reserve(byte[] indexId, long limit) {
        store.write(new WriteBatch().put(VectorIndexNamespace.of(indexId), NONCE_KEY, longBytes(limit)),
                Durability.SYNC);
    }

    private static byte[] requireKey(Access access) {
        byte[] key = access.indexKey();
        if (key == null) {
            throw new KeyModeException("index_key is required for this index");
        }
        return key;
    }

    private static SecretKey wrappingKey(byte[] kek, byte[] indexId) throws GeneralSecurityException {
        return KDF.getInstance("HKDF-SHA256").deriveKey("AES", HKDFParameterSpec.ofExtract().addIKM(kek)
                .addSalt(indexId).thenExpand("sealdex/v1/client-kek".getBytes(StandardCharsets.US_ASCII), 32));
    }

    private static byte[] aad(byte[] indexId) {
        return ByteBuffer.allocate(MAGIC.length + 1 + indexId.length).put(MAGIC).put(VERSION).put(indexId).array();
    }

    private static byte[] longBytes(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }
}
