package dev.sealdex.accel.gpu;

import dev.sealdex.engine.kernel.BatchSearchKernels;
import dev.sealdex.engine.kernel.BlockHits;
import dev.sealdex.engine.kernel.BlockSource;
import dev.sealdex.engine.kernel.DistanceFunction;
import dev.sealdex.engine.kernel.ScalarKernels;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import jcuda.CudaException;

/** A device without CUDA: answers with the scalar reference, or fails like a broken GPU. */
final class FakeDevice implements BatchDevice {

    private static final BatchSearchKernels SCALAR = BatchSearchKernels.cpu(ScalarKernels.INSTANCE);

    volatile boolean failing;
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger closes = new AtomicInteger();

    FakeDevice(boolean failing) {
        this.failing = failing;
    }

    @Override
    public BlockHits search(DistanceFunction function, List<? extends BlockSource> blocks, int dimension,
                            float[] scale, float[] offset, float[] queries, int queryCount, int[][] blocksOfQuery,
                            int k) {
        enter();
        return scale == null
                ? SCALAR.searchBlocks(function, blocks, dimension, queries, queryCount, blocksOfQuery, k)
                : SCALAR.searchBlocksSq8(function, blocks, dimension, scale, offset, queries,
                        queryCount, blocksOfQuery, k);
    }

    @Override
    public void assign(float[] vectors, int count, int dimension, float[] centroids, int k, int[] outIndex,
                       float[] outDistance) {
        enter();
        SCALAR.assignNearest(vectors, count, dimension, centroids, k, outIndex, outDistance);
    }

    private void enter() {
        calls.incrementAndGet();
        if (failing) {
            throw new CudaException("CUDA_ERROR_ILLEGAL_ADDRESS (fake)");
        }
    }

    @Override
    public long residentBytes() {
        return 0;
    }

    @Override
    public int residentBlocks() {
        return 0;
    }

    @Override
    public long budgetBytes() {
        return 1 << 20;
    }

    @Override
    public long bytesInUse() {
        return 0;
    }

    @Override
    public String describe() {
        return "fake";
    }

    @Override
    public void close() {
        closes.incrementAndGet();
    }
}
