package dev.sealdex.engine.search;

import java.util.Arrays;

/**
 * Keeps the {@code k} smallest (score, ordinal) pairs seen, in a bounded max-heap of parallel
 * primitive arrays: no boxing and no allocation per candidate on the hot path. Each pair may carry
 * a byte tag (the stage-1 search stores the row's error bound there); pairs offered without one
 * carry {@link #NO_TAG}.
 */
public final class TopK {

    /**
     * Slots allocated up front; the arrays double from here up to k as pairs arrive. A request may
     * ask for up to 100,000 candidates per query for thousands of queries; sizing every heap for k
     * at once reserved gigabytes that the lists probed could never fill.
     */
    static final int INITIAL_SLOTS = 128;

    private final int capacity;
    private float[] scores;
    private int[] ordinals;
    private byte[] tags;
    private int size;

    /** The tag of pairs offered without one. */
    public static final byte NO_TAG = (byte) 0xFF;

    /** A collector of the {@code k} best; {@code k} must be positive. Memory grows with what it holds. */
    public TopK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        this.capacity = k;
        int slots = Math.min(k, INITIAL_SLOTS);
        this.scores = new float[slots];
        this.ordinals = new int[slots];
        this.tags = new byte[slots];
    }

    /** Slots allocated now (tests: the heap grows with what it holds, not with k). */
    int allocated() {
        return scores.length;
    }

    /** How many pairs it holds (at most k). */
    public int size() {
        return size;
    }

    /** The capacity k. */
    public int capacity() {
        return capacity;
    }

    /** Whether it holds k pairs. */
    public boolean full() {
        return size == capacity;
    }

    /** The score a candidate must beat to enter once full; +infinity while not full. */
    public float threshold() {
        return size < capacity ? Float.POSITIVE_INFINITY : scores[0];
    }

    /** Offers a candidate; returns whether it was kept. */
    public boolean offer(float score, int ordinal) {
        return offer(score, ordinal, NO_TAG);
    }

    /** Offers a candidate with a tag; returns whether it was kept. */
    public boolean offer(float score, int ordinal, byte tag) {
        if (size < capacity) {
            if (size == scores.length) {
                grow();
            }
            scores[size] = score;
            ordinals[size] = ordinal;
            tags[size] = tag;
            siftUp(size++);
            return true;
        }
        if (!(score < scores[0])) {
            return false;
        }
        scores[0] = score;
        ordinals[0] = ordinal;
        tags[0] = tag;
        siftDown(0);
        return true;
    }

    /** Empties the collector for reuse. */
    public void clear() {
        size = 0;
    }

    /** Adds every pair of {@code other}. */
    public void addAll(TopK other) {
        for (int i = 0; i < other.size; i++) {
            offer(other.scores[i], other.ordinals[i], other.tags[i]);
        }
    }

    /** Ordinals sorted by ascending score (ties by ordinal), as a new array. */
    public int[] sortedOrdinals() {
        long[] packed = sortedPacked();
        int[] result = new int[packed.length];
        for (int i = 0; i < packed.length; i++) {
            result[i] = (int) packed[i];
        }
        return result;
    }

    /** Scores sorted ascending, aligned with {@link #sortedOrdinals()}. */
    public float[] sortedScores() {
        long[] packed = sortedPacked();
        float[] result = new float[packed.length];
        for (int i = 0; i < packed.length; i++) {
            result[i] = packedScore(packed[i]);
        }
        return result;
    }

    /** The pairs in ascending (score, ordinal) order, with their tags, from one sort. */
    public record Sorted(int[] ordinals, float[] scores, byte[] tags) {
    }

    /**
     * Ordinals, scores and tags, aligned, in ascending (score, ordinal) order. Ordinals are
     * expected to be distinct; of pairs sharing an ordinal, each reports the tag of one of them.
     */
    public Sorted sorted() {
        long[] packed = sortedPacked();
        long[] byOrdinal = new long[size];
        for (int i = 0; i < size; i++) {
            byOrdinal[i] = Integer.toUnsignedLong(ordinals[i]) << 8 | (tags[i] & 0xFF);
        }
        Arrays.sort(byOrdinal);
        int[] sortedOrdinals = new int[packed.length];
        float[] sortedScores = new float[packed.length];
        byte[] sortedTags = new byte[packed.length];
        for (int i = 0; i < packed.length; i++) {
            sortedOrdinals[i] = (int) packed[i];
            sortedScores[i] = packedScore(packed[i]);
            // The key has tag 0: it is found exactly, or sits just before its ordinal's entry.
            int at = Arrays.binarySearch(byOrdinal, Integer.toUnsignedLong(sortedOrdinals[i]) << 8);
            sortedTags[i] = (byte) byOrdinal[at >= 0 ? at : -at - 1];
        }
        return new Sorted(sortedOrdinals, sortedScores, sortedTags);
    }

    private long[] sortedPacked() {
        long[] packed = new long[size];
        for (int i = 0; i < size; i++) {
            packed[i] = pack(scores[i], ordinals[i]);
        }
        Arrays.sort(packed);
        return packed;
    }

    /**
     * A (score, ordinal) pair as one long whose signed order is (score, ordinal) order: an
     * order-preserving signed-int image of the score in the high half, the (non-negative) ordinal
     * in the low half.
     */
    public static long pack(float score, int ordinal) {
        return ((long) floatToSortable(score) << 32) | Integer.toUnsignedLong(ordinal);
    }

    /** The score of a pair made by {@link #pack}. */
    public static float packedScore(long packed) {
        return sortableToFloat((int) (packed >>> 32));
    }

    private static int floatToSortable(float value) {
        int bits = Float.floatToIntBits(value);
        return bits ^ ((bits >> 31) & 0x7FFF_FFFF);
    }

    private static float sortableToFloat(int sortable) {
        return Float.intBitsToFloat(sortable ^ ((sortable >> 31) & 0x7FFF_FFFF));
    }

    private void grow() {
        int slots = (int) Math.min(capacity, 2L * scores.length);
        scores = Arrays.copyOf(scores, slots);
        ordinals = Arrays.copyOf(ordinals, slots);
        tags = Arrays.copyOf(tags, slots);
    }

    private void siftUp(int index) {
        float score = scores[index];
        int ordinal = ordinals[index];
        byte tag = tags[index];
        while (index > 0) {
            int parent = (index - 1) >>> 1;
            if (!(scores[parent] < score)) {
                break;
            }
            scores[index] = scores[parent];
            ordinals[index] = ordinals[parent];
            tags[index] = tags[parent];
            index = parent;
        }
        scores[index] = score;
        ordinals[index] = ordinal;
        tags[index] = tag;
    }

    private void siftDown(int index) {
        float score = scores[index];
        int ordinal = ordinals[index];
        byte tag = tags[index];
        int half = size >>> 1;
        while (index < half) {
            int child = 2 * index + 1;
            int right = child + 1;
            if (right < size && scores[right] > scores[child]) {
                child = right;
            }
            if (!(scores[child] > score)) {
                break;
            }
            scores[index] = scores[child];
            ordinals[index] = ordinals[child];
            tags[index] = tags[child];
            index = child;
        }
        scores[index] = score;
        ordinals[index] = ordinal;
        tags[index] = tag;
    }
}
