package dev.sealdex.engine.db;

/**
 * The request named the wrong kind of key for the index: an {@code index_key} for a KMS-backed
 * index, none for a client-keyed one, or both/neither at creation.
 */
public final class KeyModeException extends DatabaseException {

    private static final long serialVersionUID = 1L;

    /** CyborgDB's exact text for an {@code index_key} sent to a KMS-backed index. */
    public static final String KMS_BACKED =
            "index is KMS-backed; do not supply index_key. Omit index_key from the request.";

    /** A key-mode error with {@code message}. */
    public KeyModeException(String message) {
        super(message);
    }
}
