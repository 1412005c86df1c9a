package dev.sealdex.accel.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealdex.engine.kernel.BatchSearchKernels;
import dev.sealdex.engine.kernel.BlockHits;
import dev.sealdex.engine.kernel.BlockKey;
import dev.sealdex.engine.kernel.BlockSource;
import dev.sealdex.engine.kernel.DistanceFunction;
import dev.sealdex.engine.kernel.ScalarKernels;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A device error is counted, answered on the CPU, and the GPU is retried only after the back-off. */
class GpuFallbackTest {

    private final AtomicLong now = new AtomicLong();
    private final FakeDevice broken = new FakeDevice(true);
    private final FakeDevice healthy = new FakeDevice(false);
    private final AtomicInteger opens = new AtomicInteger();
    private final GpuKernels kernels = new GpuKernels(broken, () -> {
        opens.incrementAndGet();
        return healthy;
    }, ScalarKernels.INSTANCE, new Backoff(now::get));

    private static BlockSource block(int rows, int dimension) {
        float[] data = new float[rows * dimension];
        for (int i = 0; i < data.length; i++) {
            data[i] = (i * 37 % 11) - 5;
        }
        return new BlockSource() {
            @Override
            public BlockKey key() {
                return new BlockKey(9, rows, 0);
            }

            @Override
            public int rowCount() {
                return rows;
            }

            @Override
            public void decryptInto(float[] out, int[] ids) {
                System.arraycopy(data, 0, out, 0, data.length);
                for (int r = 0; r < rows; r++) {
                    ids[r] = 100 + r;
                }
            }
        };
    }

    @Test
    void aDeviceErrorIsAnsweredOnTheCpuCountedAndBackedOff() {
        List<BlockSource> blocks = List.of(block(7, 4), block(3, 4));
        float[] queries = {1, 2, 3, 4, -1, 0, 2, 1};
        BlockHits expected = BatchSearchKernels.cpu(ScalarKernels.INSTANCE).searchBlocks(DistanceFunction.SQUARED_L2,
                blocks, 4, queries, 2, null, 5);
        assertTrue(kernels.acceleratesBatches());

        BlockHits hits = kernels.searchBlocks(DistanceFunction.SQUARED_L2, blocks, 4, queries, 2, null, 5);
        assertArrayEquals(expected.ids(), hits.ids(), "the CPU answered in the GPU's place");
        assertArrayEquals(expected.distances(), hits.distances());
        assertEquals(1, kernels.fallbacks());
        assertEquals(1, broken.closes.get(), "the failed context is dropped");
        assertFalse(kernels.acceleratesBatches(), "engine callers take their CPU path during the back-off");
        assertTrue(kernels.backingOff());

        // During the back-off the device is not touched again.
        kernels.searchBlocks(DistanceFunction.SQUARED_L2, blocks, 4, queries, 2, null, 5);
        kernels.assignNearest(queries, 2, 4, queries, 2, new int[2], new float[2]);
        assertEquals(1, broken.calls.get());
        assertEquals(0, opens.get());
        assertEquals(1, kernels.fallbacks(), "calls skipped during the back-off are not failures");

        now.addAndGet(Backoff.FIRST_DELAY_NANOS);
        assertTrue(kernels.acceleratesBatches());
        hits = kernels.searchBlocks(DistanceFunction.SQUARED_L2, blocks, 4, queries, 2, null, 5);
        assertEquals(1, opens.get(), "the device is reopened after the back-off");
        assertEquals(1, healthy.calls.get());
        assertArrayEquals(expected.ids(), hits.ids());
        assertFalse(kernels.backingOff());
    }

    @Test
    void errorsThatAreNotTheDevicesPassThrough() {
        FakeDevice device = new FakeDevice(false);
        GpuKernels gpu = new GpuKernels(device, () -> device, ScalarKernels.INSTANCE, new Backoff(now::get));
        BlockSource tampered = new BlockSource() {
            @Override
            public BlockKey key() {
                return new BlockKey(1, 1, 1);
            }

            @Override
            public int rowCount() {
                return 1;
            }

            @Override
            public void decryptInto(float[] rows, int[] ids) {
                throw new IllegalStateException("GCM tag mismatch");
            }
        };
        assertThrows(IllegalStateException.class, () -> gpu.searchBlocks(DistanceFunction.NEGATIVE_DOT,
                List.of(tampered), 2, new float[] {1, 2}, 1, null, 1));
        assertEquals(0, gpu.fallbacks());
        assertTrue(gpu.acceleratesBatches());
    }

    @Test
    void closeIsIdempotentAndStopsAcceleration() {
        FakeDevice device = new FakeDevice(false);
        GpuKernels gpu = new GpuKernels(device, () -> device, ScalarKernels.INSTANCE, new Backoff(now::get));
        assertTrue(gpu.name().startsWith("gpu(fake)+scalar"), gpu.name());
        assertSame(gpu, gpu.acceleratorStats().orElseThrow());
        gpu.close();
        gpu.close();
        assertEquals(1, device.closes.get());
        assertFalse(gpu.acceleratesBatches());
        int[] index = new int[1];
        gpu.assignNearest(new float[] {1, 1}, 1, 2, new float[] {0, 0, 1, 1}, 2, index, new float[1]);
        assertEquals(1, index[0], "a closed backend still answers, on the CPU");
        assertEquals(0, device.calls.get());
    }
}
