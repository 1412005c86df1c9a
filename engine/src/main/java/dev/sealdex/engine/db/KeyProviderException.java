package dev.sealdex.engine.db;

/** A configured key provider (KMS) could not be reached or refused to unwrap (HTTP 502). */
public final class KeyProviderException extends DatabaseException {

    private static final long serialVersionUID = 1L;

    /** A provider failure described by {@code message}. */
    public KeyProviderException(String message, Throwable cause) {
        super(message, cause);
    }
}
