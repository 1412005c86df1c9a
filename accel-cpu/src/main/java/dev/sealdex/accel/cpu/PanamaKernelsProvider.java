package dev.sealdex.accel.cpu;

import dev.sealdex.engine.kernel.KernelBackendProvider;
import dev.sealdex.engine.kernel.KernelProbe;

/**
 * Loads {@link PanamaKernels} when the Vector API is usable: the incubator module is resolved
 * and the CPU has at least 128-bit float vectors.
 */
public final class PanamaKernelsProvider implements KernelBackendProvider {

    /** ServiceLoader constructor. */
    public PanamaKernelsProvider() {
    }

    @Override
    public String id() {
        return "panama";
    }

    @Override
    public int preference() {
        return 200;
    }

    @Override
    public KernelProbe probe() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return KernelProbe.unavailable("the jdk.incubator.vector module is not enabled",
                    "start the JVM with --add-modules jdk.incubator.vector (./sealdex does)");
        }
        try {
            int bits = PanamaKernels.FLOATS.vectorBitSize();
            if (bits < 128) {
                return KernelProbe.unavailable("the CPU offers only " + bits + "-bit float vectors",
                        "run on a CPU with SSE4, AVX2, AVX-512 or NEON");
            }
            return KernelProbe.loaded(new PanamaKernels());
        } catch (LinkageError e) {
            return KernelProbe.unavailable("the Vector API failed to initialise (" + e + ")",
                    "run on JDK 25 with --add-modules jdk.incubator.vector");
        }
    }
}
