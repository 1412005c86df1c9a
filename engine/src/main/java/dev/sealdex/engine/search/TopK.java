package dev.sealdex.engine.search;

import java.util.Arrays;

/**
 * Keeps the {@code k} smallest (score, ordinal) pairs seen, in a bounded max-heap of two parallel
 * primitive arrays: no boxing and no allocation per candidate on the hot path.
 */
public final class TopK {

    private final int capacity;
    private final float[] scores;
    private final int[] ordinals;
    private int size;

    /** A collector of the {@code k} best; {@code k} must be positive. */
    public TopK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        this.capacity = k;
        this.scores = new float[k];
        this.ordinals = new int[k];
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
        if (size < capacity) {
            scores[size] = score;
            ordinals[size] = ordinal;
            siftUp(size++);
            return true;
        }
        if (!(score < scores[0])) {
            return false;
        }
        scores[0] = score;
        ordinals[0] = ordinal;
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
            offer(other.scores[i], other.ordinals[i]);
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
            result[i] = sortableToFloat((int) (packed[i] >>> 32));
        }
        return result;
    }

    private long[] sortedPacked() {
        long[] packed = new long[size];
        for (int i = 0; i < size; i++) {
            // Order-preserving signed-int image of the score in the high half, the ordinal
            // (non-negative) in the low half: signed long order is (score, ordinal) order.
            packed[i] = ((long) floatToSortable(scores[i]) << 32) | Integer.toUnsignedLong(ordinals[i]);
        }
        Arrays.sort(packed);
        return packed;
    }

    private static int floatToSortable(float value) {
        int bits = Float.floatToIntBits(value);
        return bits ^ ((bits >> 31) & 0x7FFF_FFFF);
    }

    private static float sortableToFloat(int sortable) {
        return Float.intBitsToFloat(sortable ^ ((sortable >> 31) & 0x7FFF_FFFF));
    }

    private void siftUp(int index) {
        float score = scores[index];
        int ordinal = ordinals[index];
        while (index > 0) {
            int parent = (index - 1) >>> 1;
            if (!(scores[parent] < score)) {
                break;
            }
            scores[index] = scores[parent];
            ordinals[index] = ordinals[parent];
            index = parent;
        }
        scores[index] = score;
        ordinals[index] = ordinal;
    }

    private void siftDown(int index) {
        float score = scores[index];
        int ordinal = ordinals[index];
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
            index = child;
        }
        scores[index] = score;
        ordinals[index] = ordinal;
    }
}
