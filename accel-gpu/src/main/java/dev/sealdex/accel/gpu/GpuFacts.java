package dev.sealdex.accel.gpu;

/**
 * What the CUDA driver reported about the first device, before any kernel is loaded.
 *
 * @param driverVersion     {@code cuDriverGetVersion}, e.g. 13000 for CUDA 13.0
 * @param deviceCount       number of CUDA devices
 * @param deviceName        the first device's name
 * @param computeMajor      compute capability, major part
 * @param computeMinor      compute capability, minor part
 * @param totalMemoryBytes  the first device's memory
 */
record GpuFacts(int driverVersion, int deviceCount, String deviceName, int computeMajor, int computeMinor,
                long totalMemoryBytes) {
}
