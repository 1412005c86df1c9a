package dev.sealdex.engine.index;

import dev.sealdex.engine.crypto.IndexKeys;
import dev.sealdex.engine.crypto.NonceSequence;
import dev.sealdex.engine.kernel.Kernels;
import dev.sealdex.engine.kernel.ScalarKernels;
import dev.sealdex.engine.model.EngineResources;
import dev.sealdex.engine.model.IndexConfig;
import dev.sealdex.engine.model.Item;
import dev.sealdex.engine.store.Durability;
import dev.sealdex.engine.store.MemoryStore;
import dev.sealdex.engine.store.Store;
import dev.sealdex.engine.store.WriteBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Builds indexes over a memory store with fixed keys, and seeded clustered data. */
public final class IndexFixture implements AutoCloseable {

    static final byte[] INDEX_ID = "fixture-index-01".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    final Store store = new MemoryStore();
    final ExecutorService executor = Executors.newFixedThreadPool(2);
    final EngineResources resources;

    public IndexFixture() {
        this(new Kernels(ScalarKernels.INSTANCE));
    }

    /** Builds indexes that score with {@code kernels}. */
    public IndexFixture(Kernels kernels) {
        resources = new EngineResources(kernels, executor, 2);
    }

    public static IndexKeys keys() {
        byte[] dek = new byte[32];
        for (int i = 0; i < dek.length; i++) {
            dek[i] = (byte) (7 * i + 1);
        }
        return new IndexKeys(dek, INDEX_ID, new NonceSequence(0, limit -> { }));
    }

    public VectorIndex create(IndexConfig config) {
        WriteBatch batch = new WriteBatch();
        VectorIndex index = VectorIndex.create("fixture", INDEX_ID, config, keys(), store, resources, batch);
        store.write(batch, Durability.SYNC);
        return index;
    }

    public VectorIndex reopen() {
        return VectorIndex.open("fixture", INDEX_ID, keys(), store, resources);
    }

    /** {@code n} vectors around {@code clusters} seeded centres, row-major. */
    public static float[] clustered(int n, int dimension, int clusters, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] centres = new float[clusters * dimension];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (float) (random.nextDouble() * 20 - 10);
        }
        float[] data = new float[n * dimension];
        for (int r = 0; r < n; r++) {
            int c = random.nextInt(clusters);
            for (int i = 0; i < dimension; i++) {
                data[r * dimension + i] = centres[c * dimension + i] + (float) gaussian(random);
            }
        }
        return data;
    }

    static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    public static List<Item> items(float[] data, int dimension, int from, int to) {
        List<Item> items = new ArrayList<>();
        for (int r = from; r < to; r++) {
            float[] v = java.util.Arrays.copyOfRange(data, r * dimension, (r + 1) * dimension);
            items.add(new Item("id-" + r, v, "{\"row\":" + r + "}", "contents " + r));
        }
        return items;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        store.close();
    }
}
