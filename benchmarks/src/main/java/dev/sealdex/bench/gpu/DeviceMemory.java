package dev.sealdex.bench.gpu;

import java.util.Optional;
import jcuda.CudaException;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.JCudaDriver;

/**
 * Device-wide memory use from {@code cuMemGetInfo}, read through device 0's primary context
 * (pushed and popped around each read, so it never stays current on a thread the GPU backend
 * uses). Unlike the backend's own accounting, it also sees allocations the backend forgot to count.
 */
final class DeviceMemory implements AutoCloseable {

    private final CUdevice device;
    private final CUcontext context;
    private boolean closed;

    private DeviceMemory(CUdevice device, CUcontext context) {
        this.device = device;
        this.context = context;
    }

    /** Retains device 0's primary context, or empty where there is no usable driver or device. */
    static Optional<DeviceMemory> open() {
        try {
            JCudaDriver.setExceptionsEnabled(true);
            JCudaDriver.cuInit(0);
            CUdevice device = new CUdevice();
            JCudaDriver.cuDeviceGet(device, 0);
            CUcontext context = new CUcontext();
            JCudaDriver.cuDevicePrimaryCtxRetain(context, device);
            return Optional.of(new DeviceMemory(device, context));
        } catch (CudaException | LinkageError e) {
            return Optional.empty();
        }
    }

    /** Total minus free device memory now, in bytes. */
    synchronized long usedBytes() {
        if (closed) {
            throw new IllegalStateException("device memory reader is closed");
        }
        long[] free = new long[1];
        long[] total = new long[1];
        JCudaDriver.cuCtxPushCurrent(context);
        try {
            JCudaDriver.cuMemGetInfo(free, total);
        } finally {
            JCudaDriver.cuCtxPopCurrent(new CUcontext());
        }
        return total[0] - free[0];
    }

    /** Releases the primary context; safe to call twice. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            JCudaDriver.cuDevicePrimaryCtxRelease(device);
        }
    }
}
