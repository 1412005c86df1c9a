package dev.sealdex.api.metrics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealdex.engine.db.TrainingStatus;
import dev.sealdex.engine.kernel.AcceleratorStats;
import dev.sealdex.engine.kernel.BatchSearchKernels;
import dev.sealdex.engine.kernel.KernelBackend;
import dev.sealdex.engine.kernel.KernelSelection;
import dev.sealdex.engine.kernel.ScalarKernels;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The GPU backend's own fallback count and resident memory reach {@code /observe/metrics}. */
class GpuMetricsTest {

    private static final TrainingStatus IDLE = new TrainingStatus(null, List.of(), 0, true, null, 0, 0, 0, 0);

    private static KernelBackend gpuWith(AcceleratorStats stats) {
        BatchSearchKernels batches = (BatchSearchKernels) Proxy.newProxyInstance(
                GpuMetricsTest.class.getClassLoader(), new Class<?>[] {BatchSearchKernels.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "acceleratorStats" -> Optional.of(stats);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return new KernelBackend("gpu(fake)+scalar", ScalarKernels.INSTANCE, batches);
    }

    @Test
    void backendFallbacksAndResidentMemoryAreExported() {
        AcceleratorStats stats = new AcceleratorStats() {
            @Override
            public long fallbacks() {
                return 3;
            }

            @Override
            public long residentBytes() {
                return 4096;
            }

            @Override
            public int residentBlocks() {
                return 2;
            }

            @Override
            public long budgetBytes() {
                return 1 << 20;
            }

            @Override
            public boolean backingOff() {
                return true;
            }
        };
        ApiMetrics metrics = new ApiMetrics();
        metrics.gpuFallback();
        String text = metrics.render(new KernelSelection("gpu", gpuWith(stats), Map.of()), "memory", "test", IDLE, 0);
        assertTrue(text.contains("sealdex_gpu_fallbacks_total 4\n"), text);
        assertTrue(text.contains("sealdex_gpu_resident_bytes 4096\n"), text);
        assertTrue(text.contains("sealdex_gpu_resident_blocks 2\n"), text);
        assertTrue(text.contains("sealdex_gpu_memory_budget_bytes 1048576\n"), text);
        assertTrue(text.contains("sealdex_gpu_backing_off 1\n"), text);
    }

    @Test
    void cpuBackendsExportNoResidentGauges() {
        KernelSelection scalar = new KernelSelection("scalar", KernelBackend.cpu(ScalarKernels.INSTANCE), Map.of());
        String text = new ApiMetrics().render(scalar, "memory", "test", IDLE, 0);
        assertTrue(text.contains("sealdex_gpu_fallbacks_total 0\n"), text);
        assertFalse(text.contains("sealdex_gpu_resident_bytes"), text);
    }
}
