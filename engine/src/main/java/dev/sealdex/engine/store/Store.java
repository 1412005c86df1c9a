package dev.sealdex.engine.store;

import dev.sealdex.engine.crypto.IntegrityException;

/**
 * The storage SPI: namespaced, ordered key-value pairs with atomic write batches, prefix scans
 * and a durable commit. Keys order as unsigned bytes. Implementations: {@code memory} and
 * {@code disk}; values are opaque (Sealdex stores only ciphertext and key envelopes here).
 *
 * <p>Implementations are thread-safe. A write batch is applied atomically: a reader or a restart
 * sees all of it or none of it.
 */
public interface Store extends AutoCloseable {

    /** {@code memory} or {@code disk}, as {@code CYBORGDB_DB_TYPE} names it. */
    String type();

    /** The value under {@code key} in {@code namespace}, or {@code null}. */
    byte[] get(String namespace, byte[] key);

    /**
     * Visits, in key order, every entry of {@code namespace} whose key starts with {@code prefix}
     * (an empty prefix visits the whole namespace) until {@code visitor} returns {@code false}.
     */
    void scan(String namespace, byte[] prefix, ScanVisitor visitor);

    /**
     * Applies {@code batch} atomically. With {@link Durability#SYNC} it returns only once the
     * batch is on stable storage, so a caller may acknowledge it to a client.
     */
    void write(WriteBatch batch, Durability durability);

    /** Flushes and releases the store; idempotent. */
    @Override
    void close();

    /** Receives scanned entries; returns {@code false} to stop. */
    @FunctionalInterface
    interface ScanVisitor {
        /** Called once per entry, in key order. The arrays are the caller's to keep. */
        boolean visit(byte[] key, byte[] value);

        /**
         * Called instead of {@link #visit} for an entry whose stored value fails its integrity
         * check; return {@code true} to skip it and go on. By default the scan stops by throwing
         * {@code error}, so damaged data is never passed off as a value.
         */
        default boolean corrupt(byte[] key, IntegrityException error) {
            throw error;
        }
    }
}
