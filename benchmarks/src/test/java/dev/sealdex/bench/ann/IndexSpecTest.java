package dev.sealdex.bench.ann;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sealdex.engine.model.IndexKind;
import dev.sealdex.engine.model.Metric;
import dev.sealdex.engine.model.StoragePrecision;
import org.junit.jupiter.api.Test;

class IndexSpecTest {

    @Test
    void defaultPqDimDividesTheDimension() {
        assertEquals(98, IndexSpec.defaultPqDim(784));
        assertEquals(16, IndexSpec.defaultPqDim(128));
        assertEquals(8, IndexSpec.defaultPqDim(32));
        assertEquals(6, IndexSpec.defaultPqDim(30));
        assertEquals(10, IndexSpec.defaultPqDim(100));
        assertEquals(7, IndexSpec.defaultPqDim(7));
        assertEquals(1, IndexSpec.defaultPqDim(1));
    }

    @Test
    void rawBytesAreCodePlusRerankVector() {
        assertEquals(128 + 512, spec(IndexKind.IVF_SQ8_RERANK).rawBytesPerVector(128));
        assertEquals(512 + 512, spec(IndexKind.IVF_FLAT).rawBytesPerVector(128));
        assertEquals(32 + 512, spec(IndexKind.IVF_PQ).rawBytesPerVector(128));
        assertEquals(128 + 512, spec(IndexKind.IVF_SQ).rawBytesPerVector(128));
    }

    @Test
    void everyKindMakesAValidEngineConfig() {
        for (IndexKind kind : IndexKind.values()) {
            assertEquals(kind, spec(kind).config(128).kind());
        }
    }

    private static IndexSpec spec(IndexKind kind) {
        return IndexSpec.of(kind, Metric.EUCLIDEAN, StoragePrecision.FLOAT32, 32, 8, 8);
    }
}
