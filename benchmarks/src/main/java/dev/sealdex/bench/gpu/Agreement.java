package dev.sealdex.bench.gpu;

import dev.sealdex.engine.kernel.BlockHits;
import java.util.Arrays;

/** How far two answers to the same queries agree: identical id lists, and recall@k of one against the other. */
final class Agreement {

    private Agreement() {
    }

    /** Query {@code q}'s hit ids, best first, for every query of {@code hits}. */
    static int[][] ids(BlockHits hits) {
        int[][] ids = new int[hits.queryCount()][];
        for (int q = 0; q < ids.length; q++) {
            ids[q] = Arrays.copyOfRange(hits.ids(), q * hits.k(), q * hits.k() + hits.count(q));
        }
        return ids;
    }

    /**
     * recall@k of {@code found} against {@code truth}: the share of each query's first {@code k}
     * true neighbours that {@code found}'s first {@code k} contain, averaged over the queries. A
     * query with fewer than {@code k} true neighbours counts against the ones it has.
     */
    static double recall(int[][] found, int[][] truth, int k) {
        if (found.length != truth.length) {
            throw new IllegalArgumentException(found.length + " answers for " + truth.length + " queries");
        }
        long hit = 0;
        long wanted = 0;
        for (int q = 0; q < truth.length; q++) {
            int depth = Math.min(k, truth[q].length);
            int[] mine = Arrays.copyOf(found[q], Math.min(k, found[q].length));
            Arrays.sort(mine);
            for (int i = 0; i < depth; i++) {
                if (Arrays.binarySearch(mine, truth[q][i]) >= 0) {
                    hit++;
                }
            }
            wanted += depth;
        }
        return wanted == 0 ? 1.0 : (double) hit / wanted;
    }

    /** Queries whose first {@code k} ids are the same list, in the same order, in both answers. */
    static int identical(int[][] a, int[][] b, int k) {
        int same = 0;
        for (int q = 0; q < Math.min(a.length, b.length); q++) {
            if (Arrays.equals(Arrays.copyOf(a[q], Math.min(k, a[q].length)),
                    Arrays.copyOf(b[q], Math.min(k, b[q].length)))) {
                same++;
            }
        }
        return same;
    }
}
