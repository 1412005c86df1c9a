package dev.sealdex.bench.ann;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * A deterministic, seeded Gaussian-mixture data set, generated in parallel yet identical for every
 * thread count.
 *
 * <ul>
 *   <li>Centres: {@code clusters} points with components drawn from N(0, 1), from the stream
 *       {@code seed}.</li>
 *   <li>Spread: each cluster c gets its own standard deviation {@code spread * U(0.5, 1.5)}, so
 *       some clusters are tight and some diffuse, as in real embeddings.</li>
 *   <li>Rows: row i picks a cluster uniformly and adds N(0, sigma_c^2) noise to each component of
 *       its centre. Base and queries are drawn from the same mixture from different streams, so no
 *       query is a base row. Rows come in chunks of 4,096, each with its own random stream derived
 *       from (seed, stream, chunk), which is what makes the parallel generation deterministic.</li>
 * </ul>
 */
public final class ClusteredData {

    private static final int CHUNK = 4_096;
    private static final long BASE_STREAM = 1;
    private static final long QUERY_STREAM = 2;

    /** What to generate. */
    public record Params(int size, int dimension, int queryCount, int clusters, double spread, long seed) {

        /** Checks the values. */
        public Params {
            if (size < 1 || dimension < 1 || queryCount < 1 || clusters < 1 || !(spread > 0)) {
                throw new IllegalArgumentException("--n, --d, --queries and --clusters must be positive, and --spread > 0");
            }
        }

        /** The default cluster count for {@code size} rows: one per 1,000 rows, at least 10. */
        public static int defaultClusters(int size) {
            return Math.max(10, size / 1_000);
        }
    }

    private ClusteredData() {
    }

    /** Generates the data set on {@code executor}. */
    public static Dataset generate(Params p, ExecutorService executor) {
        SplittableRandom centreRandom = new SplittableRandom(p.seed());
        float[] centres = new float[Math.multiplyExact(p.clusters(), p.dimension())];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (float) gaussian(centreRandom);
        }
        double[] sigma = new double[p.clusters()];
        for (int c = 0; c < sigma.length; c++) {
            sigma[c] = p.spread() * (0.5 + centreRandom.nextDouble());
        }
        float[] base = rows(p, centres, sigma, p.size(), BASE_STREAM, executor);
        float[] queries = rows(p, centres, sigma, p.queryCount(), QUERY_STREAM, executor);
        String description = String.format(java.util.Locale.ROOT,
                "clustered: %,d x %d, %,d queries, %d Gaussian clusters (centres N(0,1), sigma %.2f x U(0.5,1.5)), seed %d",
                p.size(), p.dimension(), p.queryCount(), p.clusters(), p.spread(), p.seed());
        String key = String.format(java.util.Locale.ROOT, "clustered-n%d-d%d-q%d-c%d-s%s-seed%d", p.size(),
                p.dimension(), p.queryCount(), p.clusters(), Double.toString(p.spread()), p.seed());
        return new Dataset("clustered", description, base, p.size(), p.dimension(), queries, p.queryCount(), null, key);
    }

    private static float[] rows(Params p, float[] centres, double[] sigma, int count, long stream,
                                ExecutorService executor) {
        int dimension = p.dimension();
        float[] out = new float[Math.multiplyExact(count, dimension)];
        List<Future<?>> parts = new ArrayList<>();
        for (int start = 0; start < count; start += CHUNK) {
            int from = start;
            int to = Math.min(count, start + CHUNK);
            long chunkSeed = mix(p.seed(), stream, from / CHUNK);
            parts.add(executor.submit(() -> {
                SplittableRandom random = new SplittableRandom(chunkSeed);
                for (int r = from; r < to; r++) {
                    int c = random.nextInt(p.clusters());
                    for (int i = 0; i < dimension; i++) {
                        out[r * dimension + i] = (float) (centres[c * dimension + i] + sigma[c] * gaussian(random));
                    }
                }
            }));
        }
        Parallel.joinAll(parts);
        return out;
    }

    /** A well-spread seed for one chunk of one stream (SplitMix64's finaliser). */
    private static long mix(long seed, long stream, long chunk) {
        long z = seed + 0x9E37_79B9_7F4A_7C15L * (stream * 1_000_003L + chunk + 1);
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }

    /** A standard normal draw (Box-Muller, one of the pair). */
    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
