package dev.sealdex.engine.keys;

import dev.sealdex.engine.crypto.IntegrityException;
import dev.sealdex.engine.format.FormatHeader;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A data key wrapped by a key-encryption key (KEK): a client's {@code index_key}, a KMS
 * provider's key or a user token's secret. A fresh random salt per envelope gives, through
 * HKDF-SHA-256 (salt, KEK), a one-time AES-256-GCM wrapping key and a separate 16-byte key-check
 * value. Opening compares the key-check value in constant time first, so a wrong KEK is told
 * apart from a damaged envelope (whose GCM tag then fails). The envelope never holds the KEK or
 * anything from which it is cheaper to find than by trying keys.
 *
 * <table>
 *   <caption>Key envelope (format 1), 88 bytes</caption>
 *   <tr><th>offset</th><th>size</th><th>field</th></tr>
 *   <tr><td>0</td><td>4</td><td>magic {@code 53 58 4B 57} ("SXKW")</td></tr>
 *   <tr><td>4</td><td>1</td><td>format version, 1</td></tr>
 *   <tr><td>5</td><td>1</td><td>slot: 1 = client key, 2 = provider key, 3 = user token</td></tr>
 *   <tr><td>6</td><td>2</td><td>reserved, zero</td></tr>
 *   <tr><td>8</td><td>16</td><td>salt (random)</td></tr>
 *   <tr><td>24</td><td>16</td><td>key-check value: HKDF(KEK, salt, "sealdex/v1/key-check")</td></tr>
 *   <tr><td>40</td><td>32</td><td>the data key encrypted with AES-256-GCM under HKDF(KEK, salt,
 *       "sealdex/v1/key-wrap"), nonce 12 zero bytes (the key is used once), AAD = bytes 0..40
 *       followed by the caller's context (the record that holds the envelope)</td></tr>
 *   <tr><td>72</td><td>16</td><td>GCM tag</td></tr>
 * </table>
 */
final class KeyEnvelope {

    /** Envelope bytes. */
    static final int BYTES = 88;
    static final int FORMAT_VERSION = 1;

    private static final FormatHeader FORMAT = FormatHeader.of("key envelope", new byte[] {0x53, 0x58, 0x4B, 0x57}, 1,
            FORMAT_VERSION, FORMAT_VERSION);
    /** The exception for an envelope that is not this format: the wrong size, magic or version. */
    private static final FormatHeader.Rejection<IntegrityException> DAMAGED = (fault, version) ->
            new IntegrityException(fault == FormatHeader.Fault.VERSION
                    ? "unsupported key envelope format " + version : "a key envelope is malformed (bad magic or length)");
    private static final int SALT_AT = 8;
    private static final int CHECK_AT = 24;
    private static final int KEY_AT = 40;
    private static final int DEK_BYTES = 32;

    /** Which kind of KEK wraps an envelope; part of the AAD, so an envelope cannot change role. */
    enum Slot {
        CLIENT_KEY(1), PROVIDER_KEY(2), USER_TOKEN(3);

        final byte code;

        Slot(int code) {
            this.code = (byte) code;
        }
    }

    private KeyEnvelope() {
    }

    /** Wraps {@code dek} under {@code kek} for {@code slot}, bound to {@code context}. */
    static byte[] wrap(byte[] kek, byte[] dek, Slot slot, byte[] context, RandomGenerator random) {
        if (dek.length != DEK_BYTES) {
            throw new IllegalArgumentException("data keys are 32 bytes");
        }
        byte[] envelope = new byte[BYTES];
        FORMAT.write(envelope);
        envelope[5] = slot.code;
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        System.arraycopy(salt, 0, envelope, SALT_AT, 16);
        byte[] check = Hkdf.derive(kek, salt, "sealdex/v1/key-check", 16);
        System.arraycopy(check, 0, envelope, CHECK_AT, 16);
        byte[] wrapKey = Hkdf.derive(kek, salt, "sealdex/v1/key-wrap", 32);
        try {
            Cipher cipher = gcm(Cipher.ENCRYPT_MODE, wrapKey, envelope, context);
            cipher.doFinal(dek, 0, DEK_BYTES, envelope, KEY_AT);
            return envelope;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM key wrap failed", e);
        } finally {
            Arrays.fill(wrapKey, (byte) 0);
        }
    }

    /**
     * Opens {@code envelope} with {@code kek}; the caller wipes the returned data key.
     *
     * @throws WrongKeyException   if the key-check value does not match {@code kek}
     * @throws IntegrityException  if the envelope is malformed, or the right key meets a damaged or moved envelope
     */
    static byte[] unwrap(byte[] kek, byte[] envelope, Slot slot, byte[] context) {
        byte[] salt = check(kek, envelope, slot);
        byte[] wrapKey = Hkdf.derive(kek, salt, "sealdex/v1/key-wrap", 32);
        try {
            Cipher cipher = gcm(Cipher.DECRYPT_MODE, wrapKey, envelope, context);
            return cipher.doFinal(envelope, KEY_AT, DEK_BYTES + 16);
        } catch (AEADBadTagException e) {
            throw new IntegrityException("a key envelope failed authentication: it was altered or moved");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM key unwrap failed", e);
        } finally {
            Arrays.fill(wrapKey, (byte) 0);
        }
    }

    /**
     * Checks only that {@code kek} matches the envelope's key-check value (constant time; one
     * HKDF, no decryption), for requests against an index whose keys are already open. Returns
     * the envelope's salt.
     *
     * @throws WrongKeyException  if it does not match
     * @throws IntegrityException if the envelope is malformed
     */
    static byte[] check(byte[] kek, byte[] envelope, Slot slot) {
        if (envelope.length != BYTES) {
            throw DAMAGED.reject(FormatHeader.Fault.TRUNCATED, 0);
        }
        FORMAT.check(envelope, DAMAGED);
        if (envelope[5] != slot.code) {
            throw new IntegrityException("a key envelope for slot " + envelope[5] + " was found where slot "
                    + slot.code + " belongs");
        }
        byte[] salt = Arrays.copyOfRange(envelope, SALT_AT, SALT_AT + 16);
        byte[] check = Hkdf.derive(kek, salt, "sealdex/v1/key-check", 16);
        if (!MessageDigest.isEqual(check, Arrays.copyOfRange(envelope, CHECK_AT, CHECK_AT + 16))) {
            throw new WrongKeyException("the key does not match the index's key-check value");
        }
        return salt;
    }

    private static Cipher gcm(int mode, byte[] key, byte[] envelope, byte[] context) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, new byte[12]));
        cipher.updateAAD(envelope, 0, KEY_AT);
        cipher.updateAAD(context);
        return cipher;
    }
}
