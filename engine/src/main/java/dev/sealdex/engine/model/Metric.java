package dev.sealdex.engine.model;

import dev.sealdex.engine.kernel.DistanceFunction;
import java.util.Locale;

/** The distance an index reports, with the internal scoring function that ranks the same way. */
public enum Metric {
    /** L2 distance {@code sqrt(sum((a-b)^2))}: ranked by squared L2, square-rooted on the way out. */
    EUCLIDEAN("euclidean", DistanceFunction.SQUARED_L2),
    /** Squared L2 distance. */
    SQUARED_EUCLIDEAN("squared_euclidean", DistanceFunction.SQUARED_L2),
    /**
     * Cosine distance {@code 1 - cos}, in [0, 2]. Vectors are normalised before they are coded
     * and stored for rerank, so scoring is a dot product: {@code 1 - a.b}.
     */
    COSINE("cosine", DistanceFunction.NEGATIVE_DOT);

    private final String wireName;
    private final DistanceFunction scoring;

    Metric(String wireName, DistanceFunction scoring) {
        this.wireName = wireName;
        this.scoring = scoring;
    }

    /** The name on the wire: {@code euclidean}, {@code squared_euclidean} or {@code cosine}. */
    public String wireName() {
        return wireName;
    }

    /** The kernel function that ranks like this metric (after normalisation for cosine). */
    public DistanceFunction scoring() {
        return scoring;
    }

    /** Whether vectors are unit-normalised before coding and rerank. */
    public boolean normalises() {
        return this == COSINE;
    }

    /** Converts an internal score (as ranked) into the distance the client sees. */
    public float toDistance(float score) {
        return switch (this) {
            case EUCLIDEAN -> (float) Math.sqrt(Math.max(0f, score));
            case SQUARED_EUCLIDEAN -> Math.max(0f, score);
            case COSINE -> Math.min(2f, Math.max(0f, 1f + score));
        };
    }

    /** Parses a wire name; {@code null} means the default, {@link #EUCLIDEAN}. */
    public static Metric parse(String name) {
        if (name == null) {
            return EUCLIDEAN;
        }
        String normalised = name.trim().toLowerCase(Locale.ROOT);
        for (Metric metric : values()) {
            if (metric.wireName.equals(normalised)) {
                return metric;
            }
        }
        // Older SDKs and docs spell a few of these differently.
        return switch (normalised) {
            case "l2" -> EUCLIDEAN;
            case "sqeuclidean", "squared_l2" -> SQUARED_EUCLIDEAN;
            default -> throw new IllegalArgumentException(
                    "metric must be one of euclidean, squared_euclidean, cosine; got '" + name + "'");
        };
    }
}
