package dev.sealdex.accel.gpu;

import dev.sealdex.engine.kernel.BlockHits;

/**
 * Host-side assembly of device results: per-query sorted segments into {@link BlockHits}, and the
 * merge of two partial results (when a search ran in several budget-sized rounds). Order is
 * ascending (distance, id), as the kernels and the CPU reference order it.
 */
final class HitMerge {

    private HitMerge() {
    }

    /** No hits for any query. */
    static BlockHits empty(int queryCount, int k) {
        return new BlockHits(queryCount, k, new int[queryCount], new int[queryCount * k], new float[queryCount * k]);
    }

    /** Copies query {@code q}'s sorted segment {@code [starts[q], starts[q] + lengths[q])} (at most k) into hits. */
    static BlockHits fromSegments(int queryCount, int k, int[] starts, int[] lengths, int[] ids, float[] distances) {
        BlockHits hits = empty(queryCount, k);
        for (int q = 0; q < queryCount; q++) {
            int n = Math.min(k, lengths[q]);
            System.arraycopy(ids, starts[q], hits.ids(), q * k, n);
            System.arraycopy(distances, starts[q], hits.distances(), q * k, n);
            hits.counts()[q] = n;
        }
        return hits;
    }

    /** The best k of both, per query. */
    static BlockHits merge(BlockHits a, BlockHits b) {
        int k = a.k();
        BlockHits out = empty(a.queryCount(), k);
        for (int q = 0; q < a.queryCount(); q++) {
            int i = 0;
            int j = 0;
            int n = 0;
            while (n < k && (i < a.count(q) || j < b.count(q))) {
                boolean takeA = j >= b.count(q) || i < a.count(q)
                        && before(a.distance(q, i), a.id(q, i), b.distance(q, j), b.id(q, j));
                out.ids()[q * k + n] = takeA ? a.id(q, i) : b.id(q, j);
                out.distances()[q * k + n] = takeA ? a.distance(q, i++) : b.distance(q, j++);
                n++;
            }
            out.counts()[q] = n;
        }
        return out;
    }

    private static boolean before(float d1, int id1, float d2, int id2) {
        return d1 < d2 || d1 == d2 && id1 < id2;
    }
}
