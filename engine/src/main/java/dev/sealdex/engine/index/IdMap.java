package dev.sealdex.engine.index;

import dev.sealdex.engine.crypto.IdTokenizer;
import dev.sealdex.engine.model.Item;
import java.util.Arrays;

/**
 * Item-id tokens (16-byte HMACs, never the ids) to row ordinals. Each token is kept once, beside
 * its ordinal, in pages of {@code long} pairs; the hash table itself is open addressing over
 * {@code int} slots that hold only ordinals, and a probe compares the token kept for the ordinal
 * in the slot. That is 16 bytes of token plus 8 to 16 of table per item (4 bytes a slot, a
 * quarter to a half full) where a table of token halves and ordinals took 40 to 80. No object
 * per entry, and no array big enough to be a G1 humongous object: at 1M items (heap regions of
 * 4 MiB) the three arrays of that table each left most of a region empty, 12 more bytes per item.
 *
 * <p>An ordinal belongs to at most one token at a time. Not thread-safe: the owning index guards
 * it.
 */
final class IdMap {

    private static final int EMPTY = -1;
    /** Slots per table page: 256 KiB of ints, far below the smallest G1 humongous threshold (512 KiB). */
    private static final int SLOT_PAGE_BITS = 16;
    private static final int SLOT_PAGE_MASK = (1 << SLOT_PAGE_BITS) - 1;
    /** Ordinals per token page: 128 KiB of long pairs. */
    private static final int TOKEN_PAGE_BITS = 13;
    private static final int TOKEN_PAGE_MASK = (1 << TOKEN_PAGE_BITS) - 1;

    /** The table, in pages; each slot holds an ordinal or {@link #EMPTY}. */
    private int[][] slots;
    /** Per ordinal, the high and low halves of its token at {@code 2 * i} and {@code 2 * i + 1} of its page. */
    private long[][] tokens = new long[0][];
    private int size;
    private int mask;

    IdMap() {
        slots = table(16);
        mask = 15;
    }

    /** The ordinal stored for {@code token}, or -1. */
    int get(byte[] token) {
        return find(half(token, 0), half(token, 8));
    }

    /**
     * Maps {@code token} to {@code ordinal}, replacing any previous ordinal of {@code token}.
     *
     * @throws IllegalStateException if another token holds {@code ordinal}
     */
    void put(byte[] token, int ordinal) {
        if (ordinal < 0) {
            throw new IllegalArgumentException("negative ordinal");
        }
        long h = half(token, 0);
        long l = half(token, 8);
        int previous = find(h, l);
        if (previous == ordinal) {
            return;
        }
        if (ordinalTaken(ordinal)) {
            throw new IllegalStateException("ordinal " + ordinal + " already belongs to another id");
        }
        if (previous >= 0) {
            int slot = slotOf(previous, h, l);
            setToken(ordinal, h, l);
            clearToken(previous);
            setSlot(slot, ordinal);
            return;
        }
        if ((size + 1) * 2 > mask + 1) {
            rehash((mask + 1) * 2);
        }
        int slot = slot(h, l);
        while (slotAt(slot) != EMPTY) {
            slot = (slot + 1) & mask;
        }
        setToken(ordinal, h, l);
        setSlot(slot, ordinal);
        size++;
    }

    /** Removes {@code token}; returns its ordinal or -1. */
    int remove(byte[] token) {
        long h = half(token, 0);
        long l = half(token, 8);
        int removed = find(h, l);
        if (removed >= 0) {
            deleteAt(slotOf(removed, h, l));
            clearToken(removed);
            size--;
        }
        return removed;
    }

    /** Number of ids mapped. */
    int size() {
        return size;
    }

    /** Slots in the table (for tests). */
    int capacity() {
        return mask + 1;
    }

    private int find(long h, long l) {
        for (int slot = slot(h, l); ; slot = (slot + 1) & mask) {
            int ordinal = slotAt(slot);
            if (ordinal == EMPTY || holds(ordinal, h, l)) {
                return ordinal;
            }
        }
    }

    /** The slot holding {@code ordinal}, the current ordinal of token (h, l). */
    private int slotOf(int ordinal, long h, long l) {
        int slot = slot(h, l);
        while (slotAt(slot) != ordinal) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /**
     * Whether some token is mapped to {@code ordinal}. Every mapped ordinal keeps its token, so it
     * is taken exactly when the token kept for it (zero if none) maps back to it.
     */
    private boolean ordinalTaken(int ordinal) {
        int page = ordinal >>> TOKEN_PAGE_BITS;
        if (page >= tokens.length || tokens[page] == null) {
            return false;
        }
        int at = (ordinal & TOKEN_PAGE_MASK) << 1;
        return find(tokens[page][at], tokens[page][at + 1]) == ordinal;
    }

    private boolean holds(int ordinal, long h, long l) {
        long[] page = tokens[ordinal >>> TOKEN_PAGE_BITS];
        int at = (ordinal & TOKEN_PAGE_MASK) << 1;
        return page[at] == h && page[at + 1] == l;
    }

    private void setToken(int ordinal, long h, long l) {
        int page = ordinal >>> TOKEN_PAGE_BITS;
        if (page >= tokens.length) {
            tokens = Arrays.copyOf(tokens, Math.max(page + 1, tokens.length * 2));
        }
        if (tokens[page] == null) {
            tokens[page] = new long[2 << TOKEN_PAGE_BITS];
        }
        int at = (ordinal & TOKEN_PAGE_MASK) << 1;
        tokens[page][at] = h;
        tokens[page][at + 1] = l;
    }

    /** Forgets the token kept for {@code ordinal}, which no token maps to any more. */
    private void clearToken(int ordinal) {
        long[] page = tokens[ordinal >>> TOKEN_PAGE_BITS];
        int at = (ordinal & TOKEN_PAGE_MASK) << 1;
        page[at] = 0;
        page[at + 1] = 0;
    }

    /** The home slot of the token stored for {@code ordinal}. */
    private int home(int ordinal) {
        long[] page = tokens[ordinal >>> TOKEN_PAGE_BITS];
        int at = (ordinal & TOKEN_PAGE_MASK) << 1;
        return slot(page[at], page[at + 1]);
    }

    private void deleteAt(int slot) {
        // Backward-shift deletion keeps probe chains intact without tombstones.
        int hole = slot;
        int next = (hole + 1) & mask;
        for (int moving = slotAt(next); moving != EMPTY; moving = slotAt(next)) {
            int home = home(moving);
            boolean movable = hole <= next ? (home <= hole || home > next) : (home <= hole && home > next);
            if (movable) {
                setSlot(hole, moving);
                hole = next;
            }
            next = (next + 1) & mask;
        }
        setSlot(hole, EMPTY);
    }

    private int slot(long h, long l) {
        long mixed = (h ^ Long.rotateLeft(l, 29)) * 0x9E37_79B9_7F4A_7C15L;
        return (int) (mixed >>> 32) & mask;
    }

    private int slotAt(int slot) {
        return slots[slot >>> SLOT_PAGE_BITS][slot & SLOT_PAGE_MASK];
    }

    private void setSlot(int slot, int ordinal) {
        slots[slot >>> SLOT_PAGE_BITS][slot & SLOT_PAGE_MASK] = ordinal;
    }

    /**
     * Doubles the table. Tokens stay where they are, so the transient peak is the old and the new
     * table together: 12 bytes per slot of the old one.
     */
    private void rehash(int capacity) {
        int[][] old = slots;
        slots = table(capacity);
        mask = capacity - 1;
        for (int[] page : old) {
            for (int ordinal : page) {
                if (ordinal != EMPTY) {
                    int slot = home(ordinal);
                    while (slotAt(slot) != EMPTY) {
                        slot = (slot + 1) & mask;
                    }
                    setSlot(slot, ordinal);
                }
            }
        }
    }

    private static int[][] table(int capacity) {
        int pageSize = Math.min(capacity, 1 << SLOT_PAGE_BITS);
        int[][] pages = new int[capacity / pageSize][pageSize];
        for (int[] page : pages) {
            Arrays.fill(page, EMPTY);
        }
        return pages;
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
