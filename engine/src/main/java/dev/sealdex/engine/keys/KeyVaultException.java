package dev.sealdex.engine.keys;

/**
 * A key operation was refused. The subclasses are what the API maps to HTTP statuses; none of
 * their messages ever contains key material.
 */
public abstract sealed class KeyVaultException extends RuntimeException
        permits WrongKeyException, CredentialModeException, KeyProviderUnavailableException,
        UnknownKeyProviderException, IndexKeysNotFoundException {

    private static final long serialVersionUID = 1L;

    KeyVaultException(String message) {
        super(message);
    }
}
