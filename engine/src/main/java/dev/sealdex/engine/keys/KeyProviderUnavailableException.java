package dev.sealdex.engine.keys;

/**
 * A configured key provider cannot supply its key: the key file is missing, unreadable, or
 * readable by others, the environment variable is unset, or the key no longer matches the one
 * that wrapped the index (a key provider failure, not the caller's fault). Sealdex never falls back to storing a key in the clear.
 */
public final class KeyProviderUnavailableException extends KeyVaultException {

    private static final long serialVersionUID = 1L;

    private final String provider;

    /** Provider {@code provider} failed for {@code reason}. */
    public KeyProviderUnavailableException(String provider, String reason) {
        super("KMS provider '" + provider + "' is unavailable: " + reason);
        this.provider = provider;
    }

    /** The provider's name. */
    public String provider() {
        return provider;
    }
}
