package dev.sealdex.bench.gpu;

import java.util.Locale;

/**
 * The "no device memory growth" judgement: two samples taken after a warm-up that made every block
 * resident and grew every scratch buffer, with the measured queries between them. The backend's
 * own accounting must not grow beyond {@code backendBound}; the device-wide use that
 * {@code cuMemGetInfo} reports (which also sees allocations the backend does not count) may move
 * by the driver's allocation granularity, so it gets {@code deviceBound}.
 */
final class MemoryGrowth {

    /** Where the check allows no growth at all in the backend's accounting. */
    static final long BACKEND_BOUND = 0;
    /** 32 MiB: a handful of the driver's 2 MiB allocation pages, far below one leaked block per query. */
    static final long DEVICE_BOUND = 32L << 20;

    private MemoryGrowth() {
    }

    /**
     * One sample.
     *
     * @param backendBytes    everything the GPU backend allocated ({@code GpuKernels.deviceBytesInUse})
     * @param residentBytes   bytes of resident blocks ({@code AcceleratorStats.residentBytes})
     * @param deviceUsedBytes total minus free device memory from {@code cuMemGetInfo}, or -1 when unknown
     */
    record Sample(long backendBytes, long residentBytes, long deviceUsedBytes) {
    }

    /** The outcome and a one-line account of it. */
    record Verdict(boolean passed, String detail) {
    }

    /** Judges the growth from {@code before} to {@code after}. */
    static Verdict judge(Sample before, Sample after, long backendBound, long deviceBound) {
        long backend = after.backendBytes() - before.backendBytes();
        long resident = after.residentBytes() - before.residentBytes();
        boolean deviceKnown = before.deviceUsedBytes() >= 0 && after.deviceUsedBytes() >= 0;
        long device = deviceKnown ? after.deviceUsedBytes() - before.deviceUsedBytes() : 0;
        boolean passed = backend <= backendBound && resident <= backendBound && (!deviceKnown || device <= deviceBound);
        String detail = String.format(Locale.ROOT, "backend %s, resident %s, device %s", signedMib(backend),
                signedMib(resident), deviceKnown ? signedMib(device) + " (cuMemGetInfo)" : "not measured");
        return new Verdict(passed, detail);
    }

    /** {@code bytes} as signed MiB with two decimals ({@code +0.00 MiB}). */
    static String signedMib(long bytes) {
        return String.format(Locale.ROOT, "%+.2f MiB", bytes / (double) (1L << 20));
    }
}
