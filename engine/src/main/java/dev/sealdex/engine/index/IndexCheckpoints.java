package dev.sealdex.engine.index;

import dev.sealdex.engine.ivf.Layout;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * When and how one {@link VectorIndex} writes its {@link Checkpoint}s: on demand, after enough
 * changed rows (in the background), and after a layout swap.
 */
final class IndexCheckpoints {

    /** Changed rows that make a background checkpoint worth writing, at the least. */
    static final int CHECKPOINT_MIN_CHANGES = 50_000;

    private final String indexName;
    private final IndexStorage storage;
    private final IndexShape shape;
    private final IndexRows rows;
    private final ExecutorService executor;
    private final AtomicLong changesSinceCheckpoint = new AtomicLong();
    private final AtomicBoolean checkpointing = new AtomicBoolean();
    /** The last checkpoint written or restored; null when there is none. */
    private volatile Checkpoint checkpoint;
    private volatile Future<?> backgroundCheckpoint;

    IndexCheckpoints(String indexName, IndexStorage storage, IndexShape shape, IndexRows rows,
                     ExecutorService executor) {
        this.indexName = indexName;
        this.storage = storage;
        this.shape = shape;
        this.rows = rows;
        this.executor = executor;
    }

    /** Records {@code restored} as the last checkpoint: the one a reopen loaded the lists from. */
    void restored(Checkpoint restored) {
        checkpoint = restored;
    }

    /**
     * Writes a checkpoint of the current layout's blocks (see {@link Checkpoint}) if none is being
     * written; returns whether it wrote one. Writers continue meanwhile.
     */
    boolean write() {
        if (!checkpointing.compareAndSet(false, true)) {
            return false;
        }
        try {
            Snapshot snapshot = shape.withWritersHeld(() -> {
                Layout current = shape.layout();
                return current == null ? null : new Snapshot(current, rows.sequence(), current.blocks(),
                        current.maxError(), changesSinceCheckpoint.getAndSet(0));
            });
            if (snapshot == null) {
                return false;
            }
            try {
                checkpoint = Checkpoint.write(storage.store(), storage.namespace(), storage.manifest(), checkpoint,
                        snapshot.layout().epoch(), snapshot.consistentWith(), snapshot.blocks(), snapshot.maxError());
            } catch (RuntimeException e) {
                changesSinceCheckpoint.addAndGet(snapshot.changes());
                throw e;
            }
            return true;
        } finally {
            checkpointing.set(false);
        }
    }

    /** What a checkpoint writes, taken with writers held off. */
    private record Snapshot(Layout layout, long consistentWith, byte[][][] blocks, float maxError, long changes) {
    }

    /** Counts changed rows and starts a background checkpoint once enough have piled up. */
    void changed(int rowsChanged) {
        long pendingChanges = changesSinceCheckpoint.addAndGet(rowsChanged);
        // Replaying up to a tenth of the index (at least 50,000 rows) at reopen costs less than
        // rewriting every block after each batch. An untrained layout is not worth a checkpoint:
        // a reopen appends its rows to the one list without assigning them to centroids, while
        // checkpoints taken during a bulk load would rewrite the growing list again and again
        // (a third of the CPU of a 1M-vector ingest went to them and to compacting them away).
        Layout current = shape.layout();
        if (current != null && current.isTrained()
                && pendingChanges >= Math.max(CHECKPOINT_MIN_CHANGES, rows.live() / 10) && !checkpointing.get()) {
            inBackground();
        }
    }

    /** Starts writing a checkpoint on the executor. */
    void inBackground() {
        backgroundCheckpoint = executor.submit(this::writeQuietly);
    }

    /** Waits for the last background checkpoint to finish (shutdown and tests). */
    void await() {
        Future<?> pending = backgroundCheckpoint;
        if (pending != null) {
            try {
                pending.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException e) {
                // checkpointQuietly logs its own failures.
            }
        }
    }

    private void writeQuietly() {
        try {
            write();
        } catch (RuntimeException e) {
            System.getLogger(VectorIndex.class.getName()).log(System.Logger.Level.WARNING,
                    "Checkpoint of index " + indexName + " failed; a restart will replay more records", e);
        }
    }
}
