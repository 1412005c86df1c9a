package dev.sealdex.engine.index;

import dev.sealdex.engine.model.EngineResources;
import dev.sealdex.engine.ivf.Layout;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reopens an index: restores its layout's lists from the latest {@link Checkpoint}, reads every
 * item record in parallel chunks to rebuild the sealed rows, id map and metadata columns, and
 * places in the lists only the rows written after the checkpoint (dropping rows deleted since).
 */
final class IndexLoader {

    private final IndexStorage storage;
    private final IndexShape shape;
    private final IndexRows rows;
    private final MetadataColumns columns;
    private final IndexCheckpoints checkpoints;
    private final EngineResources resources;

    IndexLoader(IndexStorage storage, IndexShape shape, IndexRows rows, MetadataColumns columns,
                IndexCheckpoints checkpoints, EngineResources resources) {
        this.storage = storage;
        this.shape = shape;
        this.rows = rows;
        this.columns = columns;
        this.checkpoints = checkpoints;
        this.resources = resources;
    }

    /** What one chunk of item records contributed to a reload. */
    private record Loaded(int[] ordinals, long[] sequences, byte[][] tokens, String[] metadata, float[][] vectors) {
    }

    /**
     * Rebuilds the rows, lists and columns from the checkpoint and the item records; returns how
     * many rows it placed in lists itself (not restored from the checkpoint).
     */
    int reload() {
        Layout layout = shape.layout();
        Checkpoint saved = Checkpoint.read(storage.store(), storage.namespace(), storage.manifest());
        boolean restored = false;
        if (saved != null && saved.epoch() == layout.epoch() && saved.blocks().length == layout.listCount()) {
            saved.restore(storage.store(), storage.namespace(), layout);
            checkpoints.restored(saved);
            restored = true;
        }
        long cutoff = restored ? saved.sequence() : Long.MIN_VALUE;
        // Records are opened and re-sealed as rows in parallel chunks; the scan itself only reads.
        List<java.util.concurrent.Future<Loaded>> parts = new ArrayList<>();
        List<byte[][]> pending = new ArrayList<>();
        final int chunk = 2048;
        storage.store().scan(storage.namespace(), ItemRecord.PREFIX, (key, value) -> {
            pending.add(new byte[][] {Arrays.copyOfRange(key, ItemRecord.PREFIX.length, key.length), value});
            if (pending.size() == chunk) {
                List<byte[][]> work = new ArrayList<>(pending);
                pending.clear();
                parts.add(resources.executor().submit(() -> loadRecords(work)));
            }
            return true;
        });
        if (!pending.isEmpty()) {
            parts.add(resources.executor().submit(() -> loadRecords(new ArrayList<>(pending))));
        }
        java.util.BitSet alive = new java.util.BitSet();
        long maxSequence = 0;
        int maxOrdinal = -1;
        List<Integer> addOrdinals = new ArrayList<>();
        List<float[]> addVectors = new ArrayList<>();
        Map<Integer, List<Object[]>> metadataByChunk = new java.util.TreeMap<>();
        for (java.util.concurrent.Future<Loaded> part : parts) {
            Loaded loaded = EngineResources.join(part, "loading an index");
            for (int i = 0; i < loaded.ordinals().length; i++) {
                int ordinal = loaded.ordinals()[i];
                rows.restoreId(loaded.tokens()[i], ordinal);
                alive.set(ordinal);
                maxOrdinal = Math.max(maxOrdinal, ordinal);
                maxSequence = Math.max(maxSequence, loaded.sequences()[i]);
                if (loaded.metadata()[i] != null) {
                    metadataByChunk.computeIfAbsent(ordinal / MetadataColumns.CHUNK, c -> new ArrayList<>())
                            .add(new Object[] {ordinal, loaded.metadata()[i]});
                }
                boolean placed = layout.contains(ordinal);
                if (placed && loaded.sequences()[i] > cutoff) {
                    // Written after the checkpoint: its checkpointed row is stale.
                    layout.remove(ordinal);
                    placed = false;
                }
                if (!placed) {
                    addOrdinals.add(ordinal);
                    addVectors.add(loaded.vectors()[i]);
                }
            }
        }
        if (restored) {
            // Rows whose records were deleted after the checkpoint.
            int limit = Math.max(maxOrdinal + 1, layout.maxOrdinal() + 1);
            for (int ordinal = 0; ordinal < limit; ordinal++) {
                if (!alive.get(ordinal) && layout.contains(ordinal)) {
                    layout.remove(ordinal);
                }
            }
        }
        addRows(layout, addOrdinals, addVectors);
        rows.restoreCounters(maxOrdinal + 1, maxSequence);
        for (List<Object[]> group : metadataByChunk.values()) {
            int[] ordinals = new int[group.size()];
            JsonNode[] metadata = new JsonNode[group.size()];
            for (int i = 0; i < ordinals.length; i++) {
                ordinals[i] = (Integer) group.get(i)[0];
                metadata[i] = MetadataColumns.parse((String) group.get(i)[1], null);
            }
            columns.update(ordinals, metadata, ordinals.length);
        }
        return addOrdinals.size();
    }

    private Loaded loadRecords(List<byte[][]> records) {
        int n = records.size();
        Loaded loaded = new Loaded(new int[n], new long[n], new byte[n][], new String[n], new float[n][]);
        for (int i = 0; i < n; i++) {
            byte[] token = records.get(i)[0];
            ItemRecord record = ItemRecord.open(storage.items(), token, records.get(i)[1]);
            int ordinal = record.ordinal();
            float[] vector = shape.prepare(record.item().vector());
            rows.put(ordinal, record.item().id(), vector, shape.config().precision());
            loaded.ordinals()[i] = ordinal;
            loaded.sequences()[i] = record.sequence();
            loaded.tokens()[i] = token;
            loaded.metadata()[i] = record.item().metadata();
            loaded.vectors()[i] = vector;
        }
        return loaded;
    }

    /** Places rows in the current layout in parallel chunks (nearest list, then codes). */
    private void addRows(Layout layout, List<Integer> ordinals, List<float[]> vectorsToAdd) {
        int dimension = shape.config().dimension();
        int n = ordinals.size();
        List<java.util.concurrent.Future<?>> tasks = new ArrayList<>();
        for (int start = 0; start < n; start += 4096) {
            int from = start;
            int to = Math.min(n, start + 4096);
            tasks.add(resources.executor().submit(() -> {
                int[] chunkOrdinals = new int[to - from];
                float[] chunkVectors = new float[(to - from) * dimension];
                for (int i = from; i < to; i++) {
                    chunkOrdinals[i - from] = ordinals.get(i);
                    System.arraycopy(vectorsToAdd.get(i), 0, chunkVectors, (i - from) * dimension, dimension);
                    Arrays.fill(vectorsToAdd.get(i), 0f);
                }
                layout.add(resources.kernels(), shape.config().metric().scoring(), chunkOrdinals, chunkVectors, to - from);
                Arrays.fill(chunkVectors, 0f);
            }));
        }
        for (java.util.concurrent.Future<?> task : tasks) {
            EngineResources.join(task, "loading an index");
        }
    }


}
