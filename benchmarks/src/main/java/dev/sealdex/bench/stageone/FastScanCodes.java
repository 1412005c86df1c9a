package dev.sealdex.bench.stageone;

/**
 * 4-bit product-quantisation codes in a fast-scan layout, their uint8 lookup tables, and the
 * scalar scoring that is the specification of {@link FastScanKernels}. A prototype for choosing a
 * stage-1 code; the engine does not use it.
 *
 * <p>Each row has {@code m} sub-quantizers of {@value #CENTROIDS} centroids (4 bits each); the
 * sub-quantizer count is padded to a multiple of {@value #TABLES_PER_LOAD} (the 512-bit kernel
 * reads four tables at once) with zero codes and all-zero tables, as FAISS pads to its own
 * multiple. Rows are grouped in blocks of {@value #BLOCK_ROWS}, the last block padded with zero
 * codes.
 *
 * <table>
 *   <caption>Bytes of one block of 32 rows ({@code pm} = padded sub-quantizer count)</caption>
 *   <tr><th>offset</th><th>size</th><th>field</th></tr>
 *   <tr><td>16 j</td><td>16</td><td>sub-quantizer j, byte i: low nibble = code of row i, high
 *   nibble = code of row 16 + i</td></tr>
 *   <tr><td>16 pm</td><td></td><td>end of block (16 pm bytes, 32 rows x pm / 2)</td></tr>
 * </table>
 *
 * <p>This is FAISS's blocked layout (32 rows per block, sub-quantizer-major, two codes per byte)
 * without its permutation of rows inside a 32-byte pair of sub-quantizers: the same bytes and the
 * same work per row, ordered for Panama lookups instead of AVX2 lanes.
 */
final class FastScanCodes {

    /** Rows per block. */
    static final int BLOCK_ROWS = 32;
    /** Centroids per sub-quantizer (4-bit codes). */
    static final int CENTROIDS = 16;
    /** Sub-quantizer tables the 512-bit kernel reads in one load. */
    static final int TABLES_PER_LOAD = 4;

    private FastScanCodes() {
    }

    /** The sub-quantizer count rounded up to a multiple of {@value #TABLES_PER_LOAD}. */
    static int paddedSubquantizers(int m) {
        return (m + TABLES_PER_LOAD - 1) / TABLES_PER_LOAD * TABLES_PER_LOAD;
    }

    /** Bytes of one block of 32 rows. */
    static int blockBytes(int m) {
        return paddedSubquantizers(m) * CENTROIDS;
    }

    /** Blocks holding {@code rows} rows. */
    static int blocks(int rows) {
        return (rows + BLOCK_ROWS - 1) / BLOCK_ROWS;
    }

    /** Packs {@code codes[r * m + j]} (each 0..15) of {@code rows} rows into the blocked layout. */
    static byte[] pack(byte[] codes, int rows, int m) {
        int pm = paddedSubquantizers(m);
        byte[] packed = new byte[blocks(rows) * blockBytes(m)];
        for (int r = 0; r < rows; r++) {
            int block = r / BLOCK_ROWS;
            int i = r % BLOCK_ROWS;
            for (int j = 0; j < m; j++) {
                int code = codes[r * m + j] & 0x0F;
                int at = (block * pm + j) * CENTROIDS + (i & 15);
                packed[at] |= (byte) (i < 16 ? code : code << 4);
            }
        }
        return packed;
    }

    /**
     * One query's tables quantised to bytes: {@code table[16 j + c]} for sub-quantizer j and code c,
     * zero past sub-quantizer {@code m}. A row's distance is about {@code sum / scale + bias}.
     */
    record QuantizedLut(byte[] table, int subquantizers, float scale, float bias) {
        /** Padded sub-quantizer count, the number of 16-byte tables in {@code table}. */
        int paddedSubquantizers() {
            return table.length / CENTROIDS;
        }

        /** The distance a summed code of the table stands for. */
        float distance(int sum) {
            return sum / scale + bias;
        }
    }

    /**
     * Float squared-L2 tables of {@code query} against {@code centroids} ({@code m} sub-quantizers
     * x 16 centroids x {@code d / m} dimensions): {@code m * 16} floats. The per-query set-up cost.
     */
    static float[] distanceTables(float[] query, float[] centroids, int d, int m) {
        int sub = d / m;
        float[] tables = new float[m * CENTROIDS];
        for (int j = 0; j < m; j++) {
            for (int c = 0; c < CENTROIDS; c++) {
                int at = (j * CENTROIDS + c) * sub;
                float sum = 0f;
                for (int k = 0; k < sub; k++) {
                    float diff = query[j * sub + k] - centroids[at + k];
                    sum = Math.fma(diff, diff, sum);
                }
                tables[j * CENTROIDS + c] = sum;
            }
        }
        return tables;
    }

    /**
     * {@code centroids} ({@code m} x 16 centroids x {@code sub} dimensions) reordered to {@code m} x
     * {@code sub} dimensions x 16 centroids, the order {@link FastScanTables} reads.
     */
    static float[] byDimension(float[] centroids, int m, int sub) {
        float[] reordered = new float[centroids.length];
        for (int j = 0; j < m; j++) {
            for (int c = 0; c < CENTROIDS; c++) {
                for (int k = 0; k < sub; k++) {
                    reordered[(j * sub + k) * CENTROIDS + c] = centroids[(j * CENTROIDS + c) * sub + k];
                }
            }
        }
        return reordered;
    }

    /**
     * Quantises float tables to bytes the way FAISS's {@code round_uint8_per_column} does: each
     * sub-quantizer's minimum is subtracted (and summed into the bias), and one scale maps the
     * widest remaining span to 255.
     */
    static QuantizedLut quantize(float[] tables, int m) {
        float bias = 0f;
        float span = 0f;
        float[] minimum = new float[m];
        for (int j = 0; j < m; j++) {
            float low = Float.POSITIVE_INFINITY;
            float high = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < CENTROIDS; c++) {
                low = Math.min(low, tables[j * CENTROIDS + c]);
                high = Math.max(high, tables[j * CENTROIDS + c]);
            }
            minimum[j] = low;
            bias += low;
            span = Math.max(span, high - low);
        }
        float scale = span > 0f ? 255f / span : 1f;
        byte[] table = new byte[paddedSubquantizers(m) * CENTROIDS];
        for (int j = 0; j < m; j++) {
            for (int c = 0; c < CENTROIDS; c++) {
                // Round half up by truncation (the value is >= 0), as FastScanTables does.
                int value = (int) ((tables[j * CENTROIDS + c] - minimum[j]) * scale + 0.5f);
                table[j * CENTROIDS + c] = (byte) Math.min(255, value);
            }
        }
        return new QuantizedLut(table, m, scale, bias);
    }

    /**
     * The specification: scores {@code blocks} blocks starting at byte {@code offset} of
     * {@code packed} against {@code lut}, writing {@code 32 * blocks} distances to {@code out}.
     */
    static void scoreScalar(byte[] packed, int offset, int blocks, QuantizedLut lut, float[] out) {
        int pm = lut.paddedSubquantizers();
        byte[] table = lut.table();
        for (int b = 0; b < blocks; b++) {
            int block = offset + b * pm * CENTROIDS;
            for (int i = 0; i < BLOCK_ROWS; i++) {
                int sum = 0;
                for (int j = 0; j < pm; j++) {
                    int packedByte = packed[block + j * CENTROIDS + (i & 15)] & 0xFF;
                    int code = i < 16 ? packedByte & 0x0F : packedByte >>> 4;
                    sum += table[j * CENTROIDS + code] & 0xFF;
                }
                out[b * BLOCK_ROWS + i] = lut.distance(sum);
            }
        }
    }
}
