package dev.sealdex.bench.ann;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TexmexTest {

    @TempDir
    Path dir;

    @Test
    void fvecsAndIvecsRoundTrip() {
        float[] values = {1.5f, -2f, 3.25f, 0f, 7f, -0.125f};
        Path fvecs = dir.resolve("x.fvecs");
        Texmex.writeFvecs(fvecs, values, 2, 3);
        Texmex.FloatRows read = Texmex.readFvecs(fvecs);
        assertEquals(2, read.rows());
        assertEquals(3, read.dimension());
        assertArrayEquals(values, read.values());

        int[][] rows = {{5, 1, 9}, {0, 2, 4}};
        Path ivecs = dir.resolve("x.ivecs");
        Texmex.writeIvecs(ivecs, rows);
        assertArrayEquals(rows, Texmex.readIvecs(ivecs));
    }

    @Test
    void theLayoutIsLittleEndianDimensionThenComponents() throws IOException {
        Path fvecs = dir.resolve("one.fvecs");
        Texmex.writeFvecs(fvecs, new float[] {1f, 2f}, 1, 2);
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(fvecs)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(12, bytes.capacity());
        assertEquals(2, bytes.getInt());
        assertEquals(1f, bytes.getFloat());
        assertEquals(2f, bytes.getFloat());
    }

    @Test
    void aTruncatedFileIsRejectedWithItsName() throws IOException {
        Path fvecs = dir.resolve("cut.fvecs");
        Texmex.writeFvecs(fvecs, new float[] {1f, 2f, 3f, 4f}, 2, 2);
        byte[] all = Files.readAllBytes(fvecs);
        Files.write(fvecs, java.util.Arrays.copyOf(all, all.length - 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Texmex.readFvecs(fvecs));
        assertTrue(e.getMessage().contains("cut.fvecs"), e.getMessage());
    }

    @Test
    void exportKeepsAnExistingBaseOfTheRightSize() throws IOException {
        Dataset data = new Dataset("t", "t", new float[] {1, 2, 3, 4}, 2, 2, new float[] {1, 2}, 1,
                new int[][] {{0, 1}}, "t");
        Texmex.FileSet first = Texmex.export(data, dir, null);
        Files.setLastModifiedTime(first.base(), java.nio.file.attribute.FileTime.fromMillis(0));
        Texmex.FileSet second = Texmex.export(data, dir, null);
        assertEquals(0, Files.getLastModifiedTime(second.base()).toMillis());
        assertArrayEquals(new int[][] {{0, 1}}, Texmex.readIvecs(second.groundTruth()));
    }
}
