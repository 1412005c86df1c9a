package dev.sealdex.engine.search;

/**
 * One result row.
 *
 * @param ordinal  the row ordinal (for fetching metadata)
 * @param id       the item id
 * @param distance the distance in the index's metric
 */
public record SearchHit(int ordinal, String id, float distance) {
}
