package dev.sealdex.engine.index;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A growable array indexed by row ordinal, in pages so that growth never copies elements and
 * readers see each element published safely without locks.
 */
final class OrdinalArray<T> {

    private static final int PAGE_BITS = 14;
    private static final int PAGE_SIZE = 1 << PAGE_BITS;
    private static final int PAGE_MASK = PAGE_SIZE - 1;

    private volatile AtomicReferenceArray<T>[] pages;

    @SuppressWarnings("unchecked")
    OrdinalArray() {
        pages = (AtomicReferenceArray<T>[]) new AtomicReferenceArray<?>[0];
    }

    /** The element at {@code ordinal}, or {@code null} if never set or beyond the end. */
    T get(int ordinal) {
        AtomicReferenceArray<T>[] current = pages;
        int page = ordinal >>> PAGE_BITS;
        return page < current.length ? current[page].get(ordinal & PAGE_MASK) : null;
    }

    /** Sets the element at {@code ordinal}, growing as needed. */
    void set(int ordinal, T value) {
        page(ordinal).set(ordinal & PAGE_MASK, value);
    }

    /** How many ordinals the pages cover. */
    int capacity() {
        return pages.length * PAGE_SIZE;
    }

    private AtomicReferenceArray<T> page(int ordinal) {
        int page = ordinal >>> PAGE_BITS;
        AtomicReferenceArray<T>[] current = pages;
        if (page < current.length) {
            return current[page];
        }
        synchronized (this) {
            current = pages;
            if (page >= current.length) {
                AtomicReferenceArray<T>[] grown = Arrays.copyOf(current, page + 1);
                for (int p = current.length; p <= page; p++) {
                    grown[p] = new AtomicReferenceArray<>(PAGE_SIZE);
                }
                pages = grown;
                current = grown;
            }
            return current[page];
        }
    }
}
