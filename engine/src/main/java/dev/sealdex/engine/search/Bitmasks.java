package dev.sealdex.engine.search;

/** Helpers for ordinal bitmasks ({@code long[]}, bit {@code o} set = ordinal {@code o} allowed). */
public final class Bitmasks {

    private Bitmasks() {
    }

    public static boolean get(long[] mask, int ordinal) {
        int word = ordinal >>> 6;
        return word < mask.length && (mask[word] & (1L << ordinal)) != 0;
    }

    static void set(long[] mask, int ordinal) {
        mask[ordinal >>> 6] |= 1L << ordinal;
    }

    static int count(long[] mask) {
        int total = 0;
        for (long word : mask) {
            total += Long.bitCount(word);
        }
        return total;
    }

    /** The set ordinals in ascending order. */
    static int[] ordinals(long[] mask) {
        int[] result = new int[count(mask)];
        int at = 0;
        for (int w = 0; w < mask.length; w++) {
            long word = mask[w];
            while (word != 0) {
                result[at++] = (w << 6) + Long.numberOfTrailingZeros(word);
                word &= word - 1;
            }
        }
        return result;
    }
}
