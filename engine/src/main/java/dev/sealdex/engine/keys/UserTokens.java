package dev.sealdex.engine.keys;

import java.util.Arrays;
import java.util.Base64;

/**
 * The user token format: {@code cdbk_} followed by 64 base64url characters (no padding) of the
 * 16-byte user id and the 32-byte secret. The id lets the vault find the user's record; the
 * secret is the key that wraps the user's copy of the data key.
 */
final class UserTokens {

    static final String PREFIX = "cdbk_";
    static final int ID_BYTES = 16;
    static final int SECRET_BYTES = 32;

    private UserTokens() {
    }

    /** A parsed token; wipe {@code secret} after use. */
    record Parsed(byte[] userId, byte[] secret) {
    }

    static String format(byte[] userId, byte[] secret) {
        byte[] both = new byte[ID_BYTES + SECRET_BYTES];
        System.arraycopy(userId, 0, both, 0, ID_BYTES);
        System.arraycopy(secret, 0, both, ID_BYTES, SECRET_BYTES);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(both);
        Arrays.fill(both, (byte) 0);
        return token;
    }

    static Parsed parse(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() != PREFIX.length() + 64) {
            throw new WrongKeyException("the user token is malformed");
        }
        byte[] both;
        try {
            both = Base64.getUrlDecoder().decode(token.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new WrongKeyException("the user token is malformed");
        }
        if (both.length != ID_BYTES + SECRET_BYTES) {
            throw new WrongKeyException("the user token is malformed");
        }
        Parsed parsed = new Parsed(Arrays.copyOf(both, ID_BYTES), Arrays.copyOfRange(both, ID_BYTES, both.length));
        Arrays.fill(both, (byte) 0);
        return parsed;
    }
}
