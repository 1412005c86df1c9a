package dev.sealdex.engine.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sealdex.engine.crypto.BlockCipher;
import dev.sealdex.engine.crypto.IntegrityException;
import dev.sealdex.engine.crypto.KeyPurpose;
import dev.sealdex.engine.model.StoragePrecision;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RowFormatTest {

    private static final BlockCipher VECTORS = IndexFixture.keys().cipher(KeyPurpose.VECTORS);

    private static float[] vector(int dimension, long seed) {
        Random random = new Random(seed);
        float[] vector = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            vector[i] = (float) random.nextGaussian();
        }
        return vector;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 6, 254, 255, 256, 65_535})
    void roundTripsAtBothPrecisions(int idLength) {
        String id = "é".repeat(idLength / 2) + "x".repeat(idLength % 2);
        for (int dimension : new int[] {1, 3, 128, 784}) {
            float[] vector = vector(dimension, idLength * 31L + dimension);
            for (StoragePrecision precision : StoragePrecision.values()) {
                byte[] sealed = RowFormat.seal(VECTORS, 42, id, vector, precision);
                assertEquals(RowFormat.HEADER_BYTES + idLength + dimension * precision.bytesPerComponent()
                        + BlockCipher.COMPACT_OVERHEAD, sealed.length);
                byte[] scratch = new byte[RowFormat.maxPlaintext(dimension)];
                float[] opened = new float[dimension];
                int length = RowFormat.open(VECTORS, 42, sealed, scratch, opened);
                assertEquals(idLength, length);
                assertEquals(id, RowFormat.id(scratch, length));
                float[] expected = precision == StoragePrecision.FLOAT32 ? vector : rounded(vector);
                assertArrayEquals(expected, opened);
            }
        }
    }

    /** The memory budget per vector (docs/PERFORMANCE.md) counts on it: 26 bytes besides the id and the vector (560 with the array header). */
    @Test
    void aRowOf128FloatsAndASixByteIdIsFiveHundredFortyFourBytes() {
        assertEquals(544, RowFormat.seal(VECTORS, 7, "123456", vector(128, 1), StoragePrecision.FLOAT32).length);
    }

    @Test
    void aRowOpensOnlyAsItsOwnOrdinalAndDimension() {
        byte[] sealed = RowFormat.seal(VECTORS, 7, "id-7", vector(16, 7), StoragePrecision.FLOAT32);
        byte[] scratch = new byte[RowFormat.maxPlaintext(16)];
        assertThrows(IntegrityException.class, () -> RowFormat.open(VECTORS, 8, sealed, scratch, new float[16]));
        assertThrows(IntegrityException.class, () -> RowFormat.open(VECTORS, 7, sealed, scratch, new float[15]));
        assertThrows(IntegrityException.class, () -> RowFormat.open(VECTORS, 7, sealed, scratch, new float[9]));
        byte[] flipped = sealed.clone();
        flipped[12] ^= 1;
        assertThrows(IntegrityException.class, () -> RowFormat.open(VECTORS, 7, flipped, scratch, new float[16]));
        assertThrows(IllegalArgumentException.class,
                () -> RowFormat.seal(VECTORS, 7, "x".repeat(65_536), new float[1], StoragePrecision.FLOAT32));
    }

    private static float[] rounded(float[] vector) {
        float[] rounded = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            rounded[i] = Float.float16ToFloat(Float.floatToFloat16(vector[i]));
        }
        return rounded;
    }
}
