package dev.sealdex.engine.index;

import dev.sealdex.engine.crypto.IdTokenizer;
import java.util.Arrays;

/**
 * Item-id tokens (16-byte HMACs, never the ids) to row ordinals, by open addressing over two
 * {@code long} halves of the token: about 40 bytes per item at the maximum load of one half,
 * no object per entry. Not thread-safe: the owning index guards it.
 */
final class IdMap {

    private static final int EMPTY = -1;

    private long[] high;
    private long[] low;
    private int[] values;
    private int size;
    private int mask;

    IdMap() {
        allocate(16);
    }

    /** The ordinal stored for {@code token}, or -1. */
    int get(byte[] token) {
        long h = half(token, 0);
        long l = half(token, 8);
        for (int slot = slot(h, l); ; slot = (slot + 1) & mask) {
            int value = values[slot];
            if (value == EMPTY) {
                return EMPTY;
            }
            if (high[slot] == h && low[slot] == l) {
                return value;
            }
        }
    }

    /** Maps {@code token} to {@code ordinal}, replacing any previous ordinal. */
    void put(byte[] token, int ordinal) {
        if (ordinal < 0) {
            throw new IllegalArgumentException("negative ordinal");
        }
        if ((size + 1) * 2 > values.length) {
            rehash(values.length * 2);
        }
        long h = half(token, 0);
        long l = half(token, 8);
        int slot = slot(h, l);
        while (values[slot] != EMPTY) {
            if (high[slot] == h && low[slot] == l) {
                values[slot] = ordinal;
                return;
            }
            slot = (slot + 1) & mask;
        }
        high[slot] = h;
        low[slot] = l;
        values[slot] = ordinal;
        size++;
    }

    /** Removes {@code token}; returns its ordinal or -1. */
    int remove(byte[] token) {
        long h = half(token, 0);
        long l = half(token, 8);
        int slot = slot(h, l);
        while (values[slot] != EMPTY) {
            if (high[slot] == h && low[slot] == l) {
                int removed = values[slot];
                deleteAt(slot);
                size--;
                return removed;
            }
            slot = (slot + 1) & mask;
        }
        return EMPTY;
    }

    /** Number of ids mapped. */
    int size() {
        return size;
    }

    private void deleteAt(int slot) {
        // Backward-shift deletion keeps probe chains intact without tombstones.
        int hole = slot;
        int next = (hole + 1) & mask;
        while (values[next] != EMPTY) {
            int home = slot(high[next], low[next]);
            boolean movable = hole <= next ? (home <= hole || home > next) : (home <= hole && home > next);
            if (movable) {
                high[hole] = high[next];
                low[hole] = low[next];
                values[hole] = values[next];
                hole = next;
            }
            next = (next + 1) & mask;
        }
        values[hole] = EMPTY;
    }

    private int slot(long h, long l) {
        long mixed = (h ^ Long.rotateLeft(l, 29)) * 0x9E37_79B9_7F4A_7C15L;
        return (int) (mixed >>> 32) & mask;
    }

    private void rehash(int capacity) {
        long[] oldHigh = high;
        long[] oldLow = low;
        int[] oldValues = values;
        allocate(capacity);
        for (int i = 0; i < oldValues.length; i++) {
            if (oldValues[i] != EMPTY) {
                long h = oldHigh[i];
                long l = oldLow[i];
                int slot = slot(h, l);
                while (values[slot] != EMPTY) {
                    slot = (slot + 1) & mask;
                }
                high[slot] = h;
                low[slot] = l;
                values[slot] = oldValues[i];
            }
        }
    }

    private void allocate(int capacity) {
        high = new long[capacity];
        low = new long[capacity];
        values = new int[capacity];
        Arrays.fill(values, EMPTY);
        mask = capacity - 1;
    }

    private static long half(byte[] token, int from) {
        if (token.length != IdTokenizer.TOKEN_BYTES) {
            throw new IllegalArgumentException("id tokens are " + IdTokenizer.TOKEN_BYTES + " bytes");
        }
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (token[from + i] & 0xFF);
        }
        return value;
    }
}
