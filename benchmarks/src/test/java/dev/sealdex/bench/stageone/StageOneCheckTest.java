package dev.sealdex.bench.stageone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sealdex.bench.stageone.FastScanCodes.QuantizedLut;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StageOneCheckTest {

    @Test
    void everyKernelAgreesWithItsSpecificationOnAwkwardSizes() {
        StageOneCheck.awkwardSizes(StageOneCheck.panama());
    }

    @Test
    void fastScanSumsTheTableBytesOfEachRowsCodes() {
        // Two sub-quantizers, 33 rows (two blocks): row r has codes r % 16 and 15 - r % 16.
        int m = 2;
        int rows = 33;
        byte[] codes = new byte[rows * m];
        for (int r = 0; r < rows; r++) {
            codes[r * m] = (byte) (r % 16);
            codes[r * m + 1] = (byte) (15 - r % 16);
        }
        byte[] table = new byte[FastScanCodes.paddedSubquantizers(m) * 16];
        for (int c = 0; c < 16; c++) {
            table[c] = (byte) c;
            table[16 + c] = (byte) (100 * (c % 2));
        }
        QuantizedLut lut = new QuantizedLut(table, m, 1f, 0f);
        float[] out = StageOneCheck.pq4(FastScanCodes.pack(codes, rows, m), 0, FastScanCodes.blocks(rows), lut);
        for (int r = 0; r < rows; r++) {
            assertArrayEquals(new float[] {r % 16 + 100 * ((15 - r % 16) % 2)}, new float[] {out[r]}, "row " + r);
        }
    }

    @Test
    void aWrongScoreFailsTheCheck() {
        float[] expected = StageOneCheck.floats(new SplittableRandom(1), 8, 0f, 1f);
        float[] actual = expected.clone();
        actual[5] += 0.01f;
        assertThrows(IllegalStateException.class, () -> StageOneCheck.close("test", expected, actual, 8));
    }
}
