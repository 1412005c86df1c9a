package dev.sealdex.engine.model;

import java.util.Locale;

/**
 * How an IVF index codes its lists for the first, approximate stage of a search. Every kind
 * reranks its best candidates exactly against the stored vectors afterwards.
 */
public enum IndexKind {
    /** The CyborgDB 0.17 index: IVF with compact SQ8 stage-1 codes and an exact rerank. */
    IVF_SQ8_RERANK("ivf"),
    /** Full-precision float lists ({@code ivfflat}). */
    IVF_FLAT("ivfflat"),
    /** Product-quantised lists ({@code ivfpq}, with {@code pq_dim} and {@code pq_bits}). */
    IVF_PQ("ivfpq"),
    /** Scalar-quantised lists ({@code ivfsq}, with {@code sq_bits} 8 or 16). */
    IVF_SQ("ivfsq");

    private final String legacyName;

    IndexKind(String legacyName) {
        this.legacyName = legacyName;
    }

    /** The {@code index_type} this kind echoes in {@code describe}. */
    public String legacyName() {
        return legacyName;
    }

    /**
     * Parses a legacy {@code index_config.type}; {@code null} means the 0.17 index. Very old
     * clients spell {@code ivf_flat} and {@code ivf_pq}; the deprecated {@code ivf} is the 0.17 index.
     */
    public static IndexKind parseLegacy(String type) {
        if (type == null) {
            return IVF_SQ8_RERANK;
        }
        return switch (type.trim().toLowerCase(Locale.ROOT)) {
            case "ivf" -> IVF_SQ8_RERANK;
            case "ivfflat", "ivf_flat" -> IVF_FLAT;
            case "ivfpq", "ivf_pq" -> IVF_PQ;
            case "ivfsq", "ivf_sq" -> IVF_SQ;
            default -> throw new IllegalArgumentException(
                    "index_config.type must be one of ivf, ivfflat, ivfpq, ivfsq; got '" + type + "'");
        };
    }
}
