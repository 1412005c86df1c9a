package dev.sealdex.engine.index;

import dev.sealdex.engine.model.IndexConfig;
import dev.sealdex.engine.ivf.Layout;
import dev.sealdex.engine.kernel.Kernels;
import dev.sealdex.engine.store.WriteBatch;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The configuration and current {@link Layout} of one index, and how they change: the dimension
 * is fixed by the first upsert of an index created without one, and a training swaps a new layout
 * in. Each change is persisted in the sealed manifest ({@link IndexState}) before it is published.
 *
 * <p>Concurrency: queries read the current layout without locking. Writers hold the shared side
 * of a read-write lock while they change rows and lists; the layout swap (and a checkpoint's
 * snapshot) hold the exclusive side. While a training runs, writers record the ordinals they
 * change so that the swap can replay them into the new layout.
 */
final class IndexShape {

    private final IndexStorage storage;
    private volatile IndexConfig config;
    private volatile Layout layout;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Ordinals changed while a training runs; null when none runs. */
    private volatile Set<Integer> changedDuringTraining;

    private IndexShape(IndexStorage storage, IndexConfig config, Layout layout) {
        this.storage = storage;
        this.config = config;
        this.layout = layout;
    }

    /** The shape of a new index; adds its manifest to {@code batch}, which the caller commits. */
    static IndexShape create(IndexStorage storage, IndexConfig config, WriteBatch batch) {
        Layout layout = config.dimensionPending() ? null : Layout.untrained(config.dimension(), storage.codes());
        IndexShape shape = new IndexShape(storage, config, layout);
        batch.put(storage.namespace(), IndexStorage.MANIFEST_KEY, shape.state().seal(storage.manifest()));
        return shape;
    }

    /** The shape stored in the index's manifest (its layout's lists empty), or null when it has none. */
    static IndexShape open(IndexStorage storage) {
        byte[] sealedManifest = storage.get(IndexStorage.MANIFEST_KEY);
        if (sealedManifest == null) {
            return null;
        }
        IndexState state = IndexState.open(storage.manifest(), sealedManifest);
        IndexConfig config = state.config();
        Layout layout = null;
        if (!config.dimensionPending()) {
            layout = state.epoch() == 0 ? Layout.untrained(state.dimension(), storage.codes())
                    : Layout.restore(state.epoch(), state.dimension(), state.listCount(), (byte) state.codeKind(),
                            storage.get(IndexStorage.CENTROIDS_KEY), storage.get(IndexStorage.PARAMS_KEY),
                            storage.codes(), state.defaultProbes());
        }
        return new IndexShape(storage, config, layout);
    }

    /** The configuration (dimension fixed once known). */
    IndexConfig config() {
        return config;
    }

    /** The current layout; null while the dimension is pending. */
    Layout layout() {
        return layout;
    }

    /** Enters a writer's section: the layout cannot be swapped until {@link #exitWriter()}. */
    void enterWriter() {
        lock.readLock().lock();
    }

    /** Leaves a writer's section. */
    void exitWriter() {
        lock.readLock().unlock();
    }

    /** Runs {@code snapshot} with every writer held off (a consistent view for a checkpoint). */
    <T> T withWritersHeld(Supplier<T> snapshot) {
        lock.writeLock().lock();
        try {
            return snapshot.get();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Fixes the dimension at the first upsert of an index created without one. */
    void fixDimension(int dimension) {
        if (!config.dimensionPending()) {
            return;
        }
        synchronized (this) {
            if (config.dimensionPending()) {
                IndexConfig fixed = config.withDimension(dimension);
                Layout untrained = Layout.untrained(dimension, storage.codes());
                WriteBatch write = new WriteBatch();
                write.put(storage.namespace(), IndexStorage.MANIFEST_KEY,
                        IndexState.of(fixed, untrained, (byte) 0).seal(storage.manifest()));
                storage.writeDurably(write);
                layout = untrained;
                config = fixed;
            }
        }
    }

    /** {@code vector} as it is scored and stored in rows: a copy, unit-normalised for cosine. */
    float[] prepare(float[] vector) {
        float[] copy = vector.clone();
        if (config.metric().normalises()) {
            double norm = 0;
            for (float v : copy) {
                norm += (double) v * v;
            }
            if (norm > 0) {
                float inverse = (float) (1.0 / Math.sqrt(norm));
                for (int i = 0; i < copy.length; i++) {
                    copy[i] *= inverse;
                }
            }
        }
        return copy;
    }

    // ---- training ------------------------------------------------------------------------------

    /** Starts recording the ordinals writers change, for the swap to replay. */
    void beginTraining() {
        changedDuringTraining = ConcurrentHashMap.newKeySet();
    }

    /** Stops recording without swapping (training failed or was skipped). */
    void abandonTraining() {
        changedDuringTraining = null;
    }

    /** Records {@code ordinals} as changed for a training in progress to replay. */
    void noteChanged(int[] ordinals) {
        Set<Integer> changed = changedDuringTraining;
        if (changed != null) {
            for (int ordinal : ordinals) {
                changed.add(ordinal);
            }
        }
    }

    /**
     * Swaps in {@code trained}: with writers held off, replays into it the rows changed since
     * training began (read from {@code rows}), persists its shape, and publishes it.
     */
    void swap(Layout trained, IndexRows rows, Kernels kernels) {
        lock.writeLock().lock();
        try {
            Set<Integer> changed = changedDuringTraining;
            changedDuringTraining = null;
            if (changed != null && !changed.isEmpty()) {
                int dimension = config.dimension();
                byte[] scratch = new byte[RowFormat.maxPlaintext(dimension)];
                float[] vector = new float[dimension];
                for (int ordinal : changed) {
                    trained.remove(ordinal);
                    if (rows.open(ordinal, scratch, vector) >= 0) {
                        trained.add(kernels, config.metric().scoring(), new int[] {ordinal}, vector.clone(), 1);
                    }
                }
                Arrays.fill(scratch, (byte) 0);
                Arrays.fill(vector, 0f);
            }
            WriteBatch write = new WriteBatch();
            write.put(storage.namespace(), IndexStorage.CENTROIDS_KEY, trained.sealedCentroids());
            write.put(storage.namespace(), IndexStorage.PARAMS_KEY, trained.sealedParams());
            write.put(storage.namespace(), IndexStorage.MANIFEST_KEY,
                    IndexState.of(config, trained, trained.codeKind()).seal(storage.manifest()));
            storage.writeDurably(write);
            layout = trained;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private IndexState state() {
        Layout current = layout;
        return IndexState.of(config, current, current == null ? 0 : current.codeKind());
    }
}
