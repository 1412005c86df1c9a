package dev.sealdex.engine.keys;

/** How an index keeps its data key: wrapped by the client's {@code index_key}, or by a KMS provider. */
public sealed interface KeyMode {

    /** Every request brings the {@code index_key}. */
    record ClientSupplied() implements KeyMode {
    }

    /** Requests omit {@code index_key}; provider {@code providerName} unwraps the data key. */
    record KmsBacked(String providerName) implements KeyMode {
    }
}
