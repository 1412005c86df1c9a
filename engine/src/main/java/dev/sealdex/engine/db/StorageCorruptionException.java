package dev.sealdex.engine.db;

/**
 * Stored data for this request failed its integrity check (a GCM tag or checksum). The affected
 * items are not served; the rest of the index keeps working (HTTP 500 with this detail, counted
 * in the integrity-failure metric).
 */
public final class StorageCorruptionException extends DatabaseException {

    private static final long serialVersionUID = 1L;

    /** Corruption described by {@code message} (no plaintext, no key material). */
    public StorageCorruptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
