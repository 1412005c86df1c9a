package dev.sealdex.accel.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealdex.engine.kernel.KernelProbe;
import dev.sealdex.engine.kernel.KernelSelection;
import dev.sealdex.engine.kernel.KernelSelector;
import dev.sealdex.engine.kernel.KernelSettings;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.sealdex.engine.kernel.KernelSelectionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GpuProbeTest {

    private static final long GIB = 1L << 30;

    @Test
    void probeNeverThrowsAndExplainsItself() {
        KernelProbe probe = new GpuKernelsProvider().probe();
        // On a machine without the NVIDIA driver (every CI run) the probe must say so.
        if (probe instanceof KernelProbe.Unavailable unavailable) {
            assertTrue(unavailable.describe().startsWith("unavailable: "), unavailable.describe());
            assertFalse(unavailable.fix().isBlank());
        }
    }

    @Test
    void autoSelectionRecordsTheGpuReason() {
        KernelSelection selection = new KernelSelector().select(KernelSettings.auto());
        if (!selection.id().equals("gpu")) {
            assertTrue(selection.rejected().get("gpu").startsWith("unavailable: "), selection.rejected().toString());
        }
    }

    @Test
    void oldDriverIsNamedWithTheVersionItNeeds() {
        Optional<KernelProbe.Unavailable> unmet =
                GpuRequirements.check(new GpuFacts(12_040, 1, "NVIDIA A100", 8, 0, 40 * GIB));
        assertTrue(unmet.isPresent());
        assertTrue(unmet.get().reason().contains("CUDA 12.4"), unmet.get().reason());
        assertTrue(unmet.get().reason().contains("R580"), unmet.get().reason());
    }

    @Test
    void noDeviceLowComputeCapabilityAndLowMemoryAreReasons() {
        assertTrue(GpuRequirements.check(new GpuFacts(13_000, 0, "none", 0, 0, 0)).orElseThrow().reason()
                .contains("no GPU device"));
        assertTrue(GpuRequirements.check(new GpuFacts(13_000, 1, "Tesla P100", 6, 0, 16 * GIB)).orElseThrow()
                .reason().contains("compute capability 6.0"));
        assertTrue(GpuRequirements.check(new GpuFacts(13_000, 1, "Tesla V100", 7, 0, 16 * GIB)).orElseThrow()
                .reason().contains("below the 7.5"), "CUDA 13 dropped Volta");
        assertEquals(Optional.empty(), GpuRequirements.check(new GpuFacts(13_000, 1, "Tesla T4", 7, 5, 16 * GIB)));
        assertTrue(GpuRequirements.check(new GpuFacts(13_000, 1, "Tiny", 8, 6, GIB)).orElseThrow().reason()
                .contains("1024 MiB"));
        assertEquals(Optional.empty(), GpuRequirements.check(new GpuFacts(13_010, 1, "NVIDIA H200", 9, 0, 141 * GIB)));
    }

    /** No NVIDIA device nodes means no driver: the probe must say JCuda cannot load, not crash. */
    private static void assumeNoNvidiaDriver() {
        assumeFalse(Files.exists(Path.of("/dev/nvidiactl")), "this machine has the NVIDIA driver");
    }

    @Test
    void withoutTheDriverTheReasonIsThatJcudaCannotLoad() {
        assumeNoNvidiaDriver();
        KernelProbe probe = new GpuKernelsProvider().probe();
        KernelProbe.Unavailable unavailable = (KernelProbe.Unavailable) probe;
        assertTrue(unavailable.describe().startsWith("unavailable: JCuda's native library cannot load"),
                unavailable.describe());
        assertTrue(unavailable.fix().contains("R580"), unavailable.fix());
    }

    @Test
    void forcedGpuFailsStartUpWithTheReason() {
        assumeNoNvidiaDriver();
        KernelSelectionException e = assertThrows(KernelSelectionException.class, () -> new KernelSelector()
                .select(KernelSettings.fromEnvironment(Map.of("SEALDEX_KERNELS", "gpu"))));
        assertTrue(e.getMessage().contains("SEALDEX_KERNELS=gpu"), e.getMessage());
        assertTrue(e.getMessage().contains("JCuda's native library cannot load"), e.getMessage());
    }

    @Test
    void autoFallsBackToPanamaAndKeepsTheGpuReason() {
        assumeNoNvidiaDriver();
        KernelSelection selection = new KernelSelector().select(KernelSettings.fromEnvironment(
                Map.of("GPU_OPERATIONS", "all")));
        assertEquals("panama", selection.id());
        assertTrue(selection.rejected().get("gpu").startsWith("unavailable: JCuda's native library cannot load"),
                selection.rejected().toString());
    }

    @Test
    void theGpuWrapsTheBestCpuBackend() {
        assertTrue(GpuKernelsProvider.cpuBackend().name().startsWith("panama"), GpuKernelsProvider.cpuBackend().name());
    }

    @Test
    void thePtxIsOnTheClassPath() {
        String ptx = new String(CudaModule.ptx(), java.nio.charset.StandardCharsets.US_ASCII);
        for (String kernel : new String[] {"score_f32_topk", "score_sq8_topk", "topk_merge", "assign_nearest"}) {
            assertTrue(ptx.contains(".entry " + kernel + "("), kernel);
        }
    }

    @Test
    void cudaVersionReadsAsMajorDotMinor() {
        assertEquals("12.4", GpuRequirements.cudaVersion(12_040));
        assertEquals("13.0", GpuRequirements.cudaVersion(13_000));
    }
}
