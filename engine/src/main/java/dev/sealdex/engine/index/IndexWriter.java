package dev.sealdex.engine.index;

import com.fasterxml.jackson.databind.JsonNode;
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

    private final VectorIndex index;

    IndexWriter(VectorIndex index) {
        this.index = index;
    }

    /**
     * Inserts or overwrites {@code batch} (a later duplicate id in the batch wins) and returns once
     * the records are durable and visible to queries.
     */
    void upsert(List<Item> batch) {
        if (batch.isEmpty()) {
            return;
        }
        Map<String, Item> unique = new LinkedHashMap<>();
        for (Item item : batch) {
            unique.put(item.id(), item);
        }
        List<Item> itemsToWrite = new ArrayList<>(unique.values());
        index.fixDimension(itemsToWrite.get(0).vector().length);
        int dimension = index.config.dimension();
        JsonNode[] metadata = new JsonNode[itemsToWrite.size()];
        for (int i = 0; i < metadata.length; i++) {
            checkItem(itemsToWrite.get(i), dimension);
            metadata[i] = MetadataColumns.parse(itemsToWrite.get(i).metadata(), itemsToWrite.get(i).id());
        }
        byte[][] tokens = new byte[itemsToWrite.size()][];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = index.keys().idTokens().token(itemsToWrite.get(i).id());
        }
        index.layoutLock.readLock().lock();
        InFlightIds.Claim claim = index.inFlight.claim(tokens);
        try {
            int[] ordinals = new int[tokens.length];
            boolean[] existed = new boolean[tokens.length];
            index.idLock.lock();
            try {
                for (int i = 0; i < tokens.length; i++) {
                    int ordinal = index.idMap.get(tokens[i]);
                    existed[i] = ordinal >= 0;
                    ordinals[i] = existed[i] ? ordinal : index.nextOrdinal.getAndIncrement();
                }
            } finally {
                index.idLock.unlock();
            }
            WriteBatch write = new WriteBatch();
            long writeSequence = index.sequence.incrementAndGet();
            for (int i = 0; i < tokens.length; i++) {
                write.put(index.namespace, ItemRecord.key(tokens[i]), new ItemRecord(ordinals[i], writeSequence,
                        itemsToWrite.get(i)).seal(index.items, tokens[i]));
            }
            index.store.write(write, Durability.SYNC);
            // Durable: now make it visible.
            float[] prepared = new float[tokens.length * dimension];
            Layout current = index.layout;
            for (int i = 0; i < tokens.length; i++) {
                float[] vector = index.prepare(itemsToWrite.get(i).vector());
                System.arraycopy(vector, 0, prepared, i * dimension, dimension);
                index.rows.set(ordinals[i], RowFormat.seal(index.vectors, ordinals[i], itemsToWrite.get(i).id(), vector,
                        index.config.precision()));
                if (existed[i]) {
                    current.remove(ordinals[i]);
                }
            }
            current.add(index.resources.kernels(), index.config.metric().scoring(), ordinals, prepared, tokens.length);
            Arrays.fill(prepared, 0f);
            index.columns.update(ordinals, metadata, tokens.length);
            index.idLock.lock();
            try {
                for (int i = 0; i < tokens.length; i++) {
                    if (!existed[i]) {
                        index.idMap.put(tokens[i], ordinals[i]);
                        index.live.incrementAndGet();
                    }
                }
            } finally {
                index.idLock.unlock();
            }
            index.noteChanged(ordinals);
        } finally {
            claim.close();
            index.layoutLock.readLock().unlock();
        }
        index.checkpoints.changed(itemsToWrite.size());
    }

    /** Deletes the items with {@code ids}; unknown ids are ignored. Returns how many were deleted. */
    int delete(List<String> ids) {
        byte[][] tokens = ids.stream().distinct().map(id -> index.keys().idTokens().token(id)).toArray(byte[][]::new);
        if (tokens.length == 0) {
            return 0;
        }
        index.layoutLock.readLock().lock();
        InFlightIds.Claim claim = index.inFlight.claim(tokens);
        try {
            List<Integer> found = new ArrayList<>();
            WriteBatch write = new WriteBatch();
            index.idLock.lock();
            try {
                for (byte[] token : tokens) {
                    int ordinal = index.idMap.get(token);
                    if (ordinal >= 0) {
                        found.add(ordinal);
                        write.delete(index.namespace, ItemRecord.key(token));
                    }
                }
            } finally {
                index.idLock.unlock();
            }
            if (found.isEmpty()) {
                return 0;
            }
            index.store.write(write, Durability.SYNC);
            Layout current = index.layout;
            for (int ordinal : found) {
                current.remove(ordinal);
                index.rows.set(ordinal, null);
            }
            int[] removed = found.stream().mapToInt(Integer::intValue).toArray();
            index.columns.update(removed, new JsonNode[removed.length], removed.length);
            index.idLock.lock();
            try {
                for (byte[] token : tokens) {
                    if (index.idMap.remove(token) >= 0) {
                        index.live.decrementAndGet();
                    }
                }
            } finally {
                index.idLock.unlock();
            }
            index.noteChanged(removed);
            index.checkpoints.changed(found.size());
            return found.size();
        } finally {
            claim.close();
            index.layoutLock.readLock().unlock();
        }
    }

    private static void checkItem(Item item, int dimension) {
        if (item.vector() == null) {
            throw new IllegalArgumentException("item '" + item.id() + "' has no vector");
        }
        if (item.vector().length != dimension) {
            throw new IllegalArgumentException("item '" + item.id() + "' has dimension " + item.vector().length
                    + ", the index has " + dimension);
        }
        for (float v : item.vector()) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("item '" + item.id() + "' has a NaN or infinite component");
            }
        }
    }
}
