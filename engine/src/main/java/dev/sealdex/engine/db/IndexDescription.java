package dev.sealdex.engine.db;

import dev.sealdex.engine.model.IndexConfig;

/**
 * What {@code describe} reports.
 *
 * @param name      the index name
 * @param config    its configuration (dimension 0 until known)
 * @param trained   whether a training produced the current layout
 * @param lists     lists in the current layout (1 while untrained)
 * @param count     live items
 * @param kmsName   the key provider for KMS-backed indexes, or null
 */
public record IndexDescription(String name, IndexConfig config, boolean trained, int lists, int count,
                               String kmsName) {
}
