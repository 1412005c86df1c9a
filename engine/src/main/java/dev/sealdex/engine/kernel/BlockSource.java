package dev.sealdex.engine.kernel;

/**
 * One block of rows for the batch operations ({@link BatchSearchKernels#searchBlocks},
 * {@link BatchSearchKernels#searchBlocksSq8}): a key, a row count known without decrypting, and a way
 * to decrypt the rows on demand. A backend asks for the plaintext only when it does not hold the
 * block already, so a block resident on a device is not decrypted again.
 *
 * <p>A source holds float rows or SQ8 codes, not both; the other {@code decryptInto} throws
 * {@link UnsupportedOperationException}. Implementations are called from one thread at a time
 * per call, but several calls may read the same source concurrently.
 */
public interface BlockSource {

    /** The block's stable identity; equal keys mean identical plaintext. */
    BlockKey key();

    /** Rows in the block, known without decrypting it. */
    int rowCount();

    /**
     * Decrypts the block's float rows into {@code rows[0 .. rowCount() * dimension)} (row-major)
     * and each row's id into {@code ids[0 .. rowCount())}. The ids are what the search returns.
     */
    default void decryptInto(float[] rows, int[] ids) {
        throw new UnsupportedOperationException("block " + key() + " does not hold float rows");
    }

    /**
     * Decrypts the block's SQ8 codes into {@code codes[0 .. rowCount() * dimension)} (one byte per
     * dimension, row-major) and each row's id into {@code ids[0 .. rowCount())}.
     */
    default void decryptInto(byte[] codes, int[] ids) {
        throw new UnsupportedOperationException("block " + key() + " does not hold SQ8 codes");
    }
}
