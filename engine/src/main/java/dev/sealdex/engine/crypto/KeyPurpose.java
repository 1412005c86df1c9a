package dev.sealdex.engine.crypto;

/**
 * The subkeys derived from an index's data key, one per purpose, so that a ciphertext made for
 * one purpose never opens under another purpose's key. The label is HKDF's {@code info}; it is
 * stored implicitly in every ciphertext ever made, so it must never change.
 */
public enum KeyPurpose {
    /** Item records. */
    ITEMS("sealdex/v1/items"),
    /** Full-precision vectors for rerank and the float rows of flat lists. */
    VECTORS("sealdex/v1/vectors"),
    /** Stage-1 codes, centroids and codebooks. */
    CODES("sealdex/v1/codes"),
    /** Filterable metadata columns and the index manifest. */
    METADATA("sealdex/v1/metadata"),
    /** Item contents (reserved for contents stored apart from item records). */
    CONTENTS("sealdex/v1/contents"),
    /** The HMAC key that turns item ids into storage tokens. */
    ID_TOKENS("sealdex/v1/id-tokens");

    private final String label;

    KeyPurpose(String label) {
        this.label = label;
    }

    /** HKDF info label. */
    public String label() {
        return label;
    }
}
