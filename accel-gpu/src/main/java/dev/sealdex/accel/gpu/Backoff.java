package dev.sealdex.accel.gpu;

import java.util.function.LongSupplier;

/**
 * When to try the GPU again after a device error: not before a delay that starts at
 * {@link #FIRST_DELAY_NANOS} and doubles with each failure in a row, up to
 * {@link #MAX_DELAY_NANOS}; a success resets it. Until then batches run on the CPU, so a broken
 * device costs one failed call per back-off, not one per request. Thread-safe.
 */
final class Backoff {

    static final long FIRST_DELAY_NANOS = 1_000_000_000L;
    static final long MAX_DELAY_NANOS = 300_000_000_000L;

    private final LongSupplier clock;
    private long retryAt;
    private long delay = FIRST_DELAY_NANOS;
    private boolean waiting;

    /** Uses {@code clock} (nanoseconds, like {@link System#nanoTime()}). */
    Backoff(LongSupplier clock) {
        this.clock = clock;
    }

    /** Whether the GPU should be left alone now. */
    synchronized boolean active() {
        return waiting && clock.getAsLong() - retryAt < 0;
    }

    /** Records a device error; returns the delay before the next try, in nanoseconds. */
    synchronized long failed() {
        long wait = waiting ? Math.min(MAX_DELAY_NANOS, delay * 2) : FIRST_DELAY_NANOS;
        delay = wait;
        waiting = true;
        retryAt = clock.getAsLong() + wait;
        return wait;
    }

    /** Records a call that ran on the device: the next error starts from the first delay again. */
    synchronized void succeeded() {
        waiting = false;
        delay = FIRST_DELAY_NANOS;
    }
}
