package dev.sealdex.engine.crypto;

/**
 * What a ciphertext holds. The code is part of every ciphertext's header and its AAD, so an
 * object sealed as one kind cannot be opened as another. Codes are stored: append new kinds,
 * never renumber.
 */
public enum ObjectKind {
    /** Index configuration and layout (dimension, metric, quantizer parameters, training state). */
    MANIFEST(1),
    /** One item record: id, vector, metadata and contents in one ciphertext. */
    ITEM(2),
    /** A block of one IVF list: stage-1 codes (or float rows) and row ordinals. */
    LIST_BLOCK(3),
    /** Full-precision vectors kept for the exact rerank. */
    RERANK_VECTORS(4),
    /** IVF centroids. */
    CENTROIDS(5),
    /** Quantizer parameters: SQ scales and offsets, PQ codebooks. */
    CODEBOOK(6),
    /** A block of filterable metadata, stored column-wise. */
    METADATA_COLUMNS(7),
    /** The map from row ordinals to item-id tokens. */
    ORDINALS(8),
    /** A wrapped data key. */
    WRAPPED_KEY(9);

    private final byte code;

    ObjectKind(int code) {
        this.code = (byte) code;
    }

    /** The stored one-byte code. */
    public byte code() {
        return code;
    }

    /** The kind with {@code code}, or an {@link IntegrityException} when no kind has it. */
    public static ObjectKind fromCode(byte code) {
        for (ObjectKind kind : values()) {
            if (kind.code == code) {
                return kind;
            }
        }
        throw new IntegrityException("unknown object kind code " + (code & 0xFF));
    }
}
