package dev.sealdex.engine.db;

/** A configured key provider (KMS) could not be reached or refused to unwrap; the fault is upstream, not in the request. */
public final class KeyProviderException extends DatabaseException {

    private static final long serialVersionUID = 1L;

    /** A provider failure described by {@code message}. */
    public KeyProviderException(String message, Throwable cause) {
        super(message, cause);
    }
}
