package dev.sealdex.engine.search;

import dev.sealdex.engine.ivf.IvfList;
import dev.sealdex.engine.ivf.Layout;
import dev.sealdex.engine.ivf.ListBlockFormat;
import dev.sealdex.engine.ivf.StageOneCodec;
import dev.sealdex.engine.crypto.BlockCipher;
import dev.sealdex.engine.kernel.BlockHits;
import dev.sealdex.engine.kernel.BlockKey;
import dev.sealdex.engine.kernel.BlockSource;
import dev.sealdex.engine.kernel.DistanceFunction;
import dev.sealdex.engine.kernel.Kernels;
import dev.sealdex.engine.search.TopK;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stage-1 scoring of flat and SQ8 lists offloaded to the kernels' coarse batch search, used only when
 * the backend accelerates batches and {@code GPU_OPERATIONS} includes {@code query}
 * ({@link Kernels#offloadsQueries()}): one {@link Kernels#searchBlocks} call covers every
 * eligible query of the batch and every block of the lists it probes. Each block is offered as a
 * {@link BlockSource} keyed by layout, list, block and seal, so a block the backend already holds
 * is not decrypted again.
 *
 * <p>Eligible queries are unfiltered ones whose stage-1 width ({@code top_k * rerank_mult}) fits
 * {@link Kernels#MAX_BATCH_K}; filtered or wider queries, PQ and SQ16 lists stay on the CPU scan.
 */
final class OffloadedStageOne {

    private OffloadedStageOne() {
    }

    /** Whether the codec's blocks can be searched in batch: float rows and SQ8 codes. */
    static boolean supports(StageOneCodec codec) {
        return codec instanceof StageOneCodec.Flat || codec instanceof StageOneCodec.Sq8;
    }

    /**
     * Scans, for each eligible query, the lists {@code order[q][from[q]..to[q])} in one batch call
     * and offers the hits to {@code candidates[q]}. Returns the {@code to} the CPU scan should use:
     * equal to {@code from} for the queries done here, unchanged for the rest.
     */
    static int[] scan(Kernels kernels, Layout layout, StageOneCodec codec, DistanceFunction function,
                      List<SearchRequest> requests, float[][] queries, int[][] order, int[] from, int[] to,
                      TopK[] candidates) {
        int[] eligible = new int[requests.size()];
        int count = 0;
        int k = 0;
        for (int q = 0; q < requests.size(); q++) {
            SearchRequest request = requests.get(q);
            if (to[q] > from[q] && request.allowed() == null && candidates[q].capacity() <= Kernels.MAX_BATCH_K) {
                eligible[count++] = q;
                k = Math.max(k, candidates[q].capacity());
            }
        }
        if (count == 0) {
            return to;
        }
        int dimension = queries[0].length;
        List<SealedBlock> blocks = new ArrayList<>();
        Map<Integer, int[]> blocksOfList = new HashMap<>();
        int[][] plan = new int[count][];
        float[] batch = new float[count * dimension];
        for (int i = 0; i < count; i++) {
            int q = eligible[i];
            System.arraycopy(queries[q], 0, batch, i * dimension, dimension);
            int[] scanned = new int[0];
            for (int p = from[q]; p < to[q]; p++) {
                int[] listBlocks = blocksOfList.computeIfAbsent(order[q][p],
                        list -> addList(layout, list, dimension, blocks));
                int at = scanned.length;
                scanned = Arrays.copyOf(scanned, at + listBlocks.length);
                System.arraycopy(listBlocks, 0, scanned, at, listBlocks.length);
            }
            plan[i] = scanned;
        }
        BlockHits hits;
        try {
            hits = codec instanceof StageOneCodec.Sq8 sq8
                    ? kernels.searchBlocksSq8(function, blocks, dimension, sq8.codec().scale(), sq8.codec().offset(),
                            batch, count, plan, k)
                    : kernels.searchBlocks(function, blocks, dimension, batch, count, plan, k);
        } finally {
            Arrays.fill(batch, 0f);
        }
        int[] rest = to.clone();
        for (int i = 0; i < count; i++) {
            int q = eligible[i];
            TopK heap = candidates[q];
            for (int rank = 0; rank < hits.count(i); rank++) {
                heap.offer(hits.distance(i, rank), hits.id(i, rank));
            }
            rest[q] = from[q];
        }
        return rest;
    }

    /** Adds the blocks of {@code list} (as of its current snapshot); returns their indexes. */
    private static int[] addList(Layout layout, int list, int dimension, List<SealedBlock> blocks) {
        IvfList.Snapshot snapshot = layout.list(list).snapshot();
        IvfList.ListCoding coding = layout.coding();
        int perBlock = coding.rowsPerBlock();
        byte[][] sealed = snapshot.blocks();
        int[] indexes = new int[sealed.length];
        for (int b = 0; b < sealed.length; b++) {
            int rows = Math.min(perBlock, snapshot.rows() - b * perBlock);
            indexes[b] = blocks.size();
            blocks.add(new SealedBlock(layout.residentScope, coding, list, b, sealed[b], rows, dimension));
        }
        return indexes;
    }

    /**
     * One sealed list block as a {@link BlockSource}. Its key's version is the seal's nonce
     * counter, unique per seal under the index key, so a rewritten block never matches a stale one.
     */
    record SealedBlock(long scope, IvfList.ListCoding coding, int list, int block, byte[] sealed, int rowCount,
                       int dimension) implements BlockSource {

        @Override
        public BlockKey key() {
            long nonceCounter = ByteBuffer.wrap(sealed, BlockCipher.PREFIX_BYTES - Long.BYTES, Long.BYTES).getLong();
            return new BlockKey(scope, ListBlockFormat.objectId(coding.epoch(), list, block), nonceCounter);
        }

        @Override
        public void decryptInto(float[] rows, int[] ids) {
            byte[] plain = new byte[sealed.length];
            try {
                int n = open(plain, ids);
                ByteBuffer.wrap(plain, ListBlockFormat.codesOffset(n), 4 * n * dimension).order(ByteOrder.LITTLE_ENDIAN)
                        .asFloatBuffer().get(rows, 0, n * dimension);
            } finally {
                Arrays.fill(plain, (byte) 0);
            }
        }

        @Override
        public void decryptInto(byte[] codes, int[] ids) {
            byte[] plain = new byte[sealed.length];
            try {
                int n = open(plain, ids);
                System.arraycopy(plain, ListBlockFormat.codesOffset(n), codes, 0, n * dimension);
            } finally {
                Arrays.fill(plain, (byte) 0);
            }
        }

        private int open(byte[] plain, int[] ids) {
            int n = coding.open(list, block, sealed, plain);
            if (n != rowCount) {
                throw new IllegalStateException("list " + list + " block " + block + " holds " + n + " rows, the "
                        + "snapshot said " + rowCount);
            }
            for (int r = 0; r < n; r++) {
                ids[r] = ListBlockFormat.ordinal(plain, r);
            }
            return n;
        }
    }
}
