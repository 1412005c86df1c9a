package dev.sealdex.engine.store;

import java.util.Arrays;

/**
 * Builds one namespace's {@link NamespaceIndex} while the log is replayed at open. Replayed keys
 * arrive in write order, which for item ids is random; inserting them one by one into a sorted
 * structure costs a cache-missing search each (measured: about 6 s for a million keys). Instead
 * the builder keeps the newest location of each key in an open-addressing hash table over packed
 * arrays, then sorts the survivors once and lays them out as a {@link SortedRun}. Prefix deletes
 * (rare: an index deleted) walk every entry.
 *
 * <p>A compacted segment replays in key order: while keys keep ascending the builder only appends
 * (no hashing; they cannot repeat), and at the end it sorts only what came after that sorted
 * prefix and merges.
 */
final class NamespaceIndexBuilder {

    private byte[] keys = new byte[1 << 12];
    private int keyBytes;
    private int[] offsets = new int[257];
    private long[] locations = new long[256];
    private int[] lengths = new int[256];
    private int count;
    /**
     * Per slot: the key's hash in the high half and its entry number + 1 in the low half, 0 when
     * empty. Comparing hashes first spares a cache miss into the keys for almost every probe.
     * A power of two, at most half full.
     */
    private long[] table = new long[512];
    /** Entries appended in ascending key order, before any other operation; not in the table yet. */
    private int sortedPrefix;
    private boolean ascending = true;

    void put(byte[] key, long location, int length) {
        put(key, 0, key.length, location, length);
    }

    /** Puts the key {@code source[from, from + keyLength)}. */
    void put(byte[] source, int from, int keyLength, long location, int length) {
        if (ascending && count > 0 && Arrays.compareUnsigned(keys, offsets[count - 1], offsets[count],
                source, from, from + keyLength) >= 0) {
            leaveAscending();
        }
        if (!ascending) {
            int entry = find(source, from, keyLength);
            if (entry >= 0) {
                locations[entry] = location;
                lengths[entry] = length;
                return;
            }
        }
        if (count == locations.length) {
            int capacity = count * 2;
            offsets = Arrays.copyOf(offsets, capacity + 1);
            locations = Arrays.copyOf(locations, capacity);
            lengths = Arrays.copyOf(lengths, capacity);
        }
        if (keyBytes + keyLength > keys.length) {
            long needed = Math.max((long) keyBytes + keyLength, 2L * keys.length);
            if (needed > Integer.MAX_VALUE - 8) {
                throw new StoreException("a namespace's keys are limited to 2 GiB in total");
            }
            keys = Arrays.copyOf(keys, (int) needed);
        }
        System.arraycopy(source, from, keys, keyBytes, keyLength);
        keyBytes += keyLength;
        offsets[count + 1] = keyBytes;
        locations[count] = location;
        lengths[count] = length;
        count++;
        if (ascending) {
            sortedPrefix = count;
            return;
        }
        if (2 * count > table.length) {
            rehash();
        }
        insert(count - 1);
    }

    /** Keys stopped ascending (or a delete came): from now on every key goes through the hash table. */
    private void leaveAscending() {
        ascending = false;
        table = new long[Math.max(512, Integer.highestOneBit(Math.max(1, count)) * 4)];
        for (int i = 0; i < count; i++) {
            insert(i);
        }
    }

    void delete(byte[] key) {
        if (ascending) {
            leaveAscending();
        }
        int entry = find(key, 0, key.length);
        if (entry >= 0) {
            locations[entry] = SortedRun.DEAD;
        }
    }

    void deletePrefix(byte[] prefix) {
        for (int i = 0; i < count; i++) {
            int from = offsets[i];
            if (offsets[i + 1] - from >= prefix.length
                    && Arrays.equals(keys, from, from + prefix.length, prefix, 0, prefix.length)) {
                locations[i] = SortedRun.DEAD;
            }
        }
    }

    /** The index of the live entries, and the bytes they account for in {@code liveBytes[0]}. */
    NamespaceIndex build(long[] liveBytes) {
        int live = 0;
        int liveKeyBytes = 0;
        int sortedLive = 0;
        int[] order = new int[count];
        long[] prefixes = new long[count];
        for (int i = 0; i < count; i++) {
            if (locations[i] != SortedRun.DEAD) {
                order[live] = i;
                prefixes[live] = SortedRun.prefix(keys, offsets[i], offsets[i + 1] - offsets[i]);
                liveKeyBytes += offsets[i + 1] - offsets[i];
                liveBytes[0] += NamespaceIndex.entryBytes(offsets[i + 1] - offsets[i], lengths[i]);
                live++;
                if (i < sortedPrefix) {
                    sortedLive = live;
                }
            }
        }
        sort(prefixes, order, sortedLive, live - 1);
        if (sortedLive > 0 && sortedLive < live) {
            order = merge(prefixes, order, sortedLive, live);
        }
        SortedRun run = new SortedRun(live, liveKeyBytes);
        for (int j = 0; j < live; j++) {
            int i = order[j];
            run.append(keys, offsets[i], offsets[i + 1] - offsets[i], locations[i], lengths[i]);
        }
        return new NamespaceIndex(run);
    }

    private int find(byte[] key, int from, int length) {
        int hash = hash(key, from, length);
        int mask = table.length - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            long packed = table[slot];
            if (packed == 0) {
                return -1;
            }
            int entry = (int) packed - 1;
            if ((int) (packed >>> 32) == hash
                    && Arrays.equals(keys, offsets[entry], offsets[entry + 1], key, from, from + length)) {
                return entry;
            }
        }
    }

    private void insert(int entry) {
        place(hash(keys, offsets[entry], offsets[entry + 1] - offsets[entry]), entry);
    }

    private void place(int hash, int entry) {
        int mask = table.length - 1;
        int slot = hash & mask;
        while (table[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        table[slot] = ((long) hash << 32) | ((entry + 1) & 0xFFFFFFFFL);
    }

    private void rehash() {
        long[] old = table;
        table = new long[old.length * 2];
        for (long packed : old) {
            if (packed != 0) {
                place((int) (packed >>> 32), (int) packed - 1);
            }
        }
    }

    /** A 64-bit multiply-xorshift mix of the bytes, folded to an int. */
    private static int hash(byte[] bytes, int from, int length) {
        long h = 0x9E3779B97F4A7C15L ^ length;
        for (int i = 0; i < length; i++) {
            h = (h ^ (bytes[from + i] & 0xFF)) * 0x100000001B3L;
        }
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return (int) h;
    }

    private int compare(long[] prefixes, int[] order, int a, int b) {
        int c = Long.compareUnsigned(prefixes[a], prefixes[b]);
        if (c != 0) {
            return c;
        }
        int i = order[a];
        int j = order[b];
        return Arrays.compareUnsigned(keys, offsets[i], offsets[i + 1], keys, offsets[j], offsets[j + 1]);
    }

    /** Quicksort of {@code order} by key (median of three, smaller side first, insertion sort for short runs). */
    private void sort(long[] prefixes, int[] order, int low, int high) {
        while (high - low > 16) {
            int mid = (low + high) >>> 1;
            if (compare(prefixes, order, mid, low) < 0) {
                swap(prefixes, order, mid, low);
            }
            if (compare(prefixes, order, high, low) < 0) {
                swap(prefixes, order, high, low);
            }
            if (compare(prefixes, order, high, mid) < 0) {
                swap(prefixes, order, high, mid);
            }
            swap(prefixes, order, mid, high - 1);
            int pivot = high - 1;
            int i = low;
            int j = high - 1;
            while (true) {
                while (compare(prefixes, order, ++i, pivot) < 0) {
                    continue;
                }
                while (compare(prefixes, order, --j, pivot) > 0) {
                    continue;
                }
                if (i >= j) {
                    break;
                }
                swap(prefixes, order, i, j);
            }
            swap(prefixes, order, i, high - 1);
            if (i - low < high - i) {
                sort(prefixes, order, low, i - 1);
                low = i + 1;
            } else {
                sort(prefixes, order, i + 1, high);
                high = i - 1;
            }
        }
        for (int i = low + 1; i <= high; i++) {
            for (int j = i; j > low && compare(prefixes, order, j, j - 1) < 0; j--) {
                swap(prefixes, order, j, j - 1);
            }
        }
    }

    /** Merges the sorted ranges [0, middle) and [middle, end) of {@code order}; returns the merged order. */
    private int[] merge(long[] prefixes, int[] order, int middle, int end) {
        int[] merged = new int[end];
        int a = 0;
        int b = middle;
        for (int out = 0; out < end; out++) {
            if (b >= end || (a < middle && compare(prefixes, order, a, b) <= 0)) {
                merged[out] = order[a++];
            } else {
                merged[out] = order[b++];
            }
        }
        return merged;
    }

    private static void swap(long[] prefixes, int[] order, int a, int b) {
        long p = prefixes[a];
        prefixes[a] = prefixes[b];
        prefixes[b] = p;
        int o = order[a];
        order[a] = order[b];
        order[b] = o;
    }
}
