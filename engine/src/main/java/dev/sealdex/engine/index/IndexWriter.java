package dev.sealdex.engine.index;

import dev.sealdex.engine.model.IndexConfig;
import dev.sealdex.engine.ivf.Layout;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sealdex.engine.kernel.Kernels;
import dev.sealdex.engine.model.Item;
import dev.sealdex.engine.store.Durability;
import dev.sealdex.engine.store.WriteBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The write path of one {@link VectorIndex}: upserts and deletes. Each writes its item records
 * durably first, then updates the rows, lists, columns and id map in memory; see the index's
 * class comment for what it locks.
 */
final class IndexWriter {

    private final IndexStorage storage;
    private final IndexShape shape;
    private final IndexRows rows;
    private final MetadataColumns columns;
    private final IndexCheckpoints checkpoints;
    private final Kernels kernels;

    IndexWriter(IndexStorage storage, IndexShape shape, IndexRows rows, MetadataColumns columns,
                IndexCheckpoints checkpoints, Kernels kernels) {
        this.storage = storage;
        this.shape = shape;
        this.rows = rows;
        this.columns = columns;
        this.checkpoints = checkpoints;
        this.kernels = kernels;
    }

    /**
     * Inserts or overwrites {@code batch} (a later duplicate id in the batch wins) and returns once
     * the records are durable and visible to queries.
     */
    void upsert(List<Item> batch) {
        if (batch.isEmpty()) {
            return;
        }
        IndexConfig before = shape.config();
        // Until the first upsert fixes it, the batch's first vector sets the dimension.
        int expected = before.dimensionPending() && batch.get(0).vector() != null ? batch.get(0).vector().length
                : before.dimension();
        checkVectors(batch, expected);
        shape.fixDimension(expected);
        IndexConfig config = shape.config();
        int dimension = config.dimension();
        if (dimension != expected) {
            // A concurrent first upsert fixed another dimension.
            checkVectors(batch, dimension);
        }
        Map<String, Item> unique = new LinkedHashMap<>();
        for (Item item : batch) {
            unique.put(item.id(), item);
        }
        List<Item> itemsToWrite = new ArrayList<>(unique.values());
        JsonNode[] metadata = new JsonNode[itemsToWrite.size()];
        for (int i = 0; i < metadata.length; i++) {
            metadata[i] = MetadataColumns.parse(itemsToWrite.get(i).metadata(), itemsToWrite.get(i).id());
        }
        byte[][] tokens = new byte[itemsToWrite.size()][];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = storage.token(itemsToWrite.get(i).id());
        }
        shape.enterWriter();
        InFlightIds.Claim claim = rows.claim(tokens);
        try {
            boolean[] existed = new boolean[tokens.length];
            int[] ordinals = rows.ordinalsFor(tokens, existed);
            WriteBatch write = new WriteBatch();
            long writeSequence = rows.nextSequence();
            for (int i = 0; i < tokens.length; i++) {
                write.put(storage.namespace(), ItemRecord.key(tokens[i]), new ItemRecord(ordinals[i], writeSequence,
                        itemsToWrite.get(i)).seal(storage.items(), tokens[i]));
            }
            storage.writeDurably(write);
            // Durable: now make it visible.
            float[] prepared = new float[tokens.length * dimension];
            Layout current = shape.layout();
            for (int i = 0; i < tokens.length; i++) {
                float[] vector = shape.prepare(itemsToWrite.get(i).vector());
                System.arraycopy(vector, 0, prepared, i * dimension, dimension);
                rows.put(ordinals[i], itemsToWrite.get(i).id(), vector, config.precision());
                if (existed[i]) {
                    current.remove(ordinals[i]);
                }
            }
            current.add(kernels, config.metric().scoring(), ordinals, prepared, tokens.length);
            Arrays.fill(prepared, 0f);
            columns.update(ordinals, metadata, tokens.length);
            rows.addIds(tokens, ordinals, existed);
            shape.noteChanged(ordinals);
        } finally {
            claim.close();
            shape.exitWriter();
        }
        checkpoints.changed(itemsToWrite.size());
    }

    /** Deletes the items with {@code ids}; unknown ids are ignored. Returns how many were deleted. */
    int delete(List<String> ids) {
        byte[][] tokens = ids.stream().distinct().map(storage::token).toArray(byte[][]::new);
        if (tokens.length == 0) {
            return 0;
        }
        shape.enterWriter();
        InFlightIds.Claim claim = rows.claim(tokens);
        try {
            int[] current = rows.find(tokens);
            WriteBatch write = new WriteBatch();
            int[] removed = new int[tokens.length];
            int found = 0;
            for (int i = 0; i < tokens.length; i++) {
                if (current[i] >= 0) {
                    removed[found++] = current[i];
                    write.delete(storage.namespace(), ItemRecord.key(tokens[i]));
                }
            }
            if (found == 0) {
                return 0;
            }
            removed = Arrays.copyOf(removed, found);
            storage.writeDurably(write);
            Layout layout = shape.layout();
            for (int ordinal : removed) {
                layout.remove(ordinal);
                rows.clear(ordinal);
            }
            columns.update(removed, new JsonNode[removed.length], removed.length);
            rows.removeIds(tokens);
            shape.noteChanged(removed);
            checkpoints.changed(found);
            return found;
        } finally {
            claim.close();
            shape.exitWriter();
        }
    }

    /**
     * Refuses {@code batch} whole, naming each offending item, when a vector is missing, not of
     * {@code dimension} or not finite. The one place an upsert's vectors are checked.
     */
    private static void checkVectors(List<Item> batch, int dimension) {
        List<ItemsRejectedException.Rejection> rejections = new ArrayList<>();
        for (int i = 0; i < batch.size() && rejections.size() < ItemsRejectedException.MAX_REJECTIONS; i++) {
            Item item = batch.get(i);
            String problem = vectorProblem(item, dimension);
            if (problem != null) {
                rejections.add(new ItemsRejectedException.Rejection(i, problem));
            }
        }
        if (!rejections.isEmpty()) {
            throw new ItemsRejectedException(rejections);
        }
    }

    private static String vectorProblem(Item item, int dimension) {
        if (item.vector() == null) {
            return "item '" + item.id() + "' has no vector";
        }
        if (item.vector().length != dimension) {
            return "vector of item '" + item.id() + "' has dimension " + item.vector().length
                    + ", the index has dimension " + dimension;
        }
        for (float v : item.vector()) {
            if (!Float.isFinite(v)) {
                return "item '" + item.id() + "' has a NaN or infinite component";
            }
        }
        return null;
    }
}
