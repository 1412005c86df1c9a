package dev.sealdex.bench.stageone;

import dev.sealdex.bench.stageone.FastScanCodes.QuantizedLut;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A query's PQ4 lookup tables with the Panama Vector API: one 512-bit float vector holds the 16
 * centroids of a sub-quantizer, so each table is {@code d / m} fused multiply-adds, and the
 * quantisation to bytes is a subtract, a multiply and a narrowing conversion per table. The
 * results equal {@link FastScanCodes#distanceTables} and {@link FastScanCodes#quantize} exactly
 * (same operations in the same order). The scalar version took about 35 us at d = 784, M = 392 on
 * the busy machine, a large share of a query that FAISS answers in about 80 us.
 */
final class FastScanTables {

    private static final VectorSpecies<Float> CENTROID_FLOATS = FloatVector.SPECIES_512;
    private static final VectorSpecies<Byte> CENTROID_BYTES = ByteVector.SPECIES_128;

    private FastScanTables() {
    }

    /**
     * The quantised tables of {@code query} against centroids in {@link FastScanCodes#byDimension}
     * order ({@code m} sub-quantizers of {@code d / m} dimensions).
     */
    static QuantizedLut build(float[] query, float[] centroidsByDimension, int d, int m) {
        int sub = d / m;
        int centroids = FastScanCodes.CENTROIDS;
        float[] tables = new float[m * centroids];
        float[] minimum = new float[m];
        float bias = 0f;
        float span = 0f;
        for (int j = 0; j < m; j++) {
            FloatVector sum = FloatVector.zero(CENTROID_FLOATS);
            for (int k = 0; k < sub; k++) {
                FloatVector diff = FloatVector.broadcast(CENTROID_FLOATS, query[j * sub + k])
                        .sub(FloatVector.fromArray(CENTROID_FLOATS, centroidsByDimension, (j * sub + k) * centroids));
                sum = diff.fma(diff, sum);
            }
            sum.intoArray(tables, j * centroids);
            float low = sum.reduceLanes(VectorOperators.MIN);
            minimum[j] = low;
            bias += low;
            span = Math.max(span, sum.reduceLanes(VectorOperators.MAX) - low);
        }
        float scale = span > 0f ? 255f / span : 1f;
        byte[] table = new byte[FastScanCodes.paddedSubquantizers(m) * centroids];
        for (int j = 0; j < m; j++) {
            // Round half up by truncation (the value is >= 0), as FastScanCodes.quantize does.
            IntVector rounded = (IntVector) FloatVector.fromArray(CENTROID_FLOATS, tables, j * centroids)
                    .sub(minimum[j]).mul(scale).add(0.5f)
                    .convertShape(VectorOperators.F2I, IntVector.SPECIES_512, 0);
            ((ByteVector) rounded.convertShape(VectorOperators.I2B, CENTROID_BYTES, 0)).intoArray(table, j * centroids);
        }
        return new QuantizedLut(table, m, scale, bias);
    }
}
