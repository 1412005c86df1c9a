package dev.sealdex.accel.gpu;

import dev.sealdex.engine.kernel.AcceleratorStats;
import dev.sealdex.engine.kernel.BatchSearchKernels;
import dev.sealdex.engine.kernel.BlockHits;
import dev.sealdex.engine.kernel.BlockSource;
import dev.sealdex.engine.kernel.DistanceFunction;
import dev.sealdex.engine.kernel.KernelBackend;
import dev.sealdex.engine.kernel.VectorKernels;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import jcuda.CudaException;

/**
 * The GPU backend's batch search. It provides only {@link BatchSearchKernels}: single-pair
 * kernels and per-block scoring stay with the CPU backend beside it (Panama where it loads),
 * because the GPU pays off only on coarse batches. The batch operations run on the device; a
 * device error is logged, counted, the call is answered by the CPU loops, the device
 * is closed, and it is reopened only after a {@link Backoff}, so a broken GPU costs one
 * failed call per back-off, not one per request. Errors that are not the device's (a block that
 * fails its integrity check while decrypting) pass through unchanged.
 */
public final class GpuKernels implements BatchSearchKernels, AutoCloseable, AcceleratorStats {

    private static final Logger LOG = System.getLogger(GpuKernels.class.getName());

    private final VectorKernels cpu;
    private final BatchSearchKernels fallback;
    private final Supplier<BatchDevice> opener;
    private final Backoff backoff;
    private final String name;
    private final LongAdder fallbacks = new LongAdder();
    private final AtomicBoolean closed = new AtomicBoolean();
    private BatchDevice device;
    private long lastBudget;

    /**
     * Runs batches on {@code device} and everything else on {@code cpu}; after an error,
     * {@code opener} makes a fresh device once {@code backoff} allows.
     */
    GpuKernels(BatchDevice device, Supplier<BatchDevice> opener, VectorKernels cpu, Backoff backoff) {
        this.device = device;
        this.opener = opener;
        this.cpu = cpu;
        this.fallback = BatchSearchKernels.cpu(cpu);
        this.backoff = backoff;
        this.name = "gpu(" + device.describe() + ")+" + cpu.name();
        this.lastBudget = device.budgetBytes();
    }

    /** {@code gpu(<device>)+<cpu backend>}, for logs, metrics and {@code /v1/health}. */
    public String name() {
        return name;
    }

    /** The CPU backend beside the GPU: the single-pair kernels, and the loops of the fallback. */
    public VectorKernels cpu() {
        return cpu;
    }

    /** This batch search beside its CPU kernels, as the provider hands it to the engine. */
    public KernelBackend backend() {
        return new KernelBackend(name, cpu, this);
    }

    @Override
    public BlockHits searchBlocks(DistanceFunction function, List<? extends BlockSource> blocks, int dimension,
                                  float[] queries, int queryCount, int[][] blocksOfQuery, int k) {
        BatchDevice gpu = usableDevice();
        if (gpu != null) {
            try {
                BlockHits hits = gpu.search(function, blocks, dimension, null, null, queries, queryCount,
                        blocksOfQuery, k);
                backoff.succeeded();
                return hits;
            } catch (CudaException e) {
                failed(gpu, "searchBlocks", e);
            }
        }
        return fallback.searchBlocks(function, blocks, dimension, queries, queryCount, blocksOfQuery, k);
    }

    @Override
    public BlockHits searchBlocksSq8(DistanceFunction function, List<? extends BlockSource> blocks, int dimension,
                                     float[] scale, float[] offset, float[] queries, int queryCount,
                                     int[][] blocksOfQuery, int k) {
        BatchDevice gpu = usableDevice();
        if (gpu != null) {
            try {
                BlockHits hits = gpu.search(function, blocks, dimension, scale, offset, queries, queryCount,
                        blocksOfQuery, k);
                backoff.succeeded();
                return hits;
            } catch (CudaException e) {
                failed(gpu, "searchBlocksSq8", e);
            }
        }
        return fallback.searchBlocksSq8(function, blocks, dimension, scale, offset, queries, queryCount, blocksOfQuery,
                k);
    }

    @Override
    public void assignNearest(float[] vectors, int count, int dimension, float[] centroids, int k, int[] outIndex,
                              float[] outDistance) {
        BatchDevice gpu = usableDevice();
        if (gpu != null) {
            try {
                gpu.assign(vectors, count, dimension, centroids, k, outIndex, outDistance);
                backoff.succeeded();
                return;
            } catch (CudaException e) {
                failed(gpu, "assignNearest", e);
            }
        }
        fallback.assignNearest(vectors, count, dimension, centroids, k, outIndex, outDistance);
    }

    @Override
    public boolean acceleratesBatches() {
        return !closed.get() && !backoff.active();
    }

    @Override
    public Optional<AcceleratorStats> acceleratorStats() {
        return Optional.of(this);
    }

    @Override
    public long fallbacks() {
        return fallbacks.sum();
    }

    @Override
    public synchronized long residentBytes() {
        return device == null ? 0 : device.residentBytes();
    }

    @Override
    public synchronized int residentBlocks() {
        return device == null ? 0 : device.residentBlocks();
    }

    @Override
    public synchronized long budgetBytes() {
        return device == null ? lastBudget : device.budgetBytes();
    }

    @Override
    public boolean backingOff() {
        return backoff.active();
    }

    /** Every device byte the backend holds now: resident blocks plus scratch buffers. */
    public synchronized long deviceBytesInUse() {
        return device == null ? 0 : device.bytesInUse();
    }

    /** The open device, reopening it after a back-off; null when the CPU must answer. */
    private synchronized BatchDevice usableDevice() {
        if (closed.get() || backoff.active()) {
            return null;
        }
        if (device == null) {
            try {
                device = opener.get();
                lastBudget = device.budgetBytes();
                LOG.log(Level.INFO, "GPU reopened after its back-off: {0}", device.describe());
            } catch (CudaException e) {
                fallbacks.increment();
                long wait = backoff.failed();
                LOG.log(Level.WARNING, "GPU could not be reopened ({0}); batches stay on the CPU for {1} s",
                        firstLine(e), wait / 1_000_000_000L);
                return null;
            }
        }
        return device;
    }

    private void failed(BatchDevice gpu, String operation, CudaException e) {
        fallbacks.increment();
        long wait = backoff.failed();
        LOG.log(Level.WARNING, "GPU {0} failed ({1}); answered on the CPU, GPU retried in {2} s", operation,
                firstLine(e), wait / 1_000_000_000L);
        synchronized (this) {
            if (device == gpu) {
                device = null;
            }
        }
        // A CUDA error can leave the context unusable: drop it and start fresh after the back-off.
        try {
            gpu.close();
        } catch (RuntimeException closing) {
            LOG.log(Level.DEBUG, "Closing the failed GPU context also failed: {0}", firstLine(closing));
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            BatchDevice open;
            synchronized (this) {
                open = device;
                device = null;
            }
            if (open != null) {
                open.close();
            }
        }
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
