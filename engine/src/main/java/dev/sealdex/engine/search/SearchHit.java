package dev.sealdex.engine.search;

/**
 * One result row.
 *
 * @param ordinal  the row ordinal (for fetching metadata)
 * @param id       the item id
 * @param distance the distance in the index's metric
 * @param vector   the stored vector (at storage precision, normalised for cosine), or null unless asked
 */
public record SearchHit(int ordinal, String id, float distance, float[] vector) {
}
