package dev.sealdex.engine.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import javax.crypto.KDF;
import javax.crypto.SecretKey;
import javax.crypto.spec.HKDFParameterSpec;

/**
 * The working keys of one open index, derived from its data key (DEK) with HKDF-SHA-256 (the
 * JDK 25 {@link KDF} API): salt = the index's 16-byte id, info = the purpose's label. Each
 * subkey is bound to its purpose and its index; the DEK itself is not kept.
 */
public final class IndexKeys {

    /** Data key length in bytes (AES-256). */
    public static final int DEK_BYTES = 32;

    private final byte[] indexId;
    private final Map<KeyPurpose, BlockCipher> ciphers = new EnumMap<>(KeyPurpose.class);
    private final IdTokenizer idTokens;

    /**
     * Derives the subkeys of {@code dek} for index {@code indexId}; all ciphers share
     * {@code nonces}, which must be the one sequence of this data key.
     */
    public IndexKeys(byte[] dek, byte[] indexId, NonceSequence nonces) {
        this(dek, indexId, nonces, true);
    }

    private IndexKeys(byte[] dek, byte[] indexId, NonceSequence nonces, boolean encrypting) {
        if (dek.length != DEK_BYTES) {
            throw new IllegalArgumentException("data key must be 32 bytes");
        }
        this.indexId = indexId.clone();
        for (KeyPurpose purpose : KeyPurpose.values()) {
            if (purpose != KeyPurpose.ID_TOKENS) {
                SecretKey subkey = derive(dek, indexId, purpose, "AES");
                ciphers.put(purpose, encrypting ? new BlockCipher(subkey, indexId, nonces)
                        : BlockCipher.plaintextForBenchmarks(subkey, indexId, nonces));
            }
        }
        this.idTokens = new IdTokenizer(derive(dek, indexId, KeyPurpose.ID_TOKENS, "HmacSHA256"));
    }

    /**
     * Keys whose ciphers copy instead of encrypting ({@link BlockCipher#plaintextForBenchmarks}),
     * so the benchmark harness can measure the same engine with encryption switched off.
     */
    public static IndexKeys plaintextForBenchmarks(byte[] dek, byte[] indexId, NonceSequence nonces) {
        return new IndexKeys(dek, indexId, nonces, false);
    }

    /** The cipher for {@code purpose}; {@link KeyPurpose#ID_TOKENS} has a tokenizer instead. */
    public BlockCipher cipher(KeyPurpose purpose) {
        BlockCipher cipher = ciphers.get(purpose);
        if (cipher == null) {
            throw new IllegalArgumentException(purpose + " has no cipher; use idTokens()");
        }
        return cipher;
    }

    /** The tokenizer for item ids. */
    public IdTokenizer idTokens() {
        return idTokens;
    }

    /** The index id these keys are bound to. */
    public byte[] indexId() {
        return indexId.clone();
    }

    /** HKDF-SHA-256(ikm = dek, salt = indexId, info = label) to a 32-byte key for {@code algorithm}. */
    static SecretKey derive(byte[] dek, byte[] indexId, KeyPurpose purpose, String algorithm) {
        try {
            KDF hkdf = KDF.getInstance("HKDF-SHA256");
            return hkdf.deriveKey(algorithm, HKDFParameterSpec.ofExtract()
                    .addIKM(dek)
                    .addSalt(indexId)
                    .thenExpand(purpose.label().getBytes(java.nio.charset.StandardCharsets.US_ASCII), 32));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HKDF-SHA256 is not available in this JDK", e);
        }
    }

    /** Overwrites a key buffer; call on every DEK copy once the keys are derived. */
    public static void wipe(byte[] secret) {
        Arrays.fill(secret, (byte) 0);
    }
}
