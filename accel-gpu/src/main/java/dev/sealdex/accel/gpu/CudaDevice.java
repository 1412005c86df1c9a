package dev.sealdex.accel.gpu;

import dev.sealdex.engine.kernel.BlockHits;
import dev.sealdex.engine.kernel.BlockKey;
import dev.sealdex.engine.kernel.BlockSource;
import dev.sealdex.engine.kernel.DistanceFunction;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import jcuda.Pointer;
import jcuda.driver.CUdevice;
import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;
import jcuda.driver.CUfunction;
import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;
import jcuda.driver.JCudaDriver;

/**
 * One GPU running the batch operations: a context, the module, one stream, resident blocks in an
 * LRU cache within the budget, grow-only scratch buffers and two pinned staging buffers. Calls are
 * serialised; each binds the context to the calling thread for its duration.
 *
 * <p>Uploads overlap: while the DMA engine copies block i from one pinned buffer, the CPU decrypts
 * block i+1 into the other. Kernels follow on the same stream, so they start once the copies end.
 */
final class CudaDevice extends Owned implements BatchDevice {

    private static final int THREADS = 256;
    private static final long ALIGN = 256;
    /** Vectors per assignment launch: bounds the scratch at 256 MiB for 128-d vectors. */
    private static final int ASSIGN_CHUNK = 1 << 19;

    private final String name;
    private final CudaContext context;
    private final CudaModule module;
    private final CUstream stream = new CUstream();
    private final CUevent[] staged = {new CUevent(), new CUevent()};
    private final PinnedBuffer[] staging = new PinnedBuffer[2];
    private final DeviceBuffer[] scratch = new DeviceBuffer[Slot.values().length];
    private final ResidentCache<DeviceBuffer> resident;
    private final ReentrantLock lock = new ReentrantLock();
    private int uploads;

    /** Scratch buffers, one per role, grown on demand. */
    private enum Slot { QUERIES, SCALE, OFFSET, ITEMS, DIST_A, ID_A, DIST_B, ID_B, STARTS, LENGTHS, OUT_STARTS,
        VECTORS, CENTROIDS, INDEX, DISTANCE }

    private CudaDevice(String name, CudaContext context, CudaModule module, long budget) {
        this.name = name;
        this.context = context;
        this.module = module;
        this.resident = new ResidentCache<>(budget, DeviceBuffer::close);
    }

    /**
     * Opens device 0: creates the context, JIT-loads the module and sizes the budget from
     * {@code budgetSetting} ({@code SEALDEX_GPU_MEMORY_BUDGET}) and the free memory.
     */
    static CudaDevice open(String name, String budgetSetting) {
        CUdevice device = new CUdevice();
        JCudaDriver.cuDeviceGet(device, 0);
        CudaContext context = CudaContext.create(device);
        try (CudaContext.Entered _ = context.enter()) {
            CudaModule module = CudaModule.load();
            long[] free = new long[1];
            JCudaDriver.cuMemGetInfo(free, new long[1]);
            CudaDevice opened = new CudaDevice(name, context, module, MemoryBudget.resolve(budgetSetting, free[0]));
            JCudaDriver.cuStreamCreate(opened.stream, CUstream_flags.CU_STREAM_DEFAULT);
            for (CUevent event : opened.staged) {
                JCudaDriver.cuEventCreate(event, CUevent_flags.CU_EVENT_DISABLE_TIMING);
            }
            return opened;
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    @Override
    public BlockHits search(DistanceFunction function, List<? extends BlockSource> blocks, int dimension,
                            float[] scale, float[] offset, float[] queries, int queryCount, int[][] blocksOfQuery,
                            int k) {
        lock.lock();
        try (CudaContext.Entered _ = enter()) {
            boolean sq8 = scale != null;
            long rowBytes = (sq8 ? 1L : Float.BYTES) * dimension;
            int[][] plan = blocksOfQuery != null ? blocksOfQuery : everyBlock(queryCount, blocks.size());
            boolean[] used = new boolean[blocks.size()];
            for (int[] scanned : plan) {
                for (int b : scanned) {
                    used[b] = true;
                }
            }
            upload(Slot.QUERIES, Pointer.to(queries), (long) queryCount * dimension * Float.BYTES);
            if (sq8) {
                upload(Slot.SCALE, Pointer.to(scale), (long) dimension * Float.BYTES);
                upload(Slot.OFFSET, Pointer.to(offset), (long) dimension * Float.BYTES);
            }
            HostBlocks host = new HostBlocks(sq8, dimension, blocks);
            try {
                BlockHits result = null;
                int next = 0;
                // Rounds: as many blocks as the budget holds at once (normally all of them).
                while (next < blocks.size()) {
                    Set<BlockKey> pinned = new HashSet<>();
                    long[] rows = new long[blocks.size()];
                    long[] ids = new long[blocks.size()];
                    int[] counts = new int[blocks.size()];
                    boolean[] inRound = new boolean[blocks.size()];
                    java.util.List<DeviceBuffer> transients = new java.util.ArrayList<>();
                    for (; next < blocks.size(); next++) {
                        BlockSource block = blocks.get(next);
                        if (!used[next] || block.rowCount() == 0) {
                            continue;
                        }
                        long idsOffset = align(block.rowCount() * rowBytes);
                        long size = idsOffset + block.rowCount() * (long) Integer.BYTES;
                        DeviceBuffer buffer = resident.get(block.key());
                        if (buffer == null) {
                            boolean fits = resident.makeRoom(size, pinned);
                            if (!fits && !pinned.isEmpty()) {
                                break;
                            }
                            buffer = DeviceBuffer.allocate(size);
                            stage(host, block, buffer, idsOffset);
                            if (fits) {
                                resident.put(block.key(), buffer, size);
                            } else {
                                transients.add(buffer);
                            }
                        }
                        pinned.add(block.key());
                        rows[next] = buffer.address();
                        ids[next] = buffer.address() + idsOffset;
                        counts[next] = block.rowCount();
                        inRound[next] = true;
                        if (!transients.isEmpty()) {
                            next++;
                            break;
                        }
                    }
                    BlockHits round = runRound(function, sq8, dimension, queryCount,
                            SearchPlan.of(restrict(plan, inRound), rows, ids, counts, rowBytes, k), k);
                    JCudaDriver.cuStreamSynchronize(stream);
                    transients.forEach(DeviceBuffer::close);
                    result = result == null ? round : HitMerge.merge(result, round);
                }
                return result != null ? result : HitMerge.empty(queryCount, k);
            } finally {
                host.wipe();
                wipeStaging();
            }
        } finally {
            lock.unlock();
        }
    }

    private BlockHits runRound(DistanceFunction function, boolean sq8, int dimension, int queryCount, SearchPlan plan,
                               int k) {
        int[] lengths = plan.segmentLength;
        if (plan.itemCount > 0) {
            ByteBuffer items = plan.items;
            DeviceBuffer itemBuffer = ensure(Slot.ITEMS, items.remaining());
            JCudaDriver.cuMemcpyHtoD(itemBuffer.pointer(), Pointer.to(items), items.remaining());
            DeviceBuffer dist = ensure(Slot.DIST_A, (long) plan.candidates * Float.BYTES);
            DeviceBuffer id = ensure(Slot.ID_A, (long) plan.candidates * Integer.BYTES);
            int code = function.ordinal();
            Pointer params = sq8
                    ? Pointer.to(Pointer.to(itemBuffer.pointer()), Pointer.to(new int[] {code}),
                            Pointer.to(new int[] {dimension}), Pointer.to(scratch(Slot.QUERIES)),
                            Pointer.to(scratch(Slot.SCALE)), Pointer.to(scratch(Slot.OFFSET)),
                            Pointer.to(new int[] {k}), Pointer.to(dist.pointer()), Pointer.to(id.pointer()))
                    : Pointer.to(Pointer.to(itemBuffer.pointer()), Pointer.to(new int[] {code}),
                            Pointer.to(new int[] {dimension}), Pointer.to(scratch(Slot.QUERIES)),
                            Pointer.to(new int[] {k}), Pointer.to(dist.pointer()), Pointer.to(id.pointer()));
            launch(sq8 ? module.scoreSq8 : module.scoreF32, plan.itemCount, 1, params);
        }
        // Merge passes, ping-pong between A and B, until each query's segment is one sorted chunk.
        boolean inA = true;
        int[] starts = plan.segmentStart;
        int longest = SearchPlan.longest(lengths);
        if (longest > 0) {
            ensure(Slot.DIST_B, (long) plan.candidates * Float.BYTES);
            ensure(Slot.ID_B, (long) plan.candidates * Integer.BYTES);
        }
        while (longest > 0) {
            int[] nextLengths = SearchPlan.afterMerge(lengths, k);
            int[] nextStarts = SearchPlan.starts(nextLengths);
            upload(Slot.STARTS, Pointer.to(starts), (long) queryCount * Integer.BYTES);
            upload(Slot.LENGTHS, Pointer.to(lengths), (long) queryCount * Integer.BYTES);
            upload(Slot.OUT_STARTS, Pointer.to(nextStarts), (long) queryCount * Integer.BYTES);
            Pointer params = Pointer.to(Pointer.to(scratch(inA ? Slot.DIST_A : Slot.DIST_B)),
                    Pointer.to(scratch(inA ? Slot.ID_A : Slot.ID_B)), Pointer.to(scratch(Slot.STARTS)),
                    Pointer.to(scratch(Slot.LENGTHS)), Pointer.to(scratch(Slot.OUT_STARTS)), Pointer.to(new int[] {k}),
                    Pointer.to(scratch(inA ? Slot.DIST_B : Slot.DIST_A)),
                    Pointer.to(scratch(inA ? Slot.ID_B : Slot.ID_A)));
            launch(module.merge, (longest + SearchPlan.TILE - 1) / SearchPlan.TILE, queryCount, params);
            // Uploads of the next pass's small arrays must not overwrite these before the pass reads them.
            JCudaDriver.cuStreamSynchronize(stream);
            inA = !inA;
            boolean done = longest <= SearchPlan.TILE;
            lengths = nextLengths;
            starts = nextStarts;
            longest = done ? 0 : SearchPlan.longest(lengths);
        }
        int total = Arrays.stream(lengths).sum();
        float[] distances = new float[Math.max(1, total)];
        int[] ids = new int[Math.max(1, total)];
        if (total > 0) {
            JCudaDriver.cuMemcpyDtoH(Pointer.to(distances), scratch(inA ? Slot.DIST_A : Slot.DIST_B),
                    (long) total * Float.BYTES);
            JCudaDriver.cuMemcpyDtoH(Pointer.to(ids), scratch(inA ? Slot.ID_A : Slot.ID_B),
                    (long) total * Integer.BYTES);
        }
        return HitMerge.fromSegments(queryCount, k, starts, lengths, ids, distances);
    }

    @Override
    public void assign(float[] vectors, int count, int dimension, float[] centroids, int k, int[] outIndex,
                       float[] outDistance) {
        lock.lock();
        try (CudaContext.Entered _ = enter()) {
            upload(Slot.CENTROIDS, Pointer.to(centroids), (long) k * dimension * Float.BYTES);
            for (int start = 0; start < count; start += ASSIGN_CHUNK) {
                int n = Math.min(ASSIGN_CHUNK, count - start);
                long vectorBytes = (long) n * dimension * Float.BYTES;
                upload(Slot.VECTORS, Pointer.to(vectors).withByteOffset((long) start * dimension * Float.BYTES),
                        vectorBytes);
                DeviceBuffer index = ensure(Slot.INDEX, (long) n * Integer.BYTES);
                DeviceBuffer distance = ensure(Slot.DISTANCE, (long) n * Float.BYTES);
                Pointer params = Pointer.to(Pointer.to(scratch(Slot.VECTORS)), Pointer.to(new int[] {n}),
                        Pointer.to(new int[] {dimension}), Pointer.to(scratch(Slot.CENTROIDS)), Pointer.to(new int[] {k}),
                        Pointer.to(index.pointer()), Pointer.to(distance.pointer()));
                launch(module.assign, (n + 63) / 64, 1, params);
                JCudaDriver.cuStreamSynchronize(stream);
                JCudaDriver.cuMemcpyDtoH(Pointer.to(outIndex).withByteOffset((long) start * Integer.BYTES),
                        index.pointer(), (long) n * Integer.BYTES);
                JCudaDriver.cuMemcpyDtoH(Pointer.to(outDistance).withByteOffset((long) start * Float.BYTES),
                        distance.pointer(), (long) n * Float.BYTES);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Binds the context; a device closed by another thread's error reads as a device error. */
    private CudaContext.Entered enter() {
        if (isClosed()) {
            throw new jcuda.CudaException("the GPU context was closed after an error");
        }
        return context.enter();
    }

    /** Decrypts {@code block} on the CPU into the next pinned buffer and starts its copy to {@code target}. */
    private void stage(HostBlocks host, BlockSource block, DeviceBuffer target, long idsOffset) {
        int s = uploads++ & 1;
        long bytes = target.bytes();
        JCudaDriver.cuEventSynchronize(staged[s]);
        if (staging[s] == null || staging[s].bytes() < bytes) {
            if (staging[s] != null) {
                staging[s].close();
            }
            staging[s] = PinnedBuffer.allocate(Math.max(bytes, 64 * 1024));
        }
        host.decrypt(block, staging[s].view(), idsOffset);
        JCudaDriver.cuMemcpyHtoDAsync(target.pointer(), staging[s].pointer(), bytes, stream);
        JCudaDriver.cuEventRecord(staged[s], stream);
    }

    /** Zeroes the pinned staging buffers: they held decrypted blocks on their way to the device. */
    private void wipeStaging() {
        for (int s = 0; s < staging.length; s++) {
            if (staging[s] != null) {
                try {
                    JCudaDriver.cuEventSynchronize(staged[s]);
                } finally {
                    ByteBuffer view = staging[s].view();
                    while (view.remaining() >= Long.BYTES) {
                        view.putLong(0L);
                    }
                }
            }
        }
    }

    private void launch(CUfunction function, int gridX, int gridY, Pointer params) {
        JCudaDriver.cuLaunchKernel(function, gridX, gridY, 1, THREADS, 1, 1, 0, stream, params, null);
    }

    private void upload(Slot slot, Pointer source, long bytes) {
        DeviceBuffer buffer = ensure(slot, bytes);
        JCudaDriver.cuStreamSynchronize(stream);
        JCudaDriver.cuMemcpyHtoD(buffer.pointer(), source, bytes);
    }

    private jcuda.driver.CUdeviceptr scratch(Slot slot) {
        return scratch[slot.ordinal()].pointer();
    }

    /** The scratch buffer for {@code slot}, at least {@code bytes} long (grown by half again to limit churn). */
    private DeviceBuffer ensure(Slot slot, long bytes) {
        DeviceBuffer buffer = scratch[slot.ordinal()];
        if (buffer == null || buffer.bytes() < bytes) {
            JCudaDriver.cuStreamSynchronize(stream);
            if (buffer != null) {
                buffer.close();
            }
            buffer = DeviceBuffer.allocate(Math.max(bytes + bytes / 2, 4096));
            scratch[slot.ordinal()] = buffer;
        }
        return buffer;
    }

    private static long align(long bytes) {
        return (bytes + ALIGN - 1) / ALIGN * ALIGN;
    }

    private static int[][] everyBlock(int queryCount, int blockCount) {
        int[] all = new int[blockCount];
        Arrays.setAll(all, i -> i);
        int[][] plan = new int[queryCount][];
        Arrays.fill(plan, all);
        return plan;
    }

    private static int[][] restrict(int[][] plan, boolean[] inRound) {
        int[][] restricted = new int[plan.length][];
        for (int q = 0; q < plan.length; q++) {
            restricted[q] = Arrays.stream(plan[q]).filter(b -> inRound[b]).toArray();
        }
        return restricted;
    }

    @Override
    public long residentBytes() {
        return resident.bytes();
    }

    @Override
    public int residentBlocks() {
        return resident.size();
    }

    @Override
    public long budgetBytes() {
        return resident.budget();
    }

    @Override
    public long bytesInUse() {
        long total = resident.bytes();
        for (DeviceBuffer buffer : scratch) {
            total += buffer == null ? 0 : buffer.bytes();
        }
        return total;
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    protected void release() {
        lock.lock();
        try (CudaContext.Entered _ = context.enter()) {
            resident.clear();
            for (DeviceBuffer buffer : scratch) {
                if (buffer != null) {
                    buffer.close();
                }
            }
            for (PinnedBuffer buffer : staging) {
                if (buffer != null) {
                    buffer.close();
                }
            }
            module.close();
        } finally {
            context.close();
            lock.unlock();
        }
    }
}
