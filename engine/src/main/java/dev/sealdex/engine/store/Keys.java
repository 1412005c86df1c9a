package dev.sealdex.engine.store;

import java.util.Arrays;
import java.util.NavigableMap;

/** Byte-key helpers shared by the store implementations. */
public final class Keys {

    private Keys() {
    }

    /** Unsigned lexicographic order, the order every store iterates in. */
    public static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    /** Whether {@code key} starts with {@code prefix}. */
    public static boolean hasPrefix(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    /**
     * The smallest key greater than every key that starts with {@code prefix}, or {@code null}
     * when there is none (the prefix is empty or all 0xFF bytes).
     */
    public static byte[] prefixEnd(byte[] prefix) {
        byte[] end = prefix.clone();
        for (int i = end.length - 1; i >= 0; i--) {
            if (end[i] != (byte) 0xFF) {
                end[i]++;
                return Arrays.copyOf(end, i + 1);
            }
        }
        return null;
    }

    /** The live view of the entries of {@code map} whose keys start with {@code prefix}. */
    public static <V> NavigableMap<byte[], V> withPrefix(NavigableMap<byte[], V> map, byte[] prefix) {
        byte[] end = prefixEnd(prefix);
        return end == null ? map.tailMap(prefix, true) : map.subMap(prefix, true, end, false);
    }
}
