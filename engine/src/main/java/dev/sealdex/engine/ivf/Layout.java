package dev.sealdex.engine.ivf;

import dev.sealdex.engine.crypto.BlockCipher;
import dev.sealdex.engine.crypto.ObjectKind;
import dev.sealdex.engine.kernel.DistanceFunction;
import dev.sealdex.engine.kernel.Kernels;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One arrangement of an index's rows into IVF lists: the sealed centroids, the sealed stage-1
 * codec parameters, the lists, and where each row sits. A new layout is built by training while
 * queries keep using the current one; the index swaps them atomically.
 *
 * <p>Epoch 0 is the untrained layout: one list of float rows, searched exhaustively and exactly.
 */
public final class Layout {

    /** Numbers layouts in this process, so that blocks resident on a GPU are keyed per layout. */
    private static final java.util.concurrent.atomic.AtomicLong SCOPES = new java.util.concurrent.atomic.AtomicLong();

    /** This layout's {@link dev.sealdex.engine.kernel.BlockKey#scope()}. */
    public final long residentScope = SCOPES.incrementAndGet();
    private final int epoch;
    private final int dimension;
    private final int listCount;
    private final byte[] sealedCentroids;
    private final byte codeKind;
    private final byte[] sealedParams;
    private final BlockCipher codesCipher;
    private final IvfList.ListCoding coding;
    private final IvfList[] lists;
    private final OrdinalInts listOf = new OrdinalInts(-1);
    private final OrdinalInts positionOf = new OrdinalInts(-1);
    private volatile int defaultProbes;
    private int maxInstalled = -1;
    /** Float bits of the largest reconstruction error of any row coded in this layout. */
    private final java.util.concurrent.atomic.AtomicInteger maxErrorBits = new java.util.concurrent.atomic.AtomicInteger();

    private Layout(int epoch, int dimension, byte[] sealedCentroids, int listCount, StageOneCodec codec,
                   BlockCipher codesCipher, int defaultProbes) {
        this(epoch, dimension, sealedCentroids, listCount, codec.codeKind(), codec.codeBytes(),
                codesCipher.seal(ObjectKind.CODEBOOK, epoch, codec.toBytes()), codesCipher, defaultProbes);
    }

    private Layout(int epoch, int dimension, byte[] sealedCentroids, int listCount, byte codeKind, int codeBytes,
                   byte[] sealedParams, BlockCipher codesCipher, int defaultProbes) {
        this.epoch = epoch;
        this.dimension = dimension;
        this.listCount = listCount;
        this.sealedCentroids = sealedCentroids;
        this.codeKind = codeKind;
        this.codesCipher = codesCipher;
        this.sealedParams = sealedParams;
        this.coding = new IvfList.ListCoding(epoch, codeKind, codeBytes, codesCipher);
        this.lists = new IvfList[listCount];
        for (int l = 0; l < listCount; l++) {
            lists[l] = new IvfList(l, coding, IvfList.Snapshot.EMPTY);
        }
        this.defaultProbes = defaultProbes;
    }

    /** The untrained layout: one float list, searched exactly. */
    public static Layout untrained(int dimension, BlockCipher codesCipher) {
        return new Layout(0, dimension, null, 1, new StageOneCodec.Flat(dimension), codesCipher, 1);
    }

    /** A trained layout with {@code coarse} centroids and {@code codec}. */
    public static Layout trained(int epoch, int dimension, CoarseQuantizer coarse, StageOneCodec codec,
                          BlockCipher codesCipher, int defaultProbes) {
        byte[] plain = coarse.toBytes();
        byte[] sealed = codesCipher.seal(ObjectKind.CENTROIDS, epoch, plain);
        Arrays.fill(plain, (byte) 0);
        return new Layout(epoch, dimension, sealed, coarse.lists(), codec, codesCipher, defaultProbes);
    }

    /** Restores an empty layout of {@code codeKind} from its sealed parts. */
    public static Layout restore(int epoch, int dimension, int listCount, byte codeKind, byte[] sealedCentroids,
                          byte[] sealedParams, BlockCipher codesCipher, int defaultProbes) {
        byte[] params = codesCipher.open(ObjectKind.CODEBOOK, epoch, sealedParams);
        int codeBytes = StageOneCodec.fromBytes(codeKind, dimension, params).codeBytes();
        java.util.Arrays.fill(params, (byte) 0);
        return new Layout(epoch, dimension, sealedCentroids, listCount, codeKind, codeBytes, sealedParams,
                codesCipher, defaultProbes);
    }

    /** The sealed centroids, for the store (null when untrained). */
    public byte[] sealedCentroids() {
        return sealedCentroids;
    }

    /** The sealed codec parameters, for the store. */
    public byte[] sealedParams() {
        return sealedParams;
    }

    public byte codeKind() {
        return codeKind;
    }

    public int epoch() {
        return epoch;
    }

    /** Sets the automatic probe count found by calibration, before the layout is published. */
    public void calibrate(int probes) {
        defaultProbes = Math.max(1, Math.min(listCount, probes));
    }

    public int listCount() {
        return listCount;
    }

    public boolean isTrained() {
        return sealedCentroids != null;
    }

    /** The probe count automatic queries use: calibrated at training time for recall@10 near 0.95. */
    public int defaultProbes() {
        return defaultProbes;
    }

    public IvfList list(int list) {
        return lists[list];
    }

    public IvfList.ListCoding coding() {
        return coding;
    }

    /** Opens the coarse quantizer (the caller wipes it after the request), or null if untrained. */
    public CoarseQuantizer openCoarse() {
        if (sealedCentroids == null) {
            return null;
        }
        byte[] plain = codesCipher.open(ObjectKind.CENTROIDS, epoch, sealedCentroids);
        try {
            // The quantizer reads its codes in place; its wipe() clears the plaintext.
            return CoarseQuantizer.fromBytes(plain, dimension);
        } catch (RuntimeException e) {
            Arrays.fill(plain, (byte) 0);
            throw e;
        }
    }

    /** Opens the stage-1 codec. */
    public StageOneCodec openCodec() {
        byte[] params = codesCipher.open(ObjectKind.CODEBOOK, epoch, sealedParams);
        return StageOneCodec.fromBytes(codeKind, dimension, params);
    }

    /** Rows in all lists. */
    long rows() {
        long total = 0;
        for (IvfList list : lists) {
            total += list.rows();
        }
        return total;
    }

    /**
     * Adds {@code count} rows: ordinals and their (normalised) vectors, row-major. Rows go to their
     * nearest list; codes are appended list by list.
     */
    public void add(Kernels kernels, DistanceFunction function, int[] ordinals, float[] vectors, int count) {
        if (count == 0) {
            return;
        }
        CoarseQuantizer coarse = openCoarse();
        StageOneCodec codec = openCodec();
        // Only PQ codes residuals, so only PQ needs the centroids as floats.
        float[] centroids = coarse != null && codec instanceof StageOneCodec.Pq ? coarse.decoded() : null;
        try {
            int[] assignment = nearestLists(kernels, function, coarse, vectors, count);
            int codeBytes = codec.codeBytes();
            // Group rows by list so each touched list re-seals its tail once per batch.
            Integer[] order = new Integer[count];
            for (int i = 0; i < count; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Integer.compare(assignment[a], assignment[b]));
            float[] vector = new float[dimension];
            for (int start = 0; start < count; ) {
                int list = assignment[order[start]];
                int end = start;
                while (end < count && assignment[order[end]] == list) {
                    end++;
                }
                int n = end - start;
                int[] groupOrdinals = new int[n];
                byte[] codes = new byte[n * codeBytes];
                byte[] bounds = new byte[n];
                for (int j = 0; j < n; j++) {
                    int row = order[start + j];
                    groupOrdinals[j] = ordinals[row];
                    System.arraycopy(vectors, row * dimension, vector, 0, dimension);
                    float error = codec.encode(vector, centroids, list, codes, j * codeBytes);
                    noteError(error);
                    bounds[j] = ErrorBound.encode(error);
                }
                lists[list].append(groupOrdinals, codes, bounds, n, (ordinal, position) -> {
                    listOf.set(ordinal, list);
                    positionOf.set(ordinal, position);
                });
                Arrays.fill(codes, (byte) 0);
                start = end;
            }
            Arrays.fill(vector, 0f);
        } finally {
            if (centroids != null) {
                Arrays.fill(centroids, 0f);
            }
            if (coarse != null) {
                coarse.wipe();
            }
        }
    }

    /** Removes the row of {@code ordinal} if this layout holds it; returns whether it did. */
    public boolean remove(int ordinal) {
        int list = listOf.get(ordinal);
        if (list < 0) {
            return false;
        }
        lists[list].remove(ordinal, positionOf::get, (moved, position) -> positionOf.set(moved, position));
        listOf.set(ordinal, -1);
        positionOf.set(ordinal, -1);
        return true;
    }

    /**
     * Restores list {@code list} from checkpointed sealed blocks: opens each block to learn where
     * its rows sit, checks that every block but the last is full, and installs them. Blocks of
     * format 1 (no error bounds) are rewritten in the current format, bounds unknown.
     */
    public void install(int list, byte[][] blocks) {
        if (blocks.length > 0) {
            byte[] first = coding.open(list, 0, blocks[0], true);
            boolean legacy = ListBlockFormat.isLegacy(first);
            Arrays.fill(first, (byte) 0);
            if (legacy) {
                installLegacy(list, blocks);
                return;
            }
        }
        int perBlock = coding.rowsPerBlock();
        int rows = 0;
        for (int b = 0; b < blocks.length; b++) {
            byte[] plain = coding.open(list, b, blocks[b]);
            int n = ListBlockFormat.readHeader(plain, plain.length, codeKind, coding.codeBytes());
            checkFull(list, b, blocks.length, n, perBlock);
            for (int r = 0; r < n; r++) {
                place(ListBlockFormat.ordinal(plain, r), list, b * perBlock + r);
            }
            Arrays.fill(plain, (byte) 0);
            rows += n;
        }
        lists[list].install(new IvfList.Snapshot(blocks.clone(), rows));
    }

    /** Re-blocks a list checkpointed in format 1: its rows, in order, with unknown error bounds. */
    private void installLegacy(int list, byte[][] blocks) {
        int codeBytes = coding.codeBytes();
        int perBlock = ListBlockFormat.legacyRowsPerBlock(codeBytes);
        int capacity = blocks.length * perBlock;
        int[] ordinals = new int[capacity];
        byte[] codes = new byte[capacity * codeBytes];
        int rows = 0;
        for (int b = 0; b < blocks.length; b++) {
            byte[] plain = coding.open(list, b, blocks[b], true);
            int n = ListBlockFormat.readLegacyHeader(plain, plain.length, codeKind, codeBytes);
            checkFull(list, b, blocks.length, n, perBlock);
            for (int r = 0; r < n; r++) {
                ordinals[rows + r] = ListBlockFormat.ordinal(plain, r);
            }
            System.arraycopy(plain, ListBlockFormat.codesOffset(n), codes, rows * codeBytes, n * codeBytes);
            Arrays.fill(plain, (byte) 0);
            rows += n;
        }
        byte[] bounds = new byte[rows];
        Arrays.fill(bounds, ErrorBound.UNKNOWN);
        lists[list].install(IvfList.Snapshot.EMPTY);
        lists[list].append(ordinals, codes, bounds, rows, (ordinal, position) -> place(ordinal, list, position));
        Arrays.fill(codes, (byte) 0);
    }

    private static void checkFull(int list, int block, int blocks, int rows, int perBlock) {
        if (rows == 0 || (block < blocks - 1 && rows != perBlock)) {
            throw new dev.sealdex.engine.crypto.IntegrityException("checkpointed block " + block + " of list " + list
                    + " holds " + rows + " rows");
        }
    }

    private void place(int ordinal, int list, int position) {
        listOf.set(ordinal, list);
        positionOf.set(ordinal, position);
        maxInstalled = Math.max(maxInstalled, ordinal);
    }

    /** The current sealed blocks of every list, for a checkpoint. */
    public byte[][][] blocks() {
        byte[][][] all = new byte[listCount][][];
        for (int l = 0; l < listCount; l++) {
            all[l] = lists[l].snapshot().blocks();
        }
        return all;
    }

    /**
     * The largest {@code ||x - decode(code)||} over every row ever coded in this layout. By the
     * triangle (and Cauchy-Schwarz) inequality no stage-1 score is further than this from the
     * exact one (in distance, or in dot product for unit queries), so the rerank can stop once
     * even a candidate's best case cannot beat the current k-th result.
     */
    public float maxError() {
        return Float.intBitsToFloat(maxErrorBits.get());
    }

    /** Raises {@link #maxError()} to at least {@code error} (restoring a checkpoint, or coding a row). */
    public void noteError(float error) {
        int bits = Float.floatToIntBits(Float.isNaN(error) ? Float.POSITIVE_INFINITY : error);
        maxErrorBits.accumulateAndGet(bits, (a, b) -> Float.intBitsToFloat(a) >= Float.intBitsToFloat(b) ? a : b);
    }

    /** The largest ordinal placed by {@link #install}, or -1. */
    public int maxOrdinal() {
        return maxInstalled;
    }

    /** Whether this layout holds a row for {@code ordinal}. */
    public boolean contains(int ordinal) {
        return listOf.get(ordinal) >= 0;
    }

    private int[] nearestLists(Kernels kernels, DistanceFunction function, CoarseQuantizer coarse, float[] vectors,
                               int count) {
        int[] assignment = new int[count];
        if (coarse == null) {
            return assignment;
        }
        // Score up to 64 rows per kernel call so each centroid is read once per chunk.
        int chunk = Math.min(count, 64);
        float[] out = new float[chunk * listCount];
        float[] queries = new float[chunk * dimension];
        for (int start = 0; start < count; start += chunk) {
            int rows = Math.min(chunk, count - start);
            System.arraycopy(vectors, start * dimension, queries, 0, rows * dimension);
            coarse.score(kernels, function, queries, rows, out);
            for (int q = 0; q < rows; q++) {
                int best = 0;
                for (int l = 1; l < listCount; l++) {
                    if (out[q * listCount + l] < out[q * listCount + best]) {
                        best = l;
                    }
                }
                assignment[start + q] = best;
            }
        }
        Arrays.fill(queries, 0f);
        return assignment;
    }

}
