package dev.sealdex.engine.kernel;

import java.util.Arrays;
import java.util.List;

/**
 * The CPU form of the batch operations ({@link BatchSearchKernels#cpu}), built on a backend's own
 * {@link VectorKernels#scoreBlock} and {@link VectorKernels#scoreBlockSq8}, so scalar and Panama
 * get them for free and an accelerator falls back to them. Plaintext scratch is wiped before each
 * call returns.
 */
final class BatchKernels implements BatchSearchKernels {

    /** Vectors scored per {@code scoreBlock} call in {@link #assignNearest}: the block stays in cache. */
    private static final int ASSIGN_BLOCK = 64;

    private final VectorKernels kernels;

    BatchKernels(VectorKernels kernels) {
        this.kernels = kernels;
    }

    @Override
    public BlockHits searchBlocks(DistanceFunction function, List<? extends BlockSource> blocks, int dimension,
                                  float[] queries, int queryCount, int[][] blocksOfQuery, int k) {
        int maxRows = maxRows(blocks);
        float[] rows = new float[maxRows * dimension];
        return search(blocks, dimension, queries, queryCount, blocksOfQuery, k, maxRows, new BlockScan() {
            @Override
            public void score(BlockSource block, int rowCount, int[] ids, float[] batch, int batchCount, float[] out) {
                block.decryptInto(rows, ids);
                kernels.scoreBlock(function, rows, 0, rowCount, dimension, batch, batchCount, out);
            }

            @Override
            public void wipe() {
                Arrays.fill(rows, 0f);
            }
        });
    }

    @Override
    public BlockHits searchBlocksSq8(DistanceFunction function, List<? extends BlockSource> blocks, int dimension,
                                     float[] scale, float[] offset, float[] queries, int queryCount,
                                     int[][] blocksOfQuery, int k) {
        int maxRows = maxRows(blocks);
        byte[] codes = new byte[maxRows * dimension];
        return search(blocks, dimension, queries, queryCount, blocksOfQuery, k, maxRows, new BlockScan() {
            @Override
            public void score(BlockSource block, int rowCount, int[] ids, float[] batch, int batchCount, float[] out) {
                block.decryptInto(codes, ids);
                kernels.scoreBlockSq8(function, codes, 0, rowCount, dimension, scale, offset, batch, batchCount, out);
            }

            @Override
            public void wipe() {
                Arrays.fill(codes, (byte) 0);
            }
        });
    }

    /** How one kind of block is opened and scored: float rows or SQ8 codes, into the scan's own scratch. */
    private interface BlockScan {

        /** Decrypts {@code block} (and its row ids) and scores its rows against {@code batchCount} queries. */
        void score(BlockSource block, int rowCount, int[] ids, float[] batch, int batchCount, float[] out);

        /** Overwrites the scratch the block was decrypted into. */
        void wipe();
    }

    /** Scans every block once for the queries that probe it, keeping each query's {@code k} best. */
    private static BlockHits search(List<? extends BlockSource> blocks, int dimension, float[] queries, int queryCount,
                                    int[][] blocksOfQuery, int k, int maxRows, BlockScan scan) {
        int[][] members = queriesOfBlock(blocks.size(), queryCount, blocksOfQuery);
        int[] ids = new int[maxRows];
        float[] group = new float[queryCount * dimension];
        float[] out = new float[queryCount * maxRows];
        HitHeap[] heaps = heaps(queryCount, k);
        try {
            for (int b = 0; b < blocks.size(); b++) {
                int[] scanning = members[b];
                BlockSource block = blocks.get(b);
                int rowCount = block.rowCount();
                if (scanning.length == 0 || rowCount == 0) {
                    continue;
                }
                float[] batch = gather(queries, dimension, scanning, group);
                scan.score(block, rowCount, ids, batch, scanning.length, out);
                offer(heaps, scanning, out, ids, rowCount);
            }
        } finally {
            scan.wipe();
            Arrays.fill(ids, 0);
            Arrays.fill(group, 0f);
            Arrays.fill(out, 0f);
        }
        return collect(heaps, k);
    }

    @Override
    public void assignNearest(float[] vectors, int count, int dimension, float[] centroids, int k, int[] outIndex,
                              float[] outDistance) {
        assignRange(kernels, vectors, 0, count, dimension, centroids, k, outIndex, outDistance);
    }

    /**
     * Assigns rows {@code from} to {@code to} of {@code vectors} to their nearest centroid on the
     * calling thread, {@link #ASSIGN_BLOCK} rows per {@code scoreBlock} call; returns the sum of
     * the distances, in row order.
     */
    static double assignRange(VectorKernels kernels, float[] vectors, int from, int to, int dimension,
                              float[] centroids, int k, int[] outIndex, float[] outDistance) {
        float[] batch = new float[ASSIGN_BLOCK * dimension];
        float[] out = new float[ASSIGN_BLOCK * k];
        double total = 0;
        try {
            for (int start = from; start < to; start += ASSIGN_BLOCK) {
                int rows = Math.min(ASSIGN_BLOCK, to - start);
                System.arraycopy(vectors, start * dimension, batch, 0, rows * dimension);
                kernels.scoreBlock(DistanceFunction.SQUARED_L2, centroids, 0, k, dimension, batch, rows, out);
                for (int q = 0; q < rows; q++) {
                    int best = 0;
                    float bestScore = out[q * k];
                    for (int c = 1; c < k; c++) {
                        float score = out[q * k + c];
                        if (score < bestScore) {
                            bestScore = score;
                            best = c;
                        }
                    }
                    outIndex[start + q] = best;
                    outDistance[start + q] = bestScore;
                    total += bestScore;
                }
            }
        } finally {
            Arrays.fill(batch, 0f);
        }
        return total;
    }

    /** For each block, the queries that scan it, ascending; every query when {@code blocksOfQuery} is null. */
    static int[][] queriesOfBlock(int blockCount, int queryCount, int[][] blocksOfQuery) {
        int[][] members = new int[blockCount][];
        if (blocksOfQuery == null) {
            int[] all = new int[queryCount];
            Arrays.setAll(all, i -> i);
            Arrays.fill(members, all);
            return members;
        }
        int[] sizes = new int[blockCount];
        for (int[] scanned : blocksOfQuery) {
            for (int b : scanned) {
                sizes[b]++;
            }
        }
        for (int b = 0; b < blockCount; b++) {
            members[b] = new int[sizes[b]];
        }
        Arrays.fill(sizes, 0);
        for (int q = 0; q < queryCount; q++) {
            for (int b : blocksOfQuery[q]) {
                members[b][sizes[b]++] = q;
            }
        }
        return members;
    }

    private static int maxRows(List<? extends BlockSource> blocks) {
        int max = 0;
        for (BlockSource block : blocks) {
            max = Math.max(max, block.rowCount());
        }
        return max;
    }

    private static float[] gather(float[] queries, int dimension, int[] scanning, float[] group) {
        for (int i = 0; i < scanning.length; i++) {
            System.arraycopy(queries, scanning[i] * dimension, group, i * dimension, dimension);
        }
        return group;
    }

    private static HitHeap[] heaps(int queryCount, int k) {
        HitHeap[] heaps = new HitHeap[queryCount];
        for (int q = 0; q < queryCount; q++) {
            heaps[q] = new HitHeap(k);
        }
        return heaps;
    }

    private static void offer(HitHeap[] heaps, int[] scanning, float[] out, int[] ids, int rowCount) {
        for (int i = 0; i < scanning.length; i++) {
            HitHeap heap = heaps[scanning[i]];
            int base = i * rowCount;
            for (int r = 0; r < rowCount; r++) {
                heap.offer(out[base + r], ids[r]);
            }
        }
    }

    private static BlockHits collect(HitHeap[] heaps, int k) {
        int queryCount = heaps.length;
        int[] counts = new int[queryCount];
        int[] ids = new int[queryCount * k];
        float[] distances = new float[queryCount * k];
        for (int q = 0; q < queryCount; q++) {
            counts[q] = heaps[q].drainSorted(ids, distances, q * k);
        }
        return new BlockHits(queryCount, k, counts, ids, distances);
    }

    /**
     * The {@code k} smallest (distance, id) pairs in lexicographic order, in a bounded max-heap.
     * Ordering ties by id makes every backend agree on which of two equal distances is kept.
     */
    static final class HitHeap {
        private final float[] distances;
        private final int[] ids;
        private int size;

        HitHeap(int k) {
            distances = new float[k];
            ids = new int[k];
        }

        void offer(float distance, int id) {
            if (size < distances.length) {
                distances[size] = distance;
                ids[size] = id;
                siftUp(size++);
            } else if (before(distance, id, distances[0], ids[0])) {
                distances[0] = distance;
                ids[0] = id;
                siftDown(0);
            }
        }

        /** Writes the pairs in ascending order at {@code offset}; returns how many. */
        int drainSorted(int[] outIds, float[] outDistances, int offset) {
            int n = size;
            for (int i = n - 1; i >= 0; i--) {
                outDistances[offset + i] = distances[0];
                outIds[offset + i] = ids[0];
                size--;
                distances[0] = distances[size];
                ids[0] = ids[size];
                siftDown(0);
            }
            return n;
        }

        private static boolean before(float d1, int id1, float d2, int id2) {
            int c = Float.compare(d1, d2);
            return c < 0 || c == 0 && id1 < id2;
        }

        private void siftUp(int i) {
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (!before(distances[parent], ids[parent], distances[i], ids[i])) {
                    return;
                }
                swap(i, parent);
                i = parent;
            }
        }

        private void siftDown(int i) {
            while (true) {
                int left = 2 * i + 1;
                if (left >= size) {
                    return;
                }
                int largest = left;
                int right = left + 1;
                if (right < size && before(distances[left], ids[left], distances[right], ids[right])) {
                    largest = right;
                }
                if (!before(distances[i], ids[i], distances[largest], ids[largest])) {
                    return;
                }
                swap(i, largest);
                i = largest;
            }
        }

        private void swap(int a, int b) {
            float d = distances[a];
            distances[a] = distances[b];
            distances[b] = d;
            int id = ids[a];
            ids[a] = ids[b];
            ids[b] = id;
        }
    }
}
