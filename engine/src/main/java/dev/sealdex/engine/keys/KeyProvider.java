package dev.sealdex.engine.keys;

/**
 * A named key-encryption service from configuration ({@code kms_name}): it wraps a data key so
 * that only it can unwrap it. The {@code file} and {@code env} providers hold a 32-byte key
 * locally; a remote KMS would make these two calls over the network.
 */
public interface KeyProvider {

    /** The configured name ({@code kms_name}). */
    String name();

    /** The provider type: {@code file} or {@code env}. */
    String type();

    /**
     * Wraps {@code dek}, bound to {@code context}; the result is opaque to the vault.
     *
     * @throws KeyProviderUnavailableException if the provider cannot be reached or has no usable key
     */
    byte[] wrap(byte[] dek, byte[] context);

    /**
     * Unwraps what {@link #wrap} returned for the same {@code context}; the caller wipes the result.
     *
     * @throws KeyProviderUnavailableException if the provider cannot be reached or now holds another key
     */
    byte[] unwrap(byte[] wrapped, byte[] context);

    /** Whether the key can be loaded now; an empty string when it can, else the reason. */
    String check();
}
