package dev.sealdex.bench.ann;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ExecutorService;

/** Turns the data options into a {@link Dataset}: TEXMEX files, Fashion-MNIST or the clustered generator. */
final class DatasetLoader {

    /**
     * The data options.
     *
     * @param dataset         {@code fashion-mnist}, {@code clustered}, or null with TEXMEX files
     * @param base            TEXMEX base file, or null
     * @param query           TEXMEX query file, or null
     * @param groundTruth     TEXMEX ground-truth file, or null to compute it
     * @param fashionMnistDir where the Fashion-MNIST IDX files are
     * @param queryCount      queries to use (at most)
     * @param clustered       the generator's parameters (for {@code clustered})
     */
    record Options(String dataset, Path base, Path query, Path groundTruth, Path fashionMnistDir, int queryCount,
                   ClusteredData.Params clustered) {
    }

    private DatasetLoader() {
    }

    /** Loads or generates the data set the options name. */
    static Dataset load(Options options, ExecutorService executor) {
        if (options.base() != null || options.query() != null) {
            if (options.dataset() != null) {
                throw new IllegalArgumentException("give either --dataset or --base/--query, not both");
            }
            if (options.base() == null || options.query() == null) {
                throw new IllegalArgumentException("TEXMEX input needs both --base and --query (and optionally --gt)");
            }
            return texmex(options);
        }
        String name = options.dataset() == null ? "" : options.dataset().trim().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "fashion-mnist" -> FashionMnist.load(options.fashionMnistDir(), options.queryCount());
            case "clustered" -> ClusteredData.generate(options.clustered(), executor);
            case "" -> throw new IllegalArgumentException(
                    "say what to run on: --dataset fashion-mnist, --dataset clustered, or --base/--query TEXMEX files");
            default -> throw new IllegalArgumentException(
                    "--dataset must be fashion-mnist or clustered (or use --base/--query), got '" + options.dataset() + "'");
        };
    }

    private static Dataset texmex(Options options) {
        Texmex.FloatRows base = Texmex.readFvecs(existing(options.base(), "--base"));
        Texmex.FloatRows query = Texmex.readFvecs(existing(options.query(), "--query"));
        if (base.dimension() != query.dimension()) {
            throw new IllegalArgumentException("--base has dimension " + base.dimension() + " but --query has "
                    + query.dimension());
        }
        int[][] truth = null;
        if (options.groundTruth() != null) {
            truth = Texmex.readIvecs(existing(options.groundTruth(), "--gt"));
            if (truth.length < query.rows()) {
                throw new IllegalArgumentException("--gt has " + truth.length + " rows for " + query.rows() + " queries");
            }
            truth = java.util.Arrays.copyOf(truth, query.rows());
        }
        int used = Math.min(query.rows(), options.queryCount());
        String description = String.format(Locale.ROOT, "TEXMEX %s: %,d x %d base, %,d of %,d queries%s",
                options.base().getFileName(), base.rows(), base.dimension(), used, query.rows(),
                truth == null ? ", exact ground truth computed" : ", ground truth from " + options.groundTruth());
        Dataset data = new Dataset(stem(options.base()), description, base.values(), base.rows(), base.dimension(),
                query.values(), query.rows(), truth, cacheKey(options));
        return data.firstQueries(used);
    }

    private static Path existing(Path file, String flag) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(flag + " " + file + " does not exist");
        }
        return file;
    }

    /** Keyed by the files' names, sizes and modification times, so edited files are not mistaken for cached ones. */
    private static String cacheKey(Options options) {
        try {
            long signature = 17;
            for (Path file : new Path[] {options.base(), options.query()}) {
                signature = signature * 31 + file.toAbsolutePath().toString().hashCode();
                signature = signature * 31 + Files.size(file);
                signature = signature * 31 + Files.getLastModifiedTime(file).toMillis();
            }
            return "texmex-" + stem(options.base()) + "-" + Long.toHexString(signature);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.indexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name).replaceAll("[^A-Za-z0-9_-]", "_");
    }
}
