package dev.sealdex.engine.search;

import java.util.Objects;

/**
 * One query vector and its knobs, as the engine takes it.
 *
 * @param vector      the query, of the index's dimension (not yet normalised)
 * @param topK        results wanted, at least 1
 * @param probes      lists to probe; 0 = automatic (calibrated at training)
 * @param rerankMult  stage-1 candidates per result for the exact rerank, at least 1
 * @param greedy      probe further lists while they may still hold closer rows
 * @param allowed     bitmask of ordinals a filter allows, or null for no filter
 */
public record SearchRequest(float[] vector, int topK, int probes, int rerankMult, boolean greedy, long[] allowed) {

    /** Checks the knobs. */
    public SearchRequest {
        Objects.requireNonNull(vector, "vector");
        if (topK < 1) {
            throw new IllegalArgumentException("top_k must be at least 1");
        }
        if (probes < 0) {
            throw new IllegalArgumentException("n_probes must not be negative");
        }
        if (rerankMult < 1) {
            throw new IllegalArgumentException("rerank_mult must be at least 1");
        }
    }

    /** Whether a filter restricts the rows. */
    public boolean filtered() {
        return allowed != null;
    }
}
