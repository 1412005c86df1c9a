package dev.sealdex.engine.keys;

/**
 * A key operation was refused. Each subclass is one reason the face reports in its own terms; none of
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
