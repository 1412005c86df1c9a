package dev.sealdex.bench.gpu;

import dev.sealdex.accel.cpu.PanamaKernelsProvider;
import dev.sealdex.accel.gpu.GpuKernels;
import dev.sealdex.accel.gpu.GpuKernelsProvider;
import dev.sealdex.engine.kernel.AcceleratorStats;
import dev.sealdex.engine.kernel.KernelBackend;
import dev.sealdex.engine.kernel.KernelProbe;
import dev.sealdex.engine.kernel.VectorKernels;

/**
 * The backend in the GPU's seat: the real GPU backend, loaded through its provider's probe, or in
 * a dry run the Panama kernels, so that the whole check can run (and the bundle be proven) on a
 * machine without a GPU. A dry run's figures are never GPU figures.
 */
record Accelerator(KernelBackend kernels, boolean dryRun) implements AutoCloseable {

    /** The GPU could not be loaded; the message is the probe's reason and fix. */
    static final class UnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnavailableException(String message) {
            super(message);
        }
    }

    /** The GPU backend; throws {@link UnavailableException} with the probe's reason when it does not load. */
    static Accelerator gpu() {
        return switch (new GpuKernelsProvider().probe()) {
            case KernelProbe.Loaded loaded -> new Accelerator(loaded.kernels(), false);
            case KernelProbe.Unavailable unavailable -> throw new UnavailableException(
                    "GPU backend " + unavailable.describe() + "; " + unavailable.fix());
        };
    }

    /** Panama in the GPU's seat, for a dry run. */
    static Accelerator panamaStandIn() {
        return new Accelerator(KernelBackend.cpu(panama()), true);
    }

    /** The Panama kernels, the CPU path the GPU is compared with; throws with the probe's reason if they do not load. */
    static VectorKernels panama() {
        return switch (new PanamaKernelsProvider().probe()) {
            case KernelProbe.Loaded loaded -> loaded.kernels().vectors();
            case KernelProbe.Unavailable unavailable -> throw new IllegalStateException(
                    "Panama kernels " + unavailable.describe() + "; " + unavailable.fix());
        };
    }

    /** Batch calls the GPU answered from the CPU after a device error (0 in a dry run). */
    long fallbacks() {
        return kernels.acceleratorStats().map(AcceleratorStats::fallbacks).orElse(0L);
    }

    /** Bytes of resident blocks on the device (0 in a dry run). */
    long residentBytes() {
        return kernels.acceleratorStats().map(AcceleratorStats::residentBytes).orElse(0L);
    }

    /** Blocks resident on the device (0 in a dry run). */
    int residentBlocks() {
        return kernels.acceleratorStats().map(AcceleratorStats::residentBlocks).orElse(0);
    }

    /** Every device byte the GPU backend holds (0 in a dry run). */
    long backendBytes() {
        return kernels.batches() instanceof GpuKernels gpu ? gpu.deviceBytesInUse() : 0;
    }

    /** What sits in the GPU's seat, for the table's title. */
    String label() {
        return dryRun ? "DRY RUN, NOT A GPU RESULT: Panama (" + kernels.name() + ") in the GPU's place" : kernels.name();
    }

    @Override
    public void close() {
        if (kernels.batches() instanceof GpuKernels gpu) {
            gpu.close();
        }
    }
}
