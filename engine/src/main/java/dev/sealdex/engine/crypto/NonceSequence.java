package dev.sealdex.engine.crypto;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hands out 96-bit GCM nonces that never repeat under one data key: four zero bytes followed by
 * a 64-bit counter. The counter's high-water mark is persisted in chunks <em>before</em> any
 * nonce from a chunk is used, so after a crash the sequence resumes above every nonce that could
 * have been used. Limit: 2^63 messages per data key, far beyond any index's lifetime; past it,
 * {@link #next()} refuses rather than wrap.
 */
public final class NonceSequence {

    /** Persists a new high-water mark durably before it is used. */
    @FunctionalInterface
    public interface Reservation {
        /** Makes {@code limit} durable: no nonce at or above it is handed out until this returns. */
        void reserve(long limit);
    }

    /** Nonces reserved per durable write of the high-water mark. */
    public static final long CHUNK = 1L << 20;
    /** Nonce length in bytes. */
    public static final int NONCE_BYTES = 12;

    private final AtomicLong next;
    private final Reservation reservation;
    private final ReentrantLock reserveLock = new ReentrantLock();
    private volatile long limit;

    /**
     * Starts at {@code persistedLimit}, the last durable high-water mark (0 for a new key):
     * every counter below it may already have been used.
     */
    public NonceSequence(long persistedLimit, Reservation reservation) {
        this(persistedLimit, persistedLimit, reservation);
    }

    /**
     * Starts at {@code start} with every counter below {@code reservedLimit} already reserved:
     * for a new data key whose first reservation is written together with the key itself.
     */
    public NonceSequence(long start, long reservedLimit, Reservation reservation) {
        if (start < 0 || reservedLimit < start) {
            throw new IllegalArgumentException("need 0 <= start <= reserved limit");
        }
        this.next = new AtomicLong(start);
        this.limit = reservedLimit;
        this.reservation = reservation;
    }

    /** The next counter value; never returns the same value twice in this sequence's life. */
    public long next() {
        long counter = next.getAndIncrement();
        if (counter < 0) {
            throw new IllegalStateException("nonce counter exhausted for this data key");
        }
        if (counter >= limit) {
            reserveBeyond(counter);
        }
        return counter;
    }

    /** Writes the 12-byte nonce for {@code counter} into {@code out} at {@code offset}. */
    public static void write(long counter, byte[] out, int offset) {
        out[offset] = 0;
        out[offset + 1] = 0;
        out[offset + 2] = 0;
        out[offset + 3] = 0;
        for (int i = 0; i < 8; i++) {
            out[offset + 4 + i] = (byte) (counter >>> (56 - 8 * i));
        }
    }

    /** The current durable high-water mark. */
    public long limit() {
        return limit;
    }

    private void reserveBeyond(long counter) {
        reserveLock.lock();
        try {
            if (counter < limit) {
                return;
            }
            long newLimit = Math.addExact(counter, CHUNK);
            reservation.reserve(newLimit);
            limit = newLimit;
        } finally {
            reserveLock.unlock();
        }
    }
}
