package dev.sealdex.accel.gpu;

import dev.sealdex.engine.kernel.KernelProbe;
import java.util.Optional;

/**
 * The checks a GPU must pass before Sealdex uses it, as a pure function of {@link GpuFacts} so
 * each reason can be tested on a machine without a GPU.
 */
final class GpuRequirements {

    /** PTX from nvcc 13 needs a CUDA 13 driver, which is NVIDIA's R580 branch or newer. */
    static final int MIN_DRIVER_VERSION = 13_000;
    /** Turing (7.5) is the oldest architecture CUDA 13 targets; the PTX is built for compute_75. */
    static final int MIN_COMPUTE_MAJOR = 7;
    static final int MIN_COMPUTE_MINOR = 5;
    /** Below 2 GiB there is no room for resident blocks beside the driver's own reservation. */
    static final long MIN_MEMORY_BYTES = 2L << 30;

    private GpuRequirements() {
    }

    /** The first unmet requirement, or empty when the device can be used. */
    static Optional<KernelProbe.Unavailable> check(GpuFacts facts) {
        if (facts.driverVersion() < MIN_DRIVER_VERSION) {
            return Optional.of(new KernelProbe.Unavailable("the NVIDIA driver supports CUDA "
                    + cudaVersion(facts.driverVersion()) + ", but Sealdex's PTX is built with nvcc 13 and needs "
                    + "CUDA 13.0 (driver R580 or newer)", "upgrade the NVIDIA driver to R580 or newer"));
        }
        if (facts.deviceCount() == 0) {
            return Optional.of(new KernelProbe.Unavailable("the CUDA driver reports no GPU device",
                    "check nvidia-smi and CUDA_VISIBLE_DEVICES"));
        }
        if (facts.computeMajor() < MIN_COMPUTE_MAJOR
                || facts.computeMajor() == MIN_COMPUTE_MAJOR && facts.computeMinor() < MIN_COMPUTE_MINOR) {
            return Optional.of(new KernelProbe.Unavailable("the GPU " + facts.deviceName() + " has compute capability "
                    + facts.computeMajor() + "." + facts.computeMinor() + ", below the 7.5 that CUDA 13 and "
                    + "Sealdex's compute_75 PTX support", "run on a Turing (7.5) or newer GPU"));
        }
        if (facts.totalMemoryBytes() < MIN_MEMORY_BYTES) {
            return Optional.of(new KernelProbe.Unavailable("the GPU " + facts.deviceName() + " has only "
                    + (facts.totalMemoryBytes() >> 20) + " MiB of memory, below the 2048 MiB Sealdex needs",
                    "run on a GPU with more memory"));
        }
        return Optional.empty();
    }

    /** 12040 reads as "12.4". */
    static String cudaVersion(int driverVersion) {
        return (driverVersion / 1000) + "." + (driverVersion % 1000) / 10;
    }
}
