package dev.sealdex.accel.gpu;

import dev.sealdex.engine.kernel.KernelBackendProvider;
import dev.sealdex.engine.kernel.KernelProbe;
import java.util.Optional;
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
        return KernelProbe.unavailable("found " + facts.deviceName() + ", but this build has no GPU kernels yet",
                "use a build that includes the CUDA kernels");
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
