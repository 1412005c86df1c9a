package dev.sealdex.engine.db;

/**
 * Stored data for this request failed its integrity check (a GCM tag or checksum). The affected
 * items are not served; the rest of the index keeps working. The message is client-facing and
 * names no path; the cause keeps the details for the log.
 */
public final class StorageCorruptionException extends DatabaseException {

    private static final long serialVersionUID = 1L;

    /** The detail when no more can be said without exposing where the data lives. */
    public static final String NOT_SERVED = "Stored data failed its integrity check and was not served";

    /** Corruption described by {@code message} (no plaintext, no key material). */
    public StorageCorruptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
