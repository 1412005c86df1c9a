package dev.sealdex.engine.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sealdex.engine.crypto.IntegrityException;
import dev.sealdex.engine.testing.Golden;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The key wrap: a known answer (golden file), wrong keys, and tampering. */
class KeyEnvelopeTest {

    private static final byte[] KEK = filled(0x11);
    private static final byte[] DEK = filled(0x22);
    private static final byte[] CONTEXT = "index-0123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static byte[] filled(int start) {
        byte[] bytes = new byte[32];
        for (int i = 0; i < 32; i++) {
            bytes[i] = (byte) (start + i);
        }
        return bytes;
    }

    @Test
    void aFixedWrapIsPinnedByteForByte() {
        byte[] envelope = KeyEnvelope.wrap(KEK, DEK, KeyEnvelope.Slot.CLIENT_KEY, CONTEXT, new Random(5));
        Golden.check("keys/key-envelope.bin", envelope);
        assertArrayEquals(DEK, KeyEnvelope.unwrap(KEK, Golden.read("keys/key-envelope.bin"),
                KeyEnvelope.Slot.CLIENT_KEY, CONTEXT));
    }

    @Test
    void aWrongKeyIsToldApartFromDamage() {
        byte[] envelope = KeyEnvelope.wrap(KEK, DEK, KeyEnvelope.Slot.CLIENT_KEY, CONTEXT, new Random(5));
        assertThrows(WrongKeyException.class,
                () -> KeyEnvelope.unwrap(filled(0x12), envelope, KeyEnvelope.Slot.CLIENT_KEY, CONTEXT));
        assertThrows(IntegrityException.class,
                () -> KeyEnvelope.unwrap(KEK, envelope, KeyEnvelope.Slot.CLIENT_KEY, "index-0123456780".getBytes()));
        assertThrows(IntegrityException.class,
                () -> KeyEnvelope.unwrap(KEK, envelope, KeyEnvelope.Slot.USER_TOKEN, CONTEXT));
    }

    @Test
    void everyFlippedBitIsRefused() {
        byte[] envelope = KeyEnvelope.wrap(KEK, DEK, KeyEnvelope.Slot.CLIENT_KEY, CONTEXT, new Random(5));
        for (int bit = 0; bit < envelope.length * 8; bit++) {
            byte[] flipped = envelope.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            try {
                KeyEnvelope.unwrap(KEK, flipped, KeyEnvelope.Slot.CLIENT_KEY, CONTEXT);
                fail("bit " + bit + " was flipped and the envelope still opened");
            } catch (WrongKeyException | IntegrityException expected) {
                // refused
            }
        }
    }
}
