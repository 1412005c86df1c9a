package dev.sealdex.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KernelSelectorTest {

    private static KernelBackendProvider provider(String id, int preference, KernelProbe probe) {
        return new KernelBackendProvider() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public int preference() {
                return preference;
            }

            @Override
            public KernelProbe probe() {
                return probe;
            }
        };
    }

    private static final KernelBackendProvider NO_GPU =
            provider("gpu", 300, KernelProbe.unavailable("no CUDA driver (libcuda.so.1 not found)", "install R580+"));
    private static final KernelBackendProvider NO_PANAMA =
            provider("panama", 200, KernelProbe.unavailable("jdk.incubator.vector is not enabled",
                    "pass --add-modules jdk.incubator.vector"));

    @Test
    void autoFallsBackToScalarAndRecordsEveryReason() {
        KernelSelector selector = new KernelSelector(List.of(new ScalarKernelsProvider(), NO_PANAMA, NO_GPU));
        KernelSelection selection = selector.select(KernelSettings.auto());
        assertEquals("scalar", selection.id());
        assertSame(ScalarKernels.INSTANCE, selection.kernels().vectors());
        assertEquals(List.of("gpu", "panama"), List.copyOf(selection.rejected().keySet()));
        assertEquals("unavailable: no CUDA driver (libcuda.so.1 not found)", selection.rejected().get("gpu"));
    }

    @Test
    void autoPrefersHigherPreference() {
        VectorKernels fake = ScalarKernels.INSTANCE;
        KernelSelector selector = new KernelSelector(
                List.of(new ScalarKernelsProvider(), provider("panama", 200, KernelProbe.loaded(fake)), NO_GPU));
        assertEquals("panama", selector.select(KernelSettings.auto()).id());
    }

    @Test
    void gpuIsSkippedWhenGpuOperationsExcludeQueries() {
        KernelSelector selector = new KernelSelector(List.of(new ScalarKernelsProvider(),
                provider("gpu", 300, KernelProbe.loaded(ScalarKernels.INSTANCE))));
        KernelSelection selection = selector.select(new KernelSettings("auto", Optional.empty(), false));
        assertEquals("scalar", selection.id());
        assertTrue(selection.rejected().get("gpu").contains("GPU_OPERATIONS"), selection.rejected().toString());
    }

    @Test
    void gpuIsKeptWhenGpuOperationsAllowOnlyTraining() {
        KernelSelector selector = new KernelSelector(List.of(new ScalarKernelsProvider(),
                provider("gpu", 300, KernelProbe.loaded(ScalarKernels.INSTANCE))));
        KernelSelection selection = selector.select(
                new KernelSettings("auto", Optional.empty(), new GpuOperations(false, true, false)));
        assertEquals("gpu", selection.id());
    }

    @Test
    void forcedGpuDefaultsToEveryOperationAndAlwaysAllowsQueries() {
        assertEquals(GpuOperations.ALL, KernelSettings.fromEnvironment(Map.of("SEALDEX_KERNELS", "gpu")).gpuOperations());
        assertEquals(new GpuOperations(false, true, true), KernelSettings.fromEnvironment(
                Map.of("SEALDEX_KERNELS", "gpu", "GPU_OPERATIONS", "train")).gpuOperations());
        assertEquals(new GpuOperations(false, true, false), KernelSettings.fromEnvironment(
                Map.of("GPU_OPERATIONS", "train")).gpuOperations());
    }

    @Test
    void kernelsOffloadOnlyWhatGpuOperationsAllowAndOnlyToAnAccelerator() {
        BatchSearchKernels cpu = BatchSearchKernels.cpu(ScalarKernels.INSTANCE);
        BatchSearchKernels batches = new BatchSearchKernels() {
            @Override
            public boolean acceleratesBatches() {
                return true;
            }

            @Override
            public BlockHits searchBlocks(DistanceFunction f, List<? extends BlockSource> blocks, int d,
                                          float[] queries, int qc, int[][] plan, int k) {
                return cpu.searchBlocks(f, blocks, d, queries, qc, plan, k);
            }

            @Override
            public BlockHits searchBlocksSq8(DistanceFunction f, List<? extends BlockSource> blocks, int d,
                                             float[] scale, float[] offset, float[] queries, int qc, int[][] plan,
                                             int k) {
                return cpu.searchBlocksSq8(f, blocks, d, scale, offset, queries, qc, plan, k);
            }

            @Override
            public void assignNearest(float[] vectors, int count, int d, float[] centroids, int k, int[] index,
                                      float[] distance) {
                cpu.assignNearest(vectors, count, d, centroids, k, index, distance);
            }
        };
        KernelBackend accelerated = new KernelBackend("fake-accelerator", ScalarKernels.INSTANCE, batches);
        Kernels trainOnly = new Kernels(accelerated, new GpuOperations(false, true, false));
        assertTrue(trainOnly.offloadsTraining());
        assertEquals(false, trainOnly.offloadsQueries());
        assertTrue(new Kernels(accelerated).offloadsQueries());
        assertEquals(false, new Kernels(ScalarKernels.INSTANCE).offloadsTraining());
        assertEquals(false, new Kernels(ScalarKernels.INSTANCE).offloadsQueries());
        assertThrows(IllegalArgumentException.class, () -> new Kernels(ScalarKernels.INSTANCE).searchBlocks(
                DistanceFunction.SQUARED_L2, List.of(), 4, new float[4], 1, null, Kernels.MAX_BATCH_K + 1));
        assertThrows(IndexOutOfBoundsException.class, () -> new Kernels(ScalarKernels.INSTANCE).searchBlocks(
                DistanceFunction.SQUARED_L2, List.of(), 4, new float[4], 1, new int[][] {{0}}, 1));
    }

    @Test
    void forcedBackendThatCannotLoadIsAStartupError() {
        KernelSelector selector = new KernelSelector(List.of(new ScalarKernelsProvider(), NO_GPU));
        KernelSelectionException e = assertThrows(KernelSelectionException.class,
                () -> selector.select(new KernelSettings("gpu", Optional.empty(), true)));
        assertTrue(e.getMessage().contains("SEALDEX_KERNELS=gpu"), e.getMessage());
        assertTrue(e.getMessage().contains("no CUDA driver"), e.getMessage());
    }

    @Test
    void forcedBackendMissingFromClassPathIsAStartupError() {
        KernelSelector selector = new KernelSelector(List.of(new ScalarKernelsProvider()));
        assertThrows(KernelSelectionException.class,
                () -> selector.select(new KernelSettings("panama", Optional.empty(), true)));
    }

    @Test
    void requiredBackendNotChosenFailsWithItsReason() {
        KernelSelector selector = new KernelSelector(List.of(new ScalarKernelsProvider(), NO_PANAMA));
        KernelSelectionException e = assertThrows(KernelSelectionException.class,
                () -> selector.select(new KernelSettings("auto", Optional.of("panama"), true)));
        assertTrue(e.getMessage().contains("jdk.incubator.vector"), e.getMessage());
    }

    @Test
    void settingsParseTheEnvironment() {
        KernelSettings settings = KernelSettings.fromEnvironment(
                Map.of("SEALDEX_KERNELS", " Panama ", "SEALDEX_KERNELS_REQUIRE", "panama", "GPU_OPERATIONS", "train"));
        assertEquals("panama", settings.mode());
        assertEquals(Optional.of("panama"), settings.required());
        assertEquals(false, settings.gpuQueries());
        assertEquals("auto", KernelSettings.fromEnvironment(Map.of()).mode());
        assertThrows(IllegalArgumentException.class,
                () -> KernelSettings.fromEnvironment(Map.of("SEALDEX_KERNELS", "fast")));
        assertThrows(IllegalArgumentException.class,
                () -> KernelSettings.fromEnvironment(Map.of("SEALDEX_KERNELS_REQUIRE", "auto")));
    }

    @Test
    void gpuOperationsParse() {
        assertEquals(GpuOperations.NONE, GpuOperations.parse(null));
        assertEquals(GpuOperations.NONE, GpuOperations.parse("none"));
        assertEquals(GpuOperations.ALL, GpuOperations.parse("all"));
        assertEquals(new GpuOperations(true, true, false), GpuOperations.parse("upsert, TRAIN"));
        assertEquals(new GpuOperations(false, false, true), GpuOperations.parse("query"));
        assertThrows(IllegalArgumentException.class, () -> GpuOperations.parse("upsert,gpu"));
        assertThrows(IllegalArgumentException.class, () -> GpuOperations.parse("none,train"));
    }

    @Test
    void warmupRunsEveryKernel() {
        assertTrue(Double.isFinite(KernelWarmup.warm(ScalarKernels.INSTANCE)));
    }
}
