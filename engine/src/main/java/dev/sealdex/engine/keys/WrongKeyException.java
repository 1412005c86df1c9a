package dev.sealdex.engine.keys;

/**
 * The credential does not open the index: a wrong {@code index_key}, or a user token that is
 * malformed, unknown or revoked (the caller hears "Invalid encryption key for index"). Detected by a
 * constant-time comparison of key-check values before any index data is read.
 */
public final class WrongKeyException extends KeyVaultException {

    private static final long serialVersionUID = 1L;

    /** A refusal whose {@code reason} names which check failed, never the key. */
    public WrongKeyException(String reason) {
        super(reason);
    }
}
