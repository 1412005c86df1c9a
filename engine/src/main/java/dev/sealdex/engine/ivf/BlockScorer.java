package dev.sealdex.engine.ivf;

/**
 * Scores the codes of decrypted list blocks against the queries that probe a list. One instance
 * per worker thread and search; not thread-safe.
 */
public interface BlockScorer {

    /** Called before the blocks of {@code list} with the (normalised) queries that probe it, contiguous. */
    void prepare(int list, float[] queries, int queryCount);

    /** Scores {@code rows} rows whose codes start at {@code codesOffset} into {@code out}, query-major. */
    void score(byte[] plain, int codesOffset, int rows, float[] out);

    /** Overwrites any plaintext the scorer holds (decoded rows, query tables) once the search is done. */
    default void wipe() {
    }
}
