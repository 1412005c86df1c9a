package dev.sealdex.engine.index;

import dev.sealdex.engine.crypto.BlockCipher;
import dev.sealdex.engine.crypto.IndexKeys;
import dev.sealdex.engine.crypto.KeyPurpose;
import dev.sealdex.engine.filter.MetadataFilter;
import dev.sealdex.engine.model.EngineResources;
import dev.sealdex.engine.model.IndexConfig;
import dev.sealdex.engine.model.Item;
import dev.sealdex.engine.model.StoragePrecision;
import dev.sealdex.engine.store.Durability;
import dev.sealdex.engine.store.Store;
import dev.sealdex.engine.store.WriteBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One open index: its rows, its current layout, and the durable item records behind them.
 *
 * <p>Concurrency: queries never take a lock; they read the current layout and each list's
 * current snapshot. Writers ({@link IndexWriter}) serialise per item id ({@link InFlightIds}:
 * concurrent batches with different ids run side by side and share group commits), write the
 * item records durably, then update memory; list updates lock only the list they touch.
 * Training builds a new layout beside the current one and swaps it in under a short exclusive
 * section that replays what changed meanwhile. {@link IndexCheckpoints} decides when the lists
 * are checkpointed.
 */
public final class VectorIndex {

    private static final byte[] MANIFEST_KEY = "manifest".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] CENTROIDS_KEY = "layout/centroids".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] PARAMS_KEY = "layout/params".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final String name;
    private final byte[] indexId;
    final String namespace;
    private final IndexKeys keys;
    final Store store;
    final EngineResources resources;
    final BlockCipher items;
    final BlockCipher vectors;
    private final BlockCipher codes;
    final BlockCipher manifest;

    volatile IndexConfig config;
    volatile Layout layout;
    final OrdinalArray<byte[]> rows = new OrdinalArray<>();
    final MetadataColumns columns;
    final IdMap idMap = new IdMap();
    final ReentrantLock idLock = new ReentrantLock();
    final InFlightIds inFlight = new InFlightIds();
    /** Writers hold it shared; the layout swap holds it exclusively. */
    final ReentrantReadWriteLock layoutLock = new ReentrantReadWriteLock();
    final AtomicInteger nextOrdinal = new AtomicInteger();
    /** Write sequence: every upsert batch takes the next number, stored in its item records. */
    final java.util.concurrent.atomic.AtomicLong sequence = new java.util.concurrent.atomic.AtomicLong();
    final IndexCheckpoints checkpoints = new IndexCheckpoints(this);
    private final IndexWriter writer = new IndexWriter(this);
    int replayedAtOpen;
    final AtomicInteger live = new AtomicInteger();
    private final IvfSearcher searcher;
    private final QueryCoalescer<SearchRequest, List<SearchHit>> coalescer;
    /** Ordinals changed while a training runs; null when none runs. */
    private volatile java.util.Set<Integer> changedDuringTraining;

    private VectorIndex(String name, byte[] indexId, IndexConfig config, IndexKeys keys, Store store,
                        EngineResources resources) {
        this.name = name;
        this.indexId = indexId.clone();
        this.namespace = namespace(indexId);
        this.keys = keys;
        this.store = store;
        this.resources = resources;
        this.items = keys.cipher(KeyPurpose.ITEMS);
        this.vectors = keys.cipher(KeyPurpose.VECTORS);
        this.codes = keys.cipher(KeyPurpose.CODES);
        this.manifest = keys.cipher(KeyPurpose.METADATA);
        this.columns = new MetadataColumns(manifest);
        this.config = config;
        this.searcher = new IvfSearcher(resources.kernels(), resources.executor(), resources.workers());
        this.coalescer = new QueryCoalescer<>(this::runBatch);
    }

    /** The store namespace of the index with id {@code indexId}. */
    public static String namespace(byte[] indexId) {
        return "idx:" + HexFormat.of().formatHex(indexId);
    }

    /**
     * Creates a new, empty index: adds its manifest to {@code batch}, which the caller commits
     * together with the key envelope.
     */
    public static VectorIndex create(String name, byte[] indexId, IndexConfig config, IndexKeys keys, Store store,
                                     EngineResources resources, WriteBatch batch) {
        VectorIndex index = new VectorIndex(name, indexId, config, keys, store, resources);
        if (!config.dimensionPending()) {
            index.layout = Layout.untrained(config.dimension(), index.codes);
        }
        batch.put(index.namespace, MANIFEST_KEY, index.state().seal(index.manifest));
        return index;
    }

    /** Opens an existing index from the store, rebuilding its rows and lists from the item records. */
    public static VectorIndex open(String name, byte[] indexId, IndexKeys keys, Store store,
                                   EngineResources resources) {
        String namespace = namespace(indexId);
        byte[] sealedManifest = store.get(namespace, MANIFEST_KEY);
        if (sealedManifest == null) {
            throw new IllegalStateException("index '" + name + "' has no manifest");
        }
        IndexState state = IndexState.open(keys.cipher(KeyPurpose.METADATA), sealedManifest);
        VectorIndex index = new VectorIndex(name, indexId, state.config(), keys, store, resources);
        if (!index.config.dimensionPending()) {
            index.layout = state.epoch() == 0 ? Layout.untrained(state.dimension(), index.codes)
                    : Layout.restore(state.epoch(), state.dimension(), state.listCount(), (byte) state.codeKind(),
                            store.get(namespace, CENTROIDS_KEY), store.get(namespace, PARAMS_KEY), index.codes,
                            state.defaultProbes());
            IndexLoader.reload(index);
        }
        return index;
    }

    /** Rows the last open had to place in lists itself (not restored from a checkpoint). */
    int replayedAtOpen() {
        return replayedAtOpen;
    }

    /** The index name. */
    public String name() {
        return name;
    }

    /** The index's random 16-byte id. */
    public byte[] indexId() {
        return indexId.clone();
    }

    /** The configuration (dimension fixed once known). */
    public IndexConfig config() {
        return config;
    }

    /** Live items. */
    public int count() {
        return live.get();
    }

    /** Whether a training has produced the current layout. */
    public boolean isTrained() {
        Layout current = layout;
        return current != null && current.isTrained();
    }

    /** Lists in the current layout (1 while untrained). */
    public int listCount() {
        Layout current = layout;
        return current == null ? 1 : current.listCount();
    }

    IndexKeys keys() {
        return keys;
    }

    /**
     * Writes a checkpoint of the current layout's blocks (see {@link Checkpoint}) if none is being
     * written; returns whether it wrote one. Writers continue meanwhile.
     */
    public boolean checkpoint() {
        return checkpoints.write();
    }

    /** Waits for the last background checkpoint to finish (shutdown and tests). */
    public void awaitBackgroundCheckpoint() {
        checkpoints.await();
    }

    /**
     * Inserts or overwrites {@code batch} (a later duplicate id in the batch wins) and returns once
     * the records are durable and visible to queries.
     */
    public void upsert(List<Item> batch) {
        writer.upsert(batch);
    }

    /** Deletes the items with {@code ids}; unknown ids are ignored. Returns how many were deleted. */
    public int delete(List<String> ids) {
        return writer.delete(ids);
    }

    /** The items with {@code ids}, in request order, missing ids omitted. */
    public List<Item> get(List<String> ids) {
        List<Item> found = new ArrayList<>(ids.size());
        for (String id : ids) {
            byte[] token = keys.idTokens().token(id);
            byte[] sealed = store.get(namespace, ItemRecord.key(token));
            if (sealed != null) {
                found.add(ItemRecord.open(items, token, sealed).item());
            }
        }
        return found;
    }

    /** Every live id, in no particular order. */
    public List<String> listIds() {
        List<String> ids = new ArrayList<>(live.get());
        int dimension = Math.max(1, config.dimension());
        byte[] scratch = new byte[RowFormat.maxPlaintext(dimension)];
        float[] vector = new float[dimension];
        int end = nextOrdinal.get();
        for (int ordinal = 0; ordinal < end; ordinal++) {
            byte[] sealed = rows.get(ordinal);
            if (sealed != null) {
                int idLength = RowFormat.open(vectors, ordinal, sealed, scratch, vector);
                ids.add(RowFormat.id(scratch, idLength));
            }
        }
        Arrays.fill(scratch, (byte) 0);
        Arrays.fill(vector, 0f);
        return ids;
    }

    /** {@code vector} as this index stores it: rounded to float16 when that is the storage precision. */
    public float[] asStored(float[] vector) {
        if (config.precision() != StoragePrecision.FLOAT16) {
            return vector;
        }
        float[] rounded = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            rounded[i] = Float.float16ToFloat(Float.floatToFloat16(vector[i]));
        }
        return rounded;
    }

    /** The ordinals whose metadata matches {@code filter}, as a mask for {@link SearchRequest#allowed()}. */
    public long[] allowed(MetadataFilter filter) {
        return columns.evaluate(filter, nextOrdinal.get());
    }

    /**
     * The ids of live rows whose metadata matches ({@code allowed} from {@link #allowed}, or null
     * for every row), in ordinal order, at most {@code limit}.
     */
    public List<String> matching(long[] allowed, int limit) {
        List<String> ids = new ArrayList<>();
        int dimension = Math.max(1, config.dimension());
        byte[] scratch = new byte[RowFormat.maxPlaintext(dimension)];
        float[] vector = new float[dimension];
        int end = nextOrdinal.get();
        try {
            for (int ordinal = 0; ordinal < end && ids.size() < limit; ordinal++) {
                if (allowed != null && !Bitmasks.get(allowed, ordinal)) {
                    continue;
                }
                byte[] sealed = rows.get(ordinal);
                if (sealed != null) {
                    int idLength = RowFormat.open(vectors, ordinal, sealed, scratch, vector);
                    ids.add(RowFormat.id(scratch, idLength));
                }
            }
        } finally {
            Arrays.fill(scratch, (byte) 0);
            Arrays.fill(vector, 0f);
        }
        return ids;
    }

    /** Answers each request (coalesced with concurrent queries on this index) in order. */
    public List<List<SearchHit>> query(List<SearchRequest> requests) {
        if (requests.isEmpty()) {
            return List.of();
        }
        for (SearchRequest request : requests) {
            if (config.dimensionPending()) {
                return requests.stream().map(r -> List.<SearchHit>of()).toList();
            }
            if (request.vector().length != config.dimension()) {
                throw new IllegalArgumentException("query vector has dimension " + request.vector().length
                        + ", the index has " + config.dimension());
            }
        }
        return coalescer.run(requests);
    }

    /** Rows the exact rerank has decrypted and scored since the index was opened (a search statistic). */
    public long rowsReranked() {
        return searcher.rowsReranked();
    }

    private List<List<SearchHit>> runBatch(List<SearchRequest> batch) {
        float[][] queries = new float[batch.size()][];
        for (int q = 0; q < queries.length; q++) {
            queries[q] = prepare(batch.get(q).vector());
        }
        try {
            IvfSearcher.Rows view = new IvfSearcher.Rows(rows, vectors, config.dimension(), config.metric(),
                    nextOrdinal.get());
            return searcher.search(layout, view, batch, queries);
        } finally {
            for (float[] query : queries) {
                Arrays.fill(query, 0f);
            }
        }
    }

    // ---- training support (see Trainer) ----------------------------------------------------------

    Layout layout() {
        return layout;
    }

    OrdinalArray<byte[]> rows() {
        return rows;
    }

    BlockCipher vectorsCipher() {
        return vectors;
    }

    BlockCipher codesCipher() {
        return codes;
    }

    EngineResources resources() {
        return resources;
    }

    int ordinalLimit() {
        return nextOrdinal.get();
    }

    IvfSearcher searcher() {
        return searcher;
    }

    /** Starts recording the ordinals writers change, for the swap to replay. */
    void beginTraining() {
        changedDuringTraining = java.util.concurrent.ConcurrentHashMap.newKeySet();
    }

    /** Stops recording without swapping (training failed or was skipped). */
    void abandonTraining() {
        changedDuringTraining = null;
    }

    /**
     * Swaps in {@code trained}: with writers held off, replays the rows changed since training began
     * into it, persists its shape, and publishes it.
     */
    void swapLayout(Layout trained) {
        layoutLock.writeLock().lock();
        try {
            java.util.Set<Integer> changed = changedDuringTraining;
            changedDuringTraining = null;
            if (changed != null && !changed.isEmpty()) {
                int dimension = config.dimension();
                byte[] scratch = new byte[RowFormat.maxPlaintext(dimension)];
                float[] vector = new float[dimension];
                for (int ordinal : changed) {
                    trained.remove(ordinal);
                    byte[] sealed = rows.get(ordinal);
                    if (sealed != null) {
                        RowFormat.open(vectors, ordinal, sealed, scratch, vector);
                        trained.add(resources.kernels(), config.metric().scoring(), new int[] {ordinal},
                                vector.clone(), 1);
                    }
                }
                Arrays.fill(scratch, (byte) 0);
                Arrays.fill(vector, 0f);
            }
            WriteBatch write = new WriteBatch();
            write.put(namespace, CENTROIDS_KEY, trained.sealedCentroids());
            write.put(namespace, PARAMS_KEY, trained.sealedParams());
            IndexState next = IndexState.of(config, trained, trained.codeKind());
            write.put(namespace, MANIFEST_KEY, next.seal(manifest));
            store.write(write, Durability.SYNC);
            layout = trained;
        } finally {
            layoutLock.writeLock().unlock();
        }
        // The new layout has no checkpoint yet; write one so a restart need not re-place every row.
        checkpoints.inBackground();
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** Records {@code ordinals} as changed for a training in progress to replay. */
    void noteChanged(int[] ordinals) {
        java.util.Set<Integer> changed = changedDuringTraining;
        if (changed != null) {
            for (int ordinal : ordinals) {
                changed.add(ordinal);
            }
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
                Layout untrained = Layout.untrained(dimension, codes);
                WriteBatch write = new WriteBatch();
                write.put(namespace, MANIFEST_KEY, IndexState.of(fixed, untrained, (byte) 0).seal(manifest));
                store.write(write, Durability.SYNC);
                layout = untrained;
                config = fixed;
            }
        }
    }

    private IndexState state() {
        Layout current = layout;
        return IndexState.of(config, current, current == null ? 0 : current.codeKind());
    }

    /** The vector as scored: a copy, unit-normalised for cosine. */
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

}