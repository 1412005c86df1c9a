package dev.sealdex.accel.gpu;

import dev.sealdex.engine.kernel.BatchSearchKernels;
import dev.sealdex.engine.kernel.KernelContractTest;
import dev.sealdex.engine.kernel.ScalarKernels;
import dev.sealdex.engine.kernel.VectorKernels;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The GPU backend with a device that fails every call, and keeps failing when reopened: every
 * answer comes from the CPU fallback, and must still meet the whole contract.
 */
class GpuFallbackContractTest extends KernelContractTest {

    /** Every reading of the clock is past any back-off, so each call tries (and fails on) the device. */
    private static final java.util.function.LongSupplier CLOCK = new java.util.function.LongSupplier() {
        private final AtomicLong now = new AtomicLong();

        @Override
        public long getAsLong() {
            return now.addAndGet(Backoff.MAX_DELAY_NANOS + 1);
        }
    };

    private final GpuKernels kernels = new GpuKernels(new FakeDevice(true), () -> new FakeDevice(true),
            GpuKernelsProvider.cpuBackend(), new Backoff(CLOCK));

    @Override
    protected VectorKernels kernels() {
        return kernels.cpu();
    }

    @Override
    protected BatchSearchKernels batches() {
        return kernels;
    }

    static {
        // The fallback must not be the reference itself, or the contract would compare it with itself.
        if (GpuKernelsProvider.cpuBackend() == ScalarKernels.INSTANCE) {
            throw new IllegalStateException("accel-cpu is a test dependency: Panama should load here");
        }
    }
}
