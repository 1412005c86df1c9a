package dev.sealdex.accel.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealdex.engine.kernel.KernelProbe;
import dev.sealdex.engine.kernel.KernelSelection;
import dev.sealdex.engine.kernel.KernelSelector;
import dev.sealdex.engine.kernel.KernelSettings;
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
        assertTrue(GpuRequirements.check(new GpuFacts(13_000, 1, "Tiny", 8, 6, GIB)).orElseThrow().reason()
                .contains("1024 MiB"));
        assertEquals(Optional.empty(), GpuRequirements.check(new GpuFacts(13_010, 1, "NVIDIA H200", 9, 0, 141 * GIB)));
    }

    @Test
    void cudaVersionReadsAsMajorDotMinor() {
        assertEquals("12.4", GpuRequirements.cudaVersion(12_040));
        assertEquals("13.0", GpuRequirements.cudaVersion(13_000));
    }
}
