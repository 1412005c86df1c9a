package dev.sealdex.accel.gpu;

import dev.sealdex.engine.kernel.KernelBackendProvider;
import dev.sealdex.engine.kernel.KernelProbe;
import dev.sealdex.engine.kernel.ScalarKernels;
import dev.sealdex.engine.kernel.VectorKernels;
import java.util.Comparator;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import jcuda.CudaException;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.JCudaDriver;

/**
 * The GPU backend's provider. Every reason the GPU cannot be used becomes
 * {@code unavailable: <reason>}; nothing here throws for a missing driver or device.
 */
public final class GpuKernelsProvider implements KernelBackendProvider {

    /** ServiceLoader constructor. */
    public GpuKernelsProvider() {
    }

    @Override
    public String id() {
        return "gpu";
    }

    @Override
    public int preference() {
        return 300;
    }

    @Override
    public KernelProbe probe() {
        GpuFacts facts;
        try {
            facts = readFacts();
        } catch (LinkageError e) {
            // JCuda's JNI library links against libcuda.so.1, which only the NVIDIA driver installs.
            return KernelProbe.unavailable("JCuda's native library cannot load, so there is no usable NVIDIA driver ("
                    + firstLine(e) + ")", "install the NVIDIA driver R580 or newer on a GPU node");
        } catch (CudaException e) {
            return KernelProbe.unavailable("the CUDA driver failed to initialise (" + firstLine(e) + ")",
                    "check nvidia-smi, the driver installation and CUDA_VISIBLE_DEVICES");
        }
        Optional<KernelProbe.Unavailable> unmet = GpuRequirements.check(facts);
        if (unmet.isPresent()) {
            return unmet.get();
        }
        String budget = System.getenv("SEALDEX_GPU_MEMORY_BUDGET");
        try {
            MemoryBudget.resolve(budget, facts.totalMemoryBytes());
        } catch (IllegalArgumentException e) {
            return KernelProbe.unavailable(e.getMessage(), "fix SEALDEX_GPU_MEMORY_BUDGET or unset it");
        }
        String name = facts.deviceName();
        BatchDevice device;
        try {
            device = CudaDevice.open(name, budget);
        } catch (CudaException e) {
            // The usual cause is a driver that cannot JIT this PTX version; say which driver it was.
            return KernelProbe.unavailable("the CUDA kernels did not load on " + name + " (" + firstLine(e)
                    + "; driver supports CUDA " + GpuRequirements.cudaVersion(facts.driverVersion()) + ")",
                    "use NVIDIA driver R580 or newer, or rebuild the PTX with native/build-ptx.sh for this driver");
        }
        return KernelProbe.loaded(new GpuKernels(device, () -> CudaDevice.open(name, budget), cpuBackend(),
                new Backoff(System::nanoTime)).backend());
    }

    /** The best CPU backend on the class path (Panama where it loads), for everything but the batches. */
    static VectorKernels cpuBackend() {
        return ServiceLoader.load(KernelBackendProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(provider -> !provider.id().equals("gpu"))
                .sorted(Comparator.comparingInt(KernelBackendProvider::preference).reversed())
                .map(KernelBackendProvider::probe)
                .flatMap(probe -> probe instanceof KernelProbe.Loaded loaded
                        ? Stream.of(loaded.kernels().vectors()) : Stream.empty())
                .findFirst()
                .orElse(ScalarKernels.INSTANCE);
    }

    private static GpuFacts readFacts() {
        JCudaDriver.setExceptionsEnabled(true);
        JCudaDriver.cuInit(0);
        int[] value = new int[1];
        JCudaDriver.cuDriverGetVersion(value);
        int driverVersion = value[0];
        JCudaDriver.cuDeviceGetCount(value);
        int count = value[0];
        if (count == 0) {
            return new GpuFacts(driverVersion, 0, "none", 0, 0, 0);
        }
        CUdevice device = new CUdevice();
        JCudaDriver.cuDeviceGet(device, 0);
        byte[] name = new byte[256];
        JCudaDriver.cuDeviceGetName(name, name.length, device);
        JCudaDriver.cuDeviceGetAttribute(value, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR,
                device);
        int major = value[0];
        JCudaDriver.cuDeviceGetAttribute(value, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR,
                device);
        int minor = value[0];
        long[] memory = new long[1];
        JCudaDriver.cuDeviceTotalMem(memory, device);
        return new GpuFacts(driverVersion, count, cString(name), major, minor, memory[0]);
    }

    private static String cString(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
