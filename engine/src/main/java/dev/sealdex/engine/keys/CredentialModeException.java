package dev.sealdex.engine.keys;

/**
 * The kind of credential does not fit how the index keeps its key: an {@code index_key} for a
 * KMS-backed index, no key (or a provider) for an index created with a client key, or a user
 * token where only the index's own key may act (the request, not the key, is wrong).
 */
public final class CredentialModeException extends KeyVaultException {

    private static final long serialVersionUID = 1L;

    private final transient KeyMode mode;

    /** The index is in {@code mode}; {@code message} says what to do instead. */
    public CredentialModeException(KeyMode mode, String message) {
        super(message);
        this.mode = mode;
    }

    /** How the index keeps its key. */
    public KeyMode mode() {
        return mode;
    }
}
