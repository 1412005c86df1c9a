package dev.sealdex.engine.db;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The knobs of one query request, shared by all its vectors.
 *
 * @param topK            results per vector (CyborgDB default 100)
 * @param probes          lists to probe, 0 = automatic
 * @param rerankMult      stage-1 candidates per result (CyborgDB 0.17 default 10)
 * @param greedy          probe further while lists may hold closer rows
 * @param filter          the metadata filter (null or {} = none)
 * @param includeDistance whether hits carry {@code distance}
 * @param includeMetadata whether hits carry {@code metadata}
 * @param includeVector   whether hits carry {@code vector}
 */
public record QueryOptions(int topK, int probes, int rerankMult, boolean greedy, JsonNode filter,
                           boolean includeDistance, boolean includeMetadata, boolean includeVector) {
}
