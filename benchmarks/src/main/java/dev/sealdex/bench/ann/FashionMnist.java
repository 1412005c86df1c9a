package dev.sealdex.bench.ann;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Loads Fashion-MNIST from Debian's {@code dataset-fashion-mnist} package, as ann-benchmarks does:
 * the 60,000 training images are the base, the first test images the queries, each a 784-d vector
 * of raw pixel values 0..255 as floats.
 */
final class FashionMnist {

    /** Where the Debian package puts the files. */
    static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    private static final int IMAGES_MAGIC = 0x0000_0803;

    private FashionMnist() {
    }

    /** Loads the base and the first {@code queryCount} test images from {@code directory}. */
    static Dataset load(Path directory, int queryCount) {
        Path train = find(directory, "train-images-idx3-ubyte");
        Path test = find(directory, "t10k-images-idx3-ubyte");
        Texmex.FloatRows base = readImages(train, Integer.MAX_VALUE);
        Texmex.FloatRows queries = readImages(test, queryCount);
        String description = "Fashion-MNIST (" + directory + "): " + base.rows() + " training images as base, the first "
                + queries.rows() + " test images as queries, " + base.dimension() + "-d raw pixels";
        return new Dataset("fashion-mnist", description, base.values(), base.rows(), base.dimension(),
                queries.values(), queries.rows(), null, "fashion-mnist-n" + base.rows() + "-q" + queries.rows());
    }

    /** The IDX file {@code stem}, plain or gzip'd; fails with how to install it when absent. */
    private static Path find(Path directory, String stem) {
        for (String name : new String[] {stem, stem + ".gz"}) {
            Path candidate = directory.resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new MissingPrerequisiteException("Fashion-MNIST is not installed (no " + stem + "[.gz] in " + directory
                + "); install it with `sudo apt-get install dataset-fashion-mnist`, or pass --fashion-mnist-dir DIR.");
    }

    /** Reads at most {@code limit} images of an IDX3 file as float rows. */
    private static Texmex.FloatRows readImages(Path file, int limit) {
        try (InputStream raw = Files.newInputStream(file);
             InputStream maybeGzip = file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
             DataInputStream in = new DataInputStream(new BufferedInputStream(maybeGzip, 1 << 16))) {
            int magic = in.readInt();
            if (magic != IMAGES_MAGIC) {
                throw new IllegalArgumentException(file + " is not an IDX image file (magic " + Integer.toHexString(magic)
                        + ")");
            }
            int images = in.readInt();
            int rows = in.readInt();
            int columns = in.readInt();
            int count = Math.min(images, limit);
            int dimension = rows * columns;
            byte[] pixels = new byte[dimension];
            float[] values = new float[Math.multiplyExact(count, dimension)];
            for (int i = 0; i < count; i++) {
                in.readFully(pixels);
                for (int p = 0; p < dimension; p++) {
                    values[i * dimension + p] = pixels[p] & 0xFF;
                }
            }
            return new Texmex.FloatRows(values, count, dimension);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
