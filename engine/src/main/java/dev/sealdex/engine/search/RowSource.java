package dev.sealdex.engine.search;

import dev.sealdex.engine.model.Metric;

/**
 * What a search reads of an index's rows: by ordinal, each live row's id and full-precision
 * vector, sealed. The search decrypts a row only when it scores it, into its own scratch.
 */
public interface RowSource {

    /** The vector length. */
    int dimension();

    /** How rows are scored. */
    Metric metric();

    /** One past the highest ordinal. */
    int ordinalLimit();

    /** The sealed row of {@code ordinal}, or null when it has none. */
    byte[] sealed(int ordinal);

    /** Bytes of row scratch that hold a row whose id takes {@code idBytes} bytes. */
    int rowBytes(int idBytes);

    /**
     * Opens {@code sealed} (the row of {@code ordinal}) into {@code row} (at least as long as
     * {@code sealed}) and its vector into {@code vector}; returns the id's length in {@code row}.
     */
    int open(int ordinal, byte[] sealed, byte[] row, float[] vector);

    /** The id of a row opened into {@code row}. */
    String id(byte[] row, int idLength);

    /** Every live ordinal, ascending. */
    default int[] live() {
        int limit = ordinalLimit();
        int[] ordinals = new int[limit];
        int n = 0;
        for (int o = 0; o < limit; o++) {
            if (sealed(o) != null) {
                ordinals[n++] = o;
            }
        }
        return java.util.Arrays.copyOf(ordinals, n);
    }
}
