package dev.sealdex.engine.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * Turns an item id into the token it is stored under: HMAC-SHA-256 of the UTF-8 id, truncated
 * to 16 bytes. Equal ids give equal tokens under one index, so lookups work, but the store never
 * sees an id; 128 bits keep accidental collisions out of reach (2^64 items for a 50% chance).
 */
public final class IdTokenizer {

    /** Token length in bytes. */
    public static final int TOKEN_BYTES = 16;

    private final SecretKey key;
    private final ThreadLocal<Mac> macs;

    /** A tokenizer under the HMAC subkey {@code key}. */
    public IdTokenizer(SecretKey key) {
        this.key = key;
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** The 16-byte token of {@code id}. */
    public byte[] token(String id) {
        Mac mac = macs.get();
        byte[] full = mac.doFinal(id.getBytes(StandardCharsets.UTF_8));
        return Arrays.copyOf(full, TOKEN_BYTES);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    }
}
