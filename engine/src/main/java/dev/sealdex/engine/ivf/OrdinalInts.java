package dev.sealdex.engine.ivf;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicIntegerArray;

/** A growable int array indexed by ordinal, in pages, with safe publication of each element. */
final class OrdinalInts {

    private static final int PAGE_BITS = 14;
    private static final int PAGE_SIZE = 1 << PAGE_BITS;
    private static final int PAGE_MASK = PAGE_SIZE - 1;

    private final int missing;
    private volatile AtomicIntegerArray[] pages = new AtomicIntegerArray[0];

    /** An array whose unset elements read as {@code missing}. */
    OrdinalInts(int missing) {
        this.missing = missing;
    }

    int get(int ordinal) {
        AtomicIntegerArray[] current = pages;
        int page = ordinal >>> PAGE_BITS;
        return page < current.length ? current[page].get(ordinal & PAGE_MASK) : missing;
    }

    void set(int ordinal, int value) {
        int page = ordinal >>> PAGE_BITS;
        AtomicIntegerArray[] current = pages;
        if (page >= current.length) {
            synchronized (this) {
                current = pages;
                if (page >= current.length) {
                    AtomicIntegerArray[] grown = Arrays.copyOf(current, page + 1);
                    for (int p = current.length; p <= page; p++) {
                        grown[p] = new AtomicIntegerArray(PAGE_SIZE);
                        if (missing != 0) {
                            for (int i = 0; i < PAGE_SIZE; i++) {
                                grown[p].set(i, missing);
                            }
                        }
                    }
                    pages = grown;
                    current = grown;
                }
            }
        }
        current[page].set(ordinal & PAGE_MASK, value);
    }
}
