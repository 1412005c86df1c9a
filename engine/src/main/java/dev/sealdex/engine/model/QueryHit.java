package dev.sealdex.engine.model;

/**
 * One query result.
 *
 * @param id       the item id
 * @param distance the distance in the index's metric
 * @param metadata the metadata as JSON text when asked for and present, else null
 * @param vector   the stored vector when asked for, else null
 */
public record QueryHit(String id, float distance, String metadata, float[] vector) {
}
