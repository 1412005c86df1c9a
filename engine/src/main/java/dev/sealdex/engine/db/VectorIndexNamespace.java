package dev.sealdex.engine.db;

import dev.sealdex.engine.index.VectorIndex;

/** The store namespace that holds everything of one index. */
final class VectorIndexNamespace {

    private VectorIndexNamespace() {
    }

    static String of(byte[] indexId) {
        return VectorIndex.namespace(indexId);
    }
}
