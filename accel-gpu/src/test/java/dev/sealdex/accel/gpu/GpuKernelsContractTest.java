package dev.sealdex.accel.gpu;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sealdex.engine.kernel.BatchSearchKernels;
import dev.sealdex.engine.kernel.KernelContractTest;
import dev.sealdex.engine.kernel.KernelProbe;
import dev.sealdex.engine.kernel.VectorKernels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The kernel contract on the real GPU; without one every test is skipped with the probe's reason. */
class GpuKernelsContractTest extends KernelContractTest {

    private static KernelProbe probe;

    @BeforeAll
    static void loadTheGpu() {
        probe = new GpuKernelsProvider().probe();
    }

    /** Per test, so that each one is reported skipped with the reason (a class-level skip is silent). */
    @BeforeEach
    void requireTheGpu() {
        assumeTrue(probe instanceof KernelProbe.Loaded,
                () -> "GPU backend " + ((KernelProbe.Unavailable) probe).describe());
    }

    @AfterAll
    static void closeTheGpu() {
        if (probe instanceof KernelProbe.Loaded loaded && loaded.kernels().batches() instanceof GpuKernels gpu) {
            gpu.close();
        }
    }

    @Override
    protected VectorKernels kernels() {
        return ((KernelProbe.Loaded) probe).kernels().vectors();
    }

    @Override
    protected BatchSearchKernels batches() {
        return ((KernelProbe.Loaded) probe).kernels().batches();
    }
}
