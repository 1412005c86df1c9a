package dev.sealdex.engine.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BlockCipherTest {

    private static final byte[] INDEX_A = "index-a-16bytes!".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INDEX_B = "index-b-16bytes!".getBytes(StandardCharsets.US_ASCII);

    private static IndexKeys keys(byte[] indexId) {
        byte[] dek = new byte[32];
        for (int i = 0; i < dek.length; i++) {
            dek[i] = (byte) i;
        }
        return new IndexKeys(dek, indexId, new NonceSequence(0, limit -> { }));
    }

    @Test
    void sealThenOpenRoundTrips() {
        BlockCipher cipher = keys(INDEX_A).cipher(KeyPurpose.VECTORS);
        byte[] plaintext = "forty-two little floats".getBytes(StandardCharsets.UTF_8);
        byte[] sealed = cipher.seal(ObjectKind.LIST_BLOCK, 7, plaintext);
        assertEquals(plaintext.length + BlockCipher.OVERHEAD, sealed.length);
        assertArrayEquals(plaintext, cipher.open(ObjectKind.LIST_BLOCK, 7, sealed));
    }

    @Test
    void anyFlippedBitFails() {
        BlockCipher cipher = keys(INDEX_A).cipher(KeyPurpose.VECTORS);
        byte[] sealed = cipher.seal(ObjectKind.LIST_BLOCK, 7, new byte[40]);
        for (int bit = 0; bit < sealed.length * 8; bit++) {
            byte[] flipped = sealed.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThrows(IntegrityException.class, () -> cipher.open(ObjectKind.LIST_BLOCK, 7, flipped));
        }
    }

    @Test
    void movedCiphertextFails() {
        BlockCipher a = keys(INDEX_A).cipher(KeyPurpose.VECTORS);
        byte[] sealed = a.seal(ObjectKind.LIST_BLOCK, 7, new byte[40]);
        assertThrows(IntegrityException.class, () -> a.open(ObjectKind.LIST_BLOCK, 8, sealed));
        assertThrows(IntegrityException.class, () -> a.open(ObjectKind.RERANK_VECTORS, 7, sealed));
        BlockCipher b = keys(INDEX_B).cipher(KeyPurpose.VECTORS);
        assertThrows(IntegrityException.class, () -> b.open(ObjectKind.LIST_BLOCK, 7, sealed));
        BlockCipher otherPurpose = keys(INDEX_A).cipher(KeyPurpose.CODES);
        assertThrows(IntegrityException.class, () -> otherPurpose.open(ObjectKind.LIST_BLOCK, 7, sealed));
    }

    @Test
    void compactSealRoundTripsAndIsEightBytesShorter() {
        BlockCipher cipher = keys(INDEX_A).cipher(KeyPurpose.VECTORS);
        byte[] plaintext = "forty-two little floats".getBytes(StandardCharsets.UTF_8);
        byte[] sealed = cipher.sealCompact(ObjectKind.RERANK_VECTORS, 7, plaintext, 0, plaintext.length);
        assertEquals(plaintext.length + BlockCipher.COMPACT_OVERHEAD, sealed.length);
        assertEquals(BlockCipher.OVERHEAD - 8, BlockCipher.COMPACT_OVERHEAD);
        byte[] out = new byte[plaintext.length + 3];
        assertEquals(plaintext.length, cipher.openCompact(ObjectKind.RERANK_VECTORS, 7, sealed, out, 3));
        assertArrayEquals(plaintext, java.util.Arrays.copyOfRange(out, 3, out.length));
        byte[] empty = cipher.sealCompact(ObjectKind.RERANK_VECTORS, 7, plaintext, 5, 0);
        assertEquals(0, cipher.openCompact(ObjectKind.RERANK_VECTORS, 7, empty, new byte[0], 0));
    }

    /** The compact layout drops only implied bytes: with them put back it is a regular sealed object. */
    @Test
    void compactSealIsTheRegularSealWithoutItsImpliedBytes() {
        BlockCipher cipher = keys(INDEX_A).cipher(KeyPurpose.VECTORS);
        byte[] plaintext = "the same key, nonce and AAD".getBytes(StandardCharsets.UTF_8);
        byte[] compact = cipher.sealCompact(ObjectKind.RERANK_VECTORS, 9, plaintext, 0, plaintext.length);
        byte[] regular = new byte[compact.length + 8];
        regular[0] = 0x53;
        regular[1] = 0x58;
        regular[2] = BlockCipher.FORMAT_VERSION;
        regular[3] = ObjectKind.RERANK_VECTORS.code();
        System.arraycopy(compact, 0, regular, BlockCipher.HEADER_BYTES + 4, compact.length);
        assertArrayEquals(plaintext, cipher.open(ObjectKind.RERANK_VECTORS, 9, regular));

        byte[] sealed = cipher.seal(ObjectKind.RERANK_VECTORS, 9, plaintext);
        byte[] stripped = java.util.Arrays.copyOfRange(sealed, BlockCipher.HEADER_BYTES + 4, sealed.length);
        byte[] out = new byte[plaintext.length];
        cipher.openCompact(ObjectKind.RERANK_VECTORS, 9, stripped, out, 0);
        assertArrayEquals(plaintext, out);
    }

    @Test
    void compactSealsTakeFreshNoncesAndBindTheirObject() {
        BlockCipher a = keys(INDEX_A).cipher(KeyPurpose.VECTORS);
        byte[] plaintext = new byte[40];
        byte[] first = a.sealCompact(ObjectKind.RERANK_VECTORS, 7, plaintext, 0, 40);
        byte[] second = a.sealCompact(ObjectKind.RERANK_VECTORS, 7, plaintext, 0, 40);
        assertEquals(false, java.util.Arrays.equals(java.util.Arrays.copyOf(first, 8), java.util.Arrays.copyOf(second, 8)));
        byte[] out = new byte[40];
        for (int bit = 0; bit < first.length * 8; bit++) {
            byte[] flipped = first.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThrows(IntegrityException.class, () -> a.openCompact(ObjectKind.RERANK_VECTORS, 7, flipped, out, 0));
        }
        assertThrows(IntegrityException.class, () -> a.openCompact(ObjectKind.RERANK_VECTORS, 8, first, out, 0));
        assertThrows(IntegrityException.class, () -> a.openCompact(ObjectKind.LIST_BLOCK, 7, first, out, 0));
        BlockCipher b = keys(INDEX_B).cipher(KeyPurpose.VECTORS);
        assertThrows(IntegrityException.class, () -> b.openCompact(ObjectKind.RERANK_VECTORS, 7, first, out, 0));
        BlockCipher otherPurpose = keys(INDEX_A).cipher(KeyPurpose.CODES);
        assertThrows(IntegrityException.class,
                () -> otherPurpose.openCompact(ObjectKind.RERANK_VECTORS, 7, first, out, 0));
        assertThrows(IntegrityException.class,
                () -> a.openCompact(ObjectKind.RERANK_VECTORS, 7, new byte[BlockCipher.COMPACT_OVERHEAD - 1], out, 0));
        assertThrows(IntegrityException.class,
                () -> a.openCompact(ObjectKind.RERANK_VECTORS, 7, java.util.Arrays.copyOf(first, first.length - 1), out, 0));
    }

    @Test
    void noncesNeverRepeatAndReserveAhead() {
        long[] reserved = {0};
        NonceSequence sequence = new NonceSequence(5, limit -> reserved[0] = limit);
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 1_000_000; i++) {
            long counter = sequence.next();
            assertEquals(true, seen.add(counter));
            assertEquals(true, counter < reserved[0], "a nonce was used before its reservation was durable");
        }
        // A restart resumes at the durable mark, above everything handed out.
        NonceSequence restarted = new NonceSequence(reserved[0], limit -> { });
        assertEquals(true, restarted.next() >= 5 + 1_000_000);
    }
}
