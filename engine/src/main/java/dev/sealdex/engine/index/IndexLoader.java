package dev.sealdex.engine.index;

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

    private final VectorIndex index;

    private IndexLoader(VectorIndex index) {
        this.index = index;
    }

    /** What one chunk of item records contributed to a reload. */
    private record Loaded(int[] ordinals, long[] sequences, byte[][] tokens, String[] metadata, float[][] vectors) {
    }

    /** Rebuilds {@code index}'s rows, lists and columns from its checkpoint and item records. */
    static void reload(VectorIndex index) {
        new IndexLoader(index).run();
    }

    private void run() {
        Checkpoint saved = Checkpoint.read(index.store, index.namespace, index.manifest);
        boolean restored = false;
        if (saved != null && saved.epoch() == index.layout.epoch() && saved.blocks().length == index.layout.listCount()) {
            saved.restore(index.store, index.namespace, index.layout);
            index.checkpoints.checkpoint = saved;
            restored = true;
        }
        long cutoff = restored ? saved.sequence() : Long.MIN_VALUE;
        // Records are opened and re-sealed as rows in parallel chunks; the scan itself only reads.
        List<java.util.concurrent.Future<Loaded>> parts = new ArrayList<>();
        List<byte[][]> pending = new ArrayList<>();
        final int chunk = 2048;
        index.store.scan(index.namespace, ItemRecord.PREFIX, (key, value) -> {
            pending.add(new byte[][] {Arrays.copyOfRange(key, ItemRecord.PREFIX.length, key.length), value});
            if (pending.size() == chunk) {
                List<byte[][]> work = new ArrayList<>(pending);
                pending.clear();
                parts.add(index.resources.executor().submit(() -> loadRecords(work)));
            }
            return true;
        });
        if (!pending.isEmpty()) {
            parts.add(index.resources.executor().submit(() -> loadRecords(new ArrayList<>(pending))));
        }
        java.util.BitSet alive = new java.util.BitSet();
        long maxSequence = 0;
        int maxOrdinal = -1;
        List<Integer> addOrdinals = new ArrayList<>();
        List<float[]> addVectors = new ArrayList<>();
        Map<Integer, List<Object[]>> metadataByChunk = new java.util.TreeMap<>();
        for (java.util.concurrent.Future<Loaded> part : parts) {
            Loaded loaded = join(part);
            for (int i = 0; i < loaded.ordinals().length; i++) {
                int ordinal = loaded.ordinals()[i];
                index.idMap.put(loaded.tokens()[i], ordinal);
                index.live.incrementAndGet();
                alive.set(ordinal);
                maxOrdinal = Math.max(maxOrdinal, ordinal);
                maxSequence = Math.max(maxSequence, loaded.sequences()[i]);
                if (loaded.metadata()[i] != null) {
                    metadataByChunk.computeIfAbsent(ordinal / MetadataColumns.CHUNK, c -> new ArrayList<>())
                            .add(new Object[] {ordinal, loaded.metadata()[i]});
                }
                boolean placed = index.layout.contains(ordinal);
                if (placed && loaded.sequences()[i] > cutoff) {
                    // Written after the checkpoint: its checkpointed row is stale.
                    index.layout.remove(ordinal);
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
            int limit = Math.max(maxOrdinal + 1, index.layout.maxOrdinal() + 1);
            for (int ordinal = 0; ordinal < limit; ordinal++) {
                if (!alive.get(ordinal) && index.layout.contains(ordinal)) {
                    index.layout.remove(ordinal);
                }
            }
        }
        addRows(addOrdinals, addVectors);
        index.replayedAtOpen = addOrdinals.size();
        index.sequence.set(maxSequence);
        index.nextOrdinal.set(maxOrdinal + 1);
        for (List<Object[]> group : metadataByChunk.values()) {
            int[] ordinals = new int[group.size()];
            JsonNode[] metadata = new JsonNode[group.size()];
            for (int i = 0; i < ordinals.length; i++) {
                ordinals[i] = (Integer) group.get(i)[0];
                metadata[i] = MetadataColumns.parse((String) group.get(i)[1], null);
            }
            index.columns.update(ordinals, metadata, ordinals.length);
        }
    }

    private Loaded loadRecords(List<byte[][]> records) {
        int n = records.size();
        Loaded loaded = new Loaded(new int[n], new long[n], new byte[n][], new String[n], new float[n][]);
        for (int i = 0; i < n; i++) {
            byte[] token = records.get(i)[0];
            ItemRecord record = ItemRecord.open(index.items, token, records.get(i)[1]);
            int ordinal = record.ordinal();
            float[] vector = index.prepare(record.item().vector());
            index.rows.set(ordinal, RowFormat.seal(index.vectors, ordinal, record.item().id(), vector, index.config.precision()));
            loaded.ordinals()[i] = ordinal;
            loaded.sequences()[i] = record.sequence();
            loaded.tokens()[i] = token;
            loaded.metadata()[i] = record.item().metadata();
            loaded.vectors()[i] = vector;
        }
        return loaded;
    }

    /** Places rows in the current layout in parallel chunks (nearest list, then codes). */
    private void addRows(List<Integer> ordinals, List<float[]> vectorsToAdd) {
        int dimension = index.config.dimension();
        int n = ordinals.size();
        List<java.util.concurrent.Future<?>> tasks = new ArrayList<>();
        for (int start = 0; start < n; start += 4096) {
            int from = start;
            int to = Math.min(n, start + 4096);
            tasks.add(index.resources.executor().submit(() -> {
                int[] chunkOrdinals = new int[to - from];
                float[] chunkVectors = new float[(to - from) * dimension];
                for (int i = from; i < to; i++) {
                    chunkOrdinals[i - from] = ordinals.get(i);
                    System.arraycopy(vectorsToAdd.get(i), 0, chunkVectors, (i - from) * dimension, dimension);
                    Arrays.fill(vectorsToAdd.get(i), 0f);
                }
                index.layout.add(index.resources.kernels(), index.config.metric().scoring(), chunkOrdinals, chunkVectors, to - from);
                Arrays.fill(chunkVectors, 0f);
            }));
        }
        for (java.util.concurrent.Future<?> task : tasks) {
            join(task);
        }
    }

    private static <T> T join(java.util.concurrent.Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading an index", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("loading an index failed", e.getCause());
        }
    }

}
