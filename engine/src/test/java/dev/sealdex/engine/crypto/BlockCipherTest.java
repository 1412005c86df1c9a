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
