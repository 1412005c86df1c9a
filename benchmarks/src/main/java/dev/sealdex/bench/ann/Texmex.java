package dev.sealdex.bench.ann;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads and writes the TEXMEX formats of the SIFT/GIST corpora: {@code .fvecs} and {@code .ivecs}.
 *
 * <table>
 *   <caption>One record (repeated for every vector)</caption>
 *   <tr><th>offset</th><th>size</th><th>field</th></tr>
 *   <tr><td>0</td><td>4</td><td>dimension d, int32 little-endian</td></tr>
 *   <tr><td>4</td><td>4 d</td><td>components, float32 ({@code fvecs}) or int32 ({@code ivecs}), little-endian</td></tr>
 * </table>
 */
final class Texmex {

    /** Rows and their common dimension, read from one file. */
    record FloatRows(float[] values, int rows, int dimension) {
    }

    /** Where a data set's TEXMEX files are. */
    record FileSet(Path base, Path query, Path groundTruth) {
    }

    private Texmex() {
    }

    /**
     * Writes {@code data} as {@code base.fvecs}, {@code query.fvecs} and {@code groundtruth.ivecs}
     * under {@code directory}. A base file already there with the right size is kept (its name is
     * keyed by the data set's parameters), and {@code existingBase}, when given, is used instead of
     * writing the base at all.
     */
    static FileSet export(Dataset data, Path directory, Path existingBase) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
        Path base = existingBase;
        if (base == null) {
            base = directory.resolve("base.fvecs");
            long expected = (long) data.size() * (4 + 4L * data.dimension());
            if (!isFile(base, expected)) {
                writeFvecs(base, data.base(), data.size(), data.dimension());
            }
        }
        Path query = directory.resolve("query.fvecs");
        writeFvecs(query, data.queries(), data.queryCount(), data.dimension());
        Path truth = directory.resolve("groundtruth.ivecs");
        writeIvecs(truth, data.truth());
        return new FileSet(base, query, truth);
    }

    private static boolean isFile(Path file, long size) {
        try {
            return Files.isRegularFile(file) && Files.size(file) == size;
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads a whole {@code .fvecs} file. */
    static FloatRows readFvecs(Path file) {
        ByteBuffer bytes = map(file);
        int dimension = firstDimension(file, bytes);
        int rows = rowCount(file, bytes.capacity(), dimension);
        float[] values = new float[Math.multiplyExact(rows, dimension)];
        for (int r = 0; r < rows; r++) {
            checkDimension(file, bytes, r, dimension);
            bytes.asFloatBuffer().get(values, r * dimension, dimension);
            bytes.position(bytes.position() + 4 * dimension);
        }
        return new FloatRows(values, rows, dimension);
    }

    /** Reads a whole {@code .ivecs} file, one array per row. */
    static int[][] readIvecs(Path file) {
        ByteBuffer bytes = map(file);
        int dimension = firstDimension(file, bytes);
        int rows = rowCount(file, bytes.capacity(), dimension);
        int[][] out = new int[rows][dimension];
        for (int r = 0; r < rows; r++) {
            checkDimension(file, bytes, r, dimension);
            bytes.asIntBuffer().get(out[r]);
            bytes.position(bytes.position() + 4 * dimension);
        }
        return out;
    }

    /** Writes {@code rows} vectors of {@code dimension} floats as {@code .fvecs}. */
    static void writeFvecs(Path file, float[] values, int rows, int dimension) {
        ByteBuffer record = ByteBuffer.allocate(4 + 4 * dimension).order(ByteOrder.LITTLE_ENDIAN);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            for (int r = 0; r < rows; r++) {
                record.clear();
                record.putInt(dimension);
                record.asFloatBuffer().put(values, r * dimension, dimension);
                out.write(record.array());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Writes one int array per row as {@code .ivecs}; all rows must have the same length. */
    static void writeIvecs(Path file, int[][] rows) {
        int dimension = rows.length == 0 ? 0 : rows[0].length;
        ByteBuffer record = ByteBuffer.allocate(4 + 4 * dimension).order(ByteOrder.LITTLE_ENDIAN);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            for (int[] row : rows) {
                if (row.length != dimension) {
                    throw new IllegalArgumentException("ivecs rows must all have " + dimension + " entries");
                }
                record.clear();
                record.putInt(dimension);
                record.asIntBuffer().put(row);
                out.write(record.array());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static ByteBuffer map(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(file + " is larger than 2 GiB; the harness reads files up to 2 GiB");
            }
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, size).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static int firstDimension(Path file, ByteBuffer bytes) {
        if (bytes.capacity() < 4) {
            throw new IllegalArgumentException(file + " is empty or not a TEXMEX file");
        }
        int dimension = bytes.getInt(0);
        if (dimension < 1 || dimension > 1 << 16) {
            throw new IllegalArgumentException(file + " does not start with a plausible dimension (" + dimension
                    + "); is it a TEXMEX .fvecs/.ivecs file?");
        }
        return dimension;
    }

    private static int rowCount(Path file, long bytes, int dimension) {
        long record = 4L + 4L * dimension;
        if (bytes % record != 0) {
            throw new IllegalArgumentException(file + " has " + bytes + " bytes, not a whole number of " + dimension
                    + "-d records");
        }
        return Math.toIntExact(bytes / record);
    }

    private static void checkDimension(Path file, ByteBuffer bytes, int row, int dimension) {
        int found = bytes.getInt();
        if (found != dimension) {
            throw new IllegalArgumentException(file + ": row " + row + " has dimension " + found + ", expected "
                    + dimension);
        }
    }
}
