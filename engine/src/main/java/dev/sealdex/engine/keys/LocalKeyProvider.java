package dev.sealdex.engine.keys;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/** A provider that holds a 32-byte key locally and wraps with a {@link KeyEnvelope}. */
abstract sealed class LocalKeyProvider implements KeyProvider permits FileKeyProvider, EnvKeyProvider {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;

    LocalKeyProvider(String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }

    /** Loads the key; the caller wipes it. */
    abstract byte[] loadKey();

    @Override
    public final byte[] wrap(byte[] dek, byte[] context) {
        byte[] key = loadKey();
        try {
            return KeyEnvelope.wrap(key, dek, KeyEnvelope.Slot.PROVIDER_KEY, context, RANDOM);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    @Override
    public final byte[] unwrap(byte[] wrapped, byte[] context) {
        byte[] key = loadKey();
        try {
            return KeyEnvelope.unwrap(key, wrapped, KeyEnvelope.Slot.PROVIDER_KEY, context);
        } catch (WrongKeyException e) {
            throw new KeyProviderUnavailableException(name,
                    "it holds a different key from the one that wrapped this index (was the key replaced?)");
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    @Override
    public final String check() {
        try {
            Arrays.fill(loadKey(), (byte) 0);
            return "";
        } catch (KeyProviderUnavailableException e) {
            return e.getMessage();
        }
    }

    /** A key written as 64 hex characters (surrounding white space ignored), or {@code null}. */
    static byte[] parseHex(String text) {
        String trimmed = text.strip();
        if (trimmed.length() != 64) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(trimmed);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
