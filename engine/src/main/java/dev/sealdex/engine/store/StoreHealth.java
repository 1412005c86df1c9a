package dev.sealdex.engine.store;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether a {@link DiskStore} is still open, whether a write failed (after which it takes no more
 * writes until reopened, since what reached the disk is unknown), and how much damage reads have
 * found. Shared by the store and its {@link Compactor}; every field is volatile or atomic, so no
 * lock is needed.
 */
final class StoreHealth {

    private static final Logger LOG = System.getLogger(DiskStore.class.getName());

    private final Path directory;
    private final AtomicLong corruptionsDetected = new AtomicLong();
    private volatile StoreException failure;
    private volatile boolean closed;

    StoreHealth(Path directory) {
        this.directory = directory;
    }

    /** Marks the store closed; returns {@code false} if it already was. */
    boolean markClosed() {
        if (closed) {
            return false;
        }
        closed = true;
        return true;
    }

    boolean isClosed() {
        return closed;
    }

    /** Whether a write failed; the last sync at close is skipped then. */
    boolean hasFailed() {
        return failure != null;
    }

    /** Throws {@link IllegalStateException} once the store is closed. */
    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("store " + directory + " is closed");
        }
    }

    /** Throws once the store is closed or a write has failed. */
    void checkWritable() {
        checkOpen();
        StoreException failed = failure;
        if (failed != null) {
            throw new StoreException(failed.getMessage(), failed);
        }
    }

    /** Marks the store failed: no more writes until it is reopened (what reached the disk is unknown). */
    StoreException fail(String what, IOException cause) {
        StoreException error = new StoreException(what + " (" + cause.getMessage() + "); the store at " + directory
                + " accepts no more writes until it is reopened", cause);
        if (failure == null) {
            failure = error;
            LOG.log(Level.ERROR, error.getMessage());
        }
        return error;
    }

    /** Counts {@code count} damaged values or records found. */
    void countCorruptions(long count) {
        corruptionsDetected.addAndGet(count);
    }

    long corruptionsDetected() {
        return corruptionsDetected.get();
    }
}
