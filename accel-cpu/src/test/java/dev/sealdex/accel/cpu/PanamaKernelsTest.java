package dev.sealdex.accel.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealdex.engine.kernel.KernelContractTest;
import dev.sealdex.engine.kernel.KernelProbe;
import dev.sealdex.engine.kernel.KernelSelection;
import dev.sealdex.engine.kernel.KernelSelector;
import dev.sealdex.engine.kernel.KernelSettings;
import dev.sealdex.engine.kernel.VectorKernels;
import org.junit.jupiter.api.Test;

/** The kernel contract, run against the Panama backend. */
class PanamaKernelsTest extends KernelContractTest {

    private static final VectorKernels PANAMA = load();

    private static VectorKernels load() {
        KernelProbe probe = new PanamaKernelsProvider().probe();
        return assertInstanceOf(KernelProbe.Loaded.class, probe, () -> "Panama must load in tests: " + probe)
                .kernels().vectors();
    }

    @Override
    protected VectorKernels kernels() {
        return PANAMA;
    }

    @Test
    void nameCarriesTheVectorWidth() {
        assertTrue(PANAMA.name().matches("panama-(128|256|512)"), PANAMA.name());
    }

    @Test
    void serviceLoaderPicksPanamaOverScalar() {
        KernelSelection selection = new KernelSelector().select(KernelSettings.auto());
        assertEquals("panama", selection.id());
    }
}
