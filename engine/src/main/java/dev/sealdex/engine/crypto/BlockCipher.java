package dev.sealdex.engine.crypto;

import dev.sealdex.engine.format.FormatHeader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM through the JDK's provider (AES-NI, VAES and carry-less multiply), binding every
 * ciphertext to its index, kind, object and format version. Thread-safe; each thread keeps its
 * own {@link Cipher}.
 *
 * <h2>Sealed object layout (format 1)</h2>
 * <table>
 *   <caption>Bytes of a sealed object</caption>
 *   <tr><th>offset</th><th>size</th><th>field</th></tr>
 *   <tr><td>0</td><td>2</td><td>magic {@code 0x53 0x58} ("SX")</td></tr>
 *   <tr><td>2</td><td>1</td><td>format version, 1</td></tr>
 *   <tr><td>3</td><td>1</td><td>{@link ObjectKind} code</td></tr>
 *   <tr><td>4</td><td>12</td><td>nonce: 4 zero bytes, 64-bit big-endian counter ({@link NonceSequence})</td></tr>
 *   <tr><td>16</td><td>n</td><td>ciphertext of the n plaintext bytes</td></tr>
 *   <tr><td>16 + n</td><td>16</td><td>GCM tag</td></tr>
 * </table>
 *
 * <p>The AAD is the 4 header bytes, then the 16-byte index id, then the object id (a 64-bit
 * number, or length-prefixed bytes). Nothing of the AAD but the header is stored with the
 * object: a ciphertext moved to another index, object or kind fails its tag.
 *
 * <h2>Compact sealed objects</h2>
 * Objects that never leave memory (the sealed rows) are 8 bytes shorter: their holder knows the
 * kind, so the header is implied, and so are the nonce's four zero bytes. Key, nonce and AAD are
 * those of the full layout; inserting the implied 8 bytes turns one into the other.
 * <table>
 *   <caption>Bytes of a compact sealed object</caption>
 *   <tr><th>offset</th><th>size</th><th>field</th></tr>
 *   <tr><td>0</td><td>8</td><td>nonce counter, big-endian (the last 8 bytes of the nonce)</td></tr>
 *   <tr><td>8</td><td>n</td><td>ciphertext of the n plaintext bytes</td></tr>
 *   <tr><td>8 + n</td><td>16</td><td>GCM tag</td></tr>
 * </table>
 */
public final class BlockCipher {

    /** Header bytes before the nonce. */
    public static final int HEADER_BYTES = 4;
    /** Bytes before the ciphertext: header and nonce. */
    public static final int PREFIX_BYTES = HEADER_BYTES + NonceSequence.NONCE_BYTES;
    /** GCM tag bytes. */
    public static final int TAG_BYTES = 16;
    /** Bytes a sealed object adds to its plaintext. */
    public static final int OVERHEAD = PREFIX_BYTES + TAG_BYTES;
    /** Bytes a compact sealed object adds to its plaintext: the nonce counter and the tag. */
    public static final int COMPACT_OVERHEAD = Long.BYTES + TAG_BYTES;
    /** Format version written into every header. */
    public static final byte FORMAT_VERSION = 1;

    /** Magic "SX" and version; the kind code that follows is the cipher's own. */
    private static final FormatHeader FORMAT = FormatHeader.of("sealed object", new byte[] {0x53, 0x58}, 1,
            FORMAT_VERSION, FORMAT_VERSION);
    private static final int INDEX_ID_BYTES = 16;

    private final SecretKey key;
    private final byte[] indexId;
    private final NonceSequence nonces;
    private final boolean encrypting;
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(BlockCipher::newCipher);

    /**
     * A cipher under {@code key} (a 256-bit AES subkey) for the index whose 16-byte id is
     * {@code indexId}, drawing nonces from {@code nonces} (shared by every subkey of one data key).
     */
    public BlockCipher(SecretKey key, byte[] indexId, NonceSequence nonces) {
        this(key, indexId, nonces, true);
    }

    private BlockCipher(SecretKey key, byte[] indexId, NonceSequence nonces, boolean encrypting) {
        this.key = Objects.requireNonNull(key, "key");
        if (indexId.length != INDEX_ID_BYTES) {
            throw new IllegalArgumentException("index id must be 16 bytes");
        }
        this.indexId = indexId.clone();
        this.nonces = Objects.requireNonNull(nonces, "nonces");
        this.encrypting = encrypting;
    }

    /**
     * A cipher that keeps the sealed layout but copies bytes instead of encrypting them and
     * checks only the header: for the benchmark harness's "encryption off" comparison, never for
     * data. The server never constructs one.
     */
    public static BlockCipher plaintextForBenchmarks(SecretKey key, byte[] indexId, NonceSequence nonces) {
        return new BlockCipher(key, indexId, nonces, false);
    }

    /** Seals {@code length} bytes of {@code plaintext} as object {@code objectId} of {@code kind}. */
    public byte[] seal(ObjectKind kind, long objectId, byte[] plaintext, int offset, int length) {
        return seal(kind, numericId(objectId), plaintext, offset, length);
    }

    /** Seals a whole array as object {@code objectId} of {@code kind}. */
    public byte[] seal(ObjectKind kind, long objectId, byte[] plaintext) {
        return seal(kind, objectId, plaintext, 0, plaintext.length);
    }

    /** Seals {@code length} bytes as the object named by {@code objectId} bytes (e.g. an id token). */
    public byte[] seal(ObjectKind kind, byte[] objectId, byte[] plaintext, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, plaintext.length);
        byte[] sealed = new byte[OVERHEAD + length];
        header(kind, sealed);
        NonceSequence.write(nonces.next(), sealed, HEADER_BYTES);
        encrypt(sealed, sealed, HEADER_BYTES, objectId, plaintext, offset, length, sealed, PREFIX_BYTES);
        return sealed;
    }

    /** Seals a whole array as the object named by {@code objectId} bytes. */
    public byte[] seal(ObjectKind kind, byte[] objectId, byte[] plaintext) {
        return seal(kind, objectId, plaintext, 0, plaintext.length);
    }

    /**
     * Opens object {@code objectId} of {@code kind} into {@code out} at {@code outOffset} and returns
     * the plaintext length. Nothing is written to {@code out} unless the tag verifies.
     *
     * @throws IntegrityException if the header, the tag or the binding does not match
     */
    public int open(ObjectKind kind, long objectId, byte[] sealed, byte[] out, int outOffset) {
        return open(kind, numericId(objectId), sealed, out, outOffset);
    }

    /** Opens object {@code objectId} of {@code kind} into a new array. */
    public byte[] open(ObjectKind kind, long objectId, byte[] sealed) {
        byte[] out = new byte[plaintextLength(sealed)];
        open(kind, objectId, sealed, out, 0);
        return out;
    }

    /** Opens the object named by {@code objectId} bytes into a new array. */
    public byte[] open(ObjectKind kind, byte[] objectId, byte[] sealed) {
        byte[] out = new byte[plaintextLength(sealed)];
        open(kind, objectId, sealed, out, 0);
        return out;
    }

    /** Opens the object named by {@code objectId} bytes into {@code out}; see {@link #open(ObjectKind, long, byte[], byte[], int)}. */
    public int open(ObjectKind kind, byte[] objectId, byte[] sealed, byte[] out, int outOffset) {
        int length = plaintextLength(sealed);
        // Not FORMAT.check: its rejection would capture the kind and id on every open, a hot path.
        FormatHeader.Fault fault = FORMAT.fault(sealed, sealed.length);
        if (fault == FormatHeader.Fault.MAGIC) {
            throw new IntegrityException("not a sealed object (bad magic) for " + describe(kind, objectId));
        }
        if (fault == FormatHeader.Fault.VERSION) {
            throw new IntegrityException("unsupported sealed-object format " + FORMAT.version(sealed) + " for "
                    + describe(kind, objectId));
        }
        if (sealed[3] != kind.code()) {
            throw new IntegrityException("sealed object holds kind " + (sealed[3] & 0xFF) + ", expected "
                    + describe(kind, objectId));
        }
        Objects.checkFromIndexSize(outOffset, length, out.length);
        return decrypt(sealed, sealed, HEADER_BYTES, objectId, sealed, PREFIX_BYTES, length, out, outOffset, kind);
    }

    /**
     * Seals {@code length} bytes of {@code plaintext} as object {@code objectId} of {@code kind} in
     * the compact layout (see the class comment): for objects that stay in memory with a holder
     * that knows their kind.
     */
    public byte[] sealCompact(ObjectKind kind, long objectId, byte[] plaintext, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, plaintext.length);
        byte[] sealed = new byte[COMPACT_OVERHEAD + length];
        long counter = nonces.next();
        for (int i = 0; i < Long.BYTES; i++) {
            sealed[i] = (byte) (counter >>> (56 - 8 * i));
        }
        byte[] header = new byte[HEADER_BYTES];
        header(kind, header);
        encrypt(header, nonce(sealed), 0, numericId(objectId), plaintext, offset, length, sealed, Long.BYTES);
        return sealed;
    }

    /**
     * Opens compact object {@code objectId} of {@code kind} into {@code out} at {@code outOffset}
     * and returns the plaintext length. Nothing is written to {@code out} unless the tag verifies.
     *
     * @throws IntegrityException if the tag or the binding does not match
     */
    public int openCompact(ObjectKind kind, long objectId, byte[] sealed, byte[] out, int outOffset) {
        if (sealed.length < COMPACT_OVERHEAD) {
            throw new IntegrityException("compact sealed object truncated to " + sealed.length + " bytes");
        }
        int length = sealed.length - COMPACT_OVERHEAD;
        Objects.checkFromIndexSize(outOffset, length, out.length);
        byte[] header = new byte[HEADER_BYTES];
        header(kind, header);
        byte[] id = numericId(objectId);
        return decrypt(header, nonce(sealed), 0, id, sealed, Long.BYTES, length, out, outOffset, kind);
    }

    /** The plaintext length of a sealed object, checking that it is long enough to be one. */
    public static int plaintextLength(byte[] sealed) {
        if (sealed.length < OVERHEAD) {
            throw new IntegrityException("sealed object truncated to " + sealed.length + " bytes");
        }
        return sealed.length - OVERHEAD;
    }

    /** The 12-byte nonce of a compact object: four zero bytes, then its stored counter. */
    private static byte[] nonce(byte[] compact) {
        byte[] nonce = new byte[NonceSequence.NONCE_BYTES];
        System.arraycopy(compact, 0, nonce, NonceSequence.NONCE_BYTES - Long.BYTES, Long.BYTES);
        return nonce;
    }

    private static void header(ObjectKind kind, byte[] out) {
        FORMAT.write(out);
        out[3] = kind.code();
    }

    /**
     * Encrypts into {@code out} at {@code outOffset} (ciphertext then tag) under the nonce at
     * {@code nonceOffset} of {@code nonce}, with the AAD of the 4-byte {@code header} (at its start)
     * and {@code objectId}.
     */
    private void encrypt(byte[] header, byte[] nonce, int nonceOffset, byte[] objectId, byte[] plaintext, int offset,
                         int length, byte[] out, int outOffset) {
        if (!encrypting) {
            System.arraycopy(plaintext, offset, out, outOffset, length);
            return;
        }
        Cipher cipher = ciphers.get();
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key,
                    new GCMParameterSpec(TAG_BYTES * 8, nonce, nonceOffset, NonceSequence.NONCE_BYTES));
            cipher.updateAAD(aad(header, objectId));
            int written = cipher.doFinal(plaintext, offset, length, out, outOffset);
            if (written != length + TAG_BYTES) {
                throw new IllegalStateException("GCM wrote " + written + " bytes, expected " + (length + TAG_BYTES));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** Decrypts {@code length} ciphertext bytes (and the tag after them); the counterpart of {@link #encrypt}. */
    private int decrypt(byte[] header, byte[] nonce, int nonceOffset, byte[] objectId, byte[] sealed, int from,
                        int length, byte[] out, int outOffset, ObjectKind kind) {
        if (!encrypting) {
            System.arraycopy(sealed, from, out, outOffset, length);
            return length;
        }
        Cipher cipher = ciphers.get();
        try {
            cipher.init(Cipher.DECRYPT_MODE, key,
                    new GCMParameterSpec(TAG_BYTES * 8, nonce, nonceOffset, NonceSequence.NONCE_BYTES));
            cipher.updateAAD(aad(header, objectId));
            return cipher.doFinal(sealed, from, length + TAG_BYTES, out, outOffset);
        } catch (AEADBadTagException e) {
            throw new IntegrityException("authentication failed for " + describe(kind, objectId)
                    + ": the data was altered, moved, or sealed under another key");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    /** The AAD: the 4 header bytes at the start of {@code header}, the index id, then the object id. */
    private byte[] aad(byte[] header, byte[] objectId) {
        ByteBuffer aad = ByteBuffer.allocate(HEADER_BYTES + INDEX_ID_BYTES + 4 + objectId.length)
                .order(ByteOrder.BIG_ENDIAN);
        aad.put(header, 0, HEADER_BYTES).put(indexId).putInt(objectId.length).put(objectId);
        return aad.array();
    }

    private static byte[] numericId(long objectId) {
        return ByteBuffer.allocate(Long.BYTES).putLong(objectId).array();
    }

    private static String describe(ObjectKind kind, byte[] objectId) {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " object "
                + (objectId.length == Long.BYTES ? String.valueOf(ByteBuffer.wrap(objectId).getLong())
                : "#" + Integer.toHexString(Arrays.hashCode(objectId)));
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no AES/GCM/NoPadding cipher", e);
        }
    }
}
