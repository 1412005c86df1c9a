package dev.sealdex.engine.store;

import java.util.Arrays;

/**
 * The bulk of one namespace's key index: keys packed back to back in one array, in unsigned
 * order, with a location and a value length per key. About {@code key + 24} bytes per entry,
 * against roughly 100 for a tree map node, which matters at millions of items.
 *
 * <p>Not thread-safe: {@link NamespaceIndex} guards it. Locations change in place (an overwrite,
 * a compaction); a deleted entry keeps its slot with location {@link #DEAD} until the next
 * rebuild. Keys are appended only in ascending order.
 */
final class SortedRun {

    /** Location of a deleted slot. */
    static final long DEAD = -1;

    private byte[] keys;
    private int[] offsets;
    /** The first 8 bytes of each key, big-endian, zero-padded: one cache line per search step instead of two. */
    private long[] prefixes;
    private long[] locations;
    private int[] lengths;
    private int size;
    private int keyBytes;

    SortedRun(int capacity, int keyCapacity) {
        keys = new byte[Math.max(keyCapacity, 16)];
        offsets = new int[Math.max(capacity, 4) + 1];
        prefixes = new long[Math.max(capacity, 4)];
        locations = new long[Math.max(capacity, 4)];
        lengths = new int[Math.max(capacity, 4)];
    }

    /** Slots, dead ones included. */
    int size() {
        return size;
    }

    long location(int i) {
        return locations[i];
    }

    int length(int i) {
        return lengths[i];
    }

    void set(int i, long location, int length) {
        locations[i] = location;
        lengths[i] = length;
    }

    /** A copy of key {@code i}. */
    byte[] key(int i) {
        return Arrays.copyOfRange(keys, offsets[i], offsets[i + 1]);
    }

    int keyLength(int i) {
        return offsets[i + 1] - offsets[i];
    }

    /** Compares key {@code i} with {@code key}, unsigned. */
    int compare(int i, byte[] key) {
        return Arrays.compareUnsigned(keys, offsets[i], offsets[i + 1], key, 0, key.length);
    }

    /** Whether key {@code i} starts with {@code prefix}. */
    boolean hasPrefix(int i, byte[] prefix) {
        int from = offsets[i];
        return offsets[i + 1] - from >= prefix.length
                && Arrays.equals(keys, from, from + prefix.length, prefix, 0, prefix.length);
    }

    /** The first 8 bytes of {@code length} bytes at {@code from}, big-endian, zero-padded; orders like the bytes. */
    static long prefix(byte[] bytes, int from, int length) {
        if (length >= 8) {
            return (long) BIG_ENDIAN_LONG.get(bytes, from);
        }
        long p = 0;
        for (int i = 0; i < length; i++) {
            p |= (bytes[from + i] & 0xFFL) << (56 - 8 * i);
        }
        return p;
    }

    private static final java.lang.invoke.VarHandle BIG_ENDIAN_LONG =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);

    /** The slot of {@code key}, or {@code -(insertion point) - 1}. */
    int find(byte[] key) {
        long p = prefix(key, 0, key.length);
        int low = 0;
        int high = size - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int c = Long.compareUnsigned(prefixes[mid], p);
            if (c == 0) {
                c = compare(mid, key);
            }
            if (c < 0) {
                low = mid + 1;
            } else if (c > 0) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -low - 1;
    }

    /** The first slot whose key is at least {@code key}. */
    int lowerBound(byte[] key) {
        int i = find(key);
        return i >= 0 ? i : -i - 1;
    }

    /** Whether {@code key} sorts after every key here, so {@link #append} may take it. */
    boolean appendable(byte[] key) {
        return size == 0 || compare(size - 1, key) < 0;
    }

    /** Appends {@code length} key bytes from {@code source}; the key must sort after every key here. */
    void append(byte[] source, int from, int length, long location, int valueLength) {
        if (size == locations.length) {
            int capacity = grow(size);
            offsets = Arrays.copyOf(offsets, capacity + 1);
            prefixes = Arrays.copyOf(prefixes, capacity);
            locations = Arrays.copyOf(locations, capacity);
            lengths = Arrays.copyOf(lengths, capacity);
        }
        if (keyBytes + length > keys.length) {
            long needed = (long) keyBytes + length;
            if (needed > Integer.MAX_VALUE - 8) {
                throw new StoreException("a namespace's keys are limited to 2 GiB in total");
            }
            keys = Arrays.copyOf(keys, (int) Math.min(Math.max(needed, 2L * keys.length), Integer.MAX_VALUE - 8));
        }
        System.arraycopy(source, from, keys, keyBytes, length);
        keyBytes += length;
        prefixes[size] = prefix(source, from, length);
        locations[size] = location;
        lengths[size] = valueLength;
        size++;
        offsets[size] = keyBytes;
    }

    /** Appends slot {@code i} of {@code other}. */
    void appendFrom(SortedRun other, int i) {
        append(other.keys, other.offsets[i], other.keyLength(i), other.locations[i], other.lengths[i]);
    }

    /** Bytes held, for the store's statistics. */
    long memoryBytes() {
        return keys.length + 4L * offsets.length + 8L * prefixes.length + 8L * locations.length + 4L * lengths.length;
    }

    private static int grow(int size) {
        long next = Math.max(16, size + (size >> 1));
        if (next > Integer.MAX_VALUE - 16) {
            throw new StoreException("a namespace is limited to about 2^31 keys");
        }
        return (int) next;
    }
}
