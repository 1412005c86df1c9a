package dev.sealdex.engine.index;

import dev.sealdex.engine.model.QueryHit;
import dev.sealdex.engine.model.TrainingOutcome;
import dev.sealdex.engine.model.TrainingParams;
import dev.sealdex.engine.train.TrainingProgress;
import dev.sealdex.engine.train.TrainingTarget;
import dev.sealdex.engine.train.Trainer;
import dev.sealdex.engine.search.IvfSearcher;
import dev.sealdex.engine.search.QueryCoalescer;
import dev.sealdex.engine.search.RowSource;
import dev.sealdex.engine.search.SearchHit;
import dev.sealdex.engine.search.SearchRequest;
import dev.sealdex.engine.ivf.Layout;
import dev.sealdex.engine.crypto.BlockCipher;
import dev.sealdex.engine.crypto.IndexKeys;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One open index: a thin facade over the owners of its state. {@link IndexStorage} is where it
 * is stored and sealed, {@link IndexShape} its configuration and current layout,
 * {@link IndexRows} its sealed rows and ids, {@link MetadataColumns} its filterable metadata;
 * {@link IndexWriter} is the write path, {@link IvfSearcher} the read path, {@link IndexLoader}
 * the recovery at open, {@link IndexCheckpoints} decides when the lists are checkpointed and
 * {@link Trainer} builds a new layout.
 *
 * <p>Concurrency: queries never take a lock; they read the current layout and each list's
 * current snapshot. Writers serialise per item id ({@link InFlightIds}: concurrent batches with
 * different ids run side by side and share group commits), write the item records durably, then
 * update memory; list updates lock only the list they touch. Training builds a new layout beside
 * the current one and swaps it in under a short exclusive section that replays what changed
 * meanwhile.
 */
public final class VectorIndex {

    /** The most queries one search pass takes (see {@link #queriesPerPass}). */
    static final int MAX_QUERIES_PER_PASS = 1_024;
    /** The most coarse scores (queries x lists) one search pass holds. */
    static final long MAX_COARSE_SCORES_PER_PASS = 1L << 22;

    private final String name;
    private final byte[] indexId;
    private final IndexStorage storage;
    private final EngineResources resources;
    private final IndexShape shape;
    private final IndexRows rows;
    private final MetadataColumns columns;
    private final IndexCheckpoints checkpoints;
    private final IndexWriter writer;
    private final IvfSearcher searcher;
    private final QueryCoalescer<SearchRequest, List<SearchHit>> coalescer;
    /** Rows the open placed in lists itself; written once, by {@link #open}. */
    private int replayedAtOpen;

    private VectorIndex(String name, byte[] indexId, IndexStorage storage, IndexShape shape,
                        EngineResources resources) {
        this.name = name;
        this.indexId = indexId.clone();
        this.storage = storage;
        this.resources = resources;
        this.shape = shape;
        this.rows = new IndexRows(storage.vectors());
        this.columns = new MetadataColumns(storage.manifest());
        this.checkpoints = new IndexCheckpoints(name, storage, shape, rows, resources.executor());
        this.writer = new IndexWriter(storage, shape, rows, columns, checkpoints, resources.kernels());
        this.searcher = new IvfSearcher(resources.kernels(), resources.executor(), resources.workers());
        this.coalescer = new QueryCoalescer<>(this::runBatch);
    }

    /** The store namespace of the index with id {@code indexId}. */
    public static String namespace(byte[] indexId) {
        return IndexStorage.namespace(indexId);
    }

    /**
     * Creates a new, empty index: adds its manifest to {@code batch}, which the caller commits
     * together with the key envelope.
     */
    public static VectorIndex create(String name, byte[] indexId, IndexConfig config, IndexKeys keys, Store store,
                                     EngineResources resources, WriteBatch batch) {
        IndexStorage storage = IndexStorage.of(indexId, store, keys);
        return new VectorIndex(name, indexId, storage, IndexShape.create(storage, config, batch), resources);
    }

    /** Opens an existing index from the store, rebuilding its rows and lists from the item records. */
    public static VectorIndex open(String name, byte[] indexId, IndexKeys keys, Store store,
                                   EngineResources resources) {
        IndexStorage storage = IndexStorage.of(indexId, store, keys);
        IndexShape shape = IndexShape.open(storage);
        if (shape == null) {
            throw new IllegalStateException("index '" + name + "' has no manifest");
        }
        VectorIndex index = new VectorIndex(name, indexId, storage, shape, resources);
        if (!shape.config().dimensionPending()) {
            index.replayedAtOpen = new IndexLoader(storage, shape, index.rows, index.columns, index.checkpoints,
                    resources).reload();
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
        return shape.config();
    }

    /** Live items. */
    public int count() {
        return rows.live();
    }

    /** Whether a training has produced the current layout. */
    public boolean isTrained() {
        Layout current = shape.layout();
        return current != null && current.isTrained();
    }

    /** Lists in the current layout (1 while untrained). */
    public int listCount() {
        Layout current = shape.layout();
        return current == null ? 1 : current.listCount();
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
            Item item = storage.item(storage.token(id));
            if (item != null) {
                found.add(item);
            }
        }
        return found;
    }

    /** Every live id, in no particular order. */
    public List<String> listIds() {
        return rows.ids(null, Integer.MAX_VALUE, Math.max(1, shape.config().dimension()));
    }

    /** {@code vector} as this index stores it: rounded to float16 when that is the storage precision. */
    private float[] asStored(float[] vector) {
        if (shape.config().precision() != StoragePrecision.FLOAT16) {
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
        return columns.evaluate(filter, rows.ordinalLimit());
    }

    /**
     * The live rows whose metadata matches ({@code allowed} from {@link #allowed}, or null for every
     * row), in ordinal order, at most {@code limit}: each with distance 0 and, when asked, its
     * metadata (null for an item deleted meanwhile).
     */
    public List<QueryHit> matching(long[] allowed, int limit, boolean withMetadata) {
        List<String> ids = rows.ids(allowed, limit, Math.max(1, shape.config().dimension()));
        if (!withMetadata) {
            return ids.stream().map(id -> new QueryHit(id, 0f, null, null)).toList();
        }
        Map<String, Item> stored = items(ids);
        return ids.stream().map(id -> new QueryHit(id, 0f, stored.containsKey(id) ? stored.get(id).metadata() : null,
                null)).toList();
    }

    /** Answers each request (coalesced with concurrent queries on this index) in order. */
    public List<List<SearchHit>> query(List<SearchRequest> requests) {
        if (requests.isEmpty()) {
            return List.of();
        }
        IndexConfig config = shape.config();
        if (config.dimensionPending()) {
            return requests.stream().map(r -> List.<SearchHit>of()).toList();
        }
        for (SearchRequest request : requests) {
            if (request.vector().length != config.dimension()) {
                throw new IllegalArgumentException("query vector has dimension " + request.vector().length
                        + ", the index has dimension " + config.dimension());
            }
        }
        int perPass = queriesPerPass(listCount());
        if (requests.size() <= perPass) {
            return coalescer.run(requests);
        }
        List<List<SearchHit>> answers = new ArrayList<>(requests.size());
        for (int from = 0; from < requests.size(); from += perPass) {
            answers.addAll(coalescer.run(requests.subList(from, Math.min(requests.size(), from + perPass))));
        }
        return answers;
    }

    /**
     * How many queries of one request a search pass takes at most. A pass holds every query's
     * coarse scores (queries x lists floats) and candidate heaps at once; a request of 10,000
     * queries over 65,536 lists would otherwise hold 2.6 GB of coarse scores alone. Passes of at
     * most 1,024 queries and 4 Mi coarse scores (16 MiB) keep that bounded; batching gains little
     * beyond a few hundred queries per pass.
     */
    static int queriesPerPass(int lists) {
        return (int) Math.max(1, Math.min(MAX_QUERIES_PER_PASS, MAX_COARSE_SCORES_PER_PASS / Math.max(1, lists)));
    }

    /**
     * Answers each request like {@link #query(List)}, with each hit's stored metadata and vector
     * attached when asked: each distinct item record is read once, and a hit whose item was deleted
     * after the search found it is left out rather than answered without its metadata.
     */
    public List<List<QueryHit>> query(List<SearchRequest> requests, boolean withMetadata, boolean withVector) {
        List<List<SearchHit>> results = query(requests);
        boolean withItems = withMetadata || withVector;
        Map<String, Item> stored = withItems
                ? items(results.stream().flatMap(List::stream).map(SearchHit::id).distinct().toList())
                : Map.of();
        List<List<QueryHit>> answers = new ArrayList<>(results.size());
        for (List<SearchHit> hits : results) {
            List<QueryHit> answer = new ArrayList<>(hits.size());
            for (SearchHit hit : hits) {
                Item item = stored.get(hit.id());
                if (withItems && item == null) {
                    continue;
                }
                answer.add(new QueryHit(hit.id(), hit.distance(), withMetadata ? item.metadata() : null,
                        withVector ? asStored(item.vector()) : null));
            }
            answers.add(answer);
        }
        return answers;
    }

    /** The stored items of {@code ids} that still exist, by id. */
    private Map<String, Item> items(List<String> ids) {
        Map<String, Item> found = new HashMap<>(ids.size() * 2);
        for (String id : ids) {
            Item item = storage.item(storage.token(id));
            if (item != null) {
                found.put(id, item);
            }
        }
        return found;
    }

    /** Rows the exact rerank has decrypted and scored since the index was opened (a search statistic). */
    public long rowsReranked() {
        return searcher.rowsReranked();
    }

    private List<List<SearchHit>> runBatch(List<SearchRequest> batch) {
        float[][] queries = new float[batch.size()][];
        for (int q = 0; q < queries.length; q++) {
            queries[q] = shape.prepare(batch.get(q).vector());
        }
        try {
            IndexConfig config = shape.config();
            return searcher.search(shape.layout(), rows.view(config.dimension(), config.metric()), batch, queries);
        } finally {
            for (float[] query : queries) {
                Arrays.fill(query, 0f);
            }
        }
    }

    // ---- training (see Trainer) -------------------------------------------------------------------

    /**
     * Trains a new layout on the current rows with {@code params} and swaps it in (writers go on
     * meanwhile); below the thresholds it is skipped and says why.
     */
    public TrainingOutcome train(TrainingParams params, TrainingProgress progress) {
        return Trainer.train(new Training(), params, progress);
    }

    /** The current layout (tests). */
    Layout layout() {
        return shape.layout();
    }

    /** The rows as a search reads them (tests). */
    RowSource rowsView() {
        IndexConfig config = shape.config();
        return rows.view(config.dimension(), config.metric());
    }

    /** The resources this index searches and trains with (tests). */
    EngineResources resources() {
        return resources;
    }

    /** The vector as scored: a copy, unit-normalised for cosine (tests). */
    float[] prepare(float[] vector) {
        return shape.prepare(vector);
    }

    /** The hooks a training uses, kept off the index's own surface. */
    private final class Training implements TrainingTarget {

        @Override
        public IndexConfig config() {
            return shape.config();
        }

        @Override
        public int count() {
            return rows.live();
        }

        @Override
        public Layout layout() {
            return shape.layout();
        }

        @Override
        public RowSource rows() {
            return rowsView();
        }

        @Override
        public BlockCipher codesCipher() {
            return storage.codes();
        }

        @Override
        public EngineResources resources() {
            return resources;
        }

        @Override
        public IvfSearcher searcher() {
            return searcher;
        }

        @Override
        public void beginTraining() {
            shape.beginTraining();
        }

        @Override
        public void abandonTraining() {
            shape.abandonTraining();
        }

        @Override
        public void swapLayout(Layout trained) {
            shape.swap(trained, rows, resources.kernels());
            // The new layout has no checkpoint yet; write one so a restart need not re-place every row.
            checkpoints.inBackground();
        }
    }
}
