package dev.sealdex.accel.gpu;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A native resource with an idempotent {@link #close()}: the first call releases it, later calls
 * do nothing (cuVS's {@code CloseableHandle}, without its double-free).
 */
abstract class Owned implements AutoCloseable {

    private final AtomicBoolean closed = new AtomicBoolean();

    /** Releases the resource; called at most once. */
    protected abstract void release();

    /** Whether {@link #close()} has run. */
    final boolean isClosed() {
        return closed.get();
    }

    /** Throws when the resource is used after {@link #close()}: a bug in the caller. */
    final void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException(getClass().getSimpleName() + " used after close");
        }
    }

    @Override
    public final void close() {
        if (closed.compareAndSet(false, true)) {
            release();
        }
    }
}
