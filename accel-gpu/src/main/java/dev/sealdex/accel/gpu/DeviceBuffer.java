package dev.sealdex.accel.gpu;

import java.util.function.Consumer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.JCudaDriver;

/** Device memory from {@code cuMemAlloc}; {@link #close()} zeroes it, then frees it, once. */
final class DeviceBuffer extends Owned {

    private final CUdeviceptr pointer;
    private final long address;
    private final long bytes;
    private final Consumer<DeviceBuffer> releaser;

    /** Wraps memory already allocated at {@code address}; {@code releaser} frees it (tests pass a fake). */
    DeviceBuffer(CUdeviceptr pointer, long address, long bytes, Consumer<DeviceBuffer> releaser) {
        this.pointer = pointer;
        this.address = address;
        this.bytes = bytes;
        this.releaser = releaser;
    }

    /** Allocates {@code bytes} (at least one) in the current context. */
    static DeviceBuffer allocate(long bytes) {
        AddressedPointer pointer = new AddressedPointer();
        long size = Math.max(1, bytes);
        JCudaDriver.cuMemAlloc(pointer, size);
        return new DeviceBuffer(pointer, pointer.address(), size, DeviceBuffer::wipeAndFree);
    }

    /** The raw device address, for the work items that kernels read pointers from. */
    long address() {
        checkOpen();
        return address;
    }

    /** A device pointer whose raw address JCuda keeps protected; work items need it as a number. */
    private static final class AddressedPointer extends CUdeviceptr {
        long address() {
            return getNativePointer();
        }
    }

    /** The device address; valid until {@link #close()}. */
    CUdeviceptr pointer() {
        checkOpen();
        return pointer;
    }

    /** The device address {@code offset} bytes in. */
    CUdeviceptr at(long offset) {
        checkOpen();
        return pointer.withByteOffset(offset);
    }

    /** Size in bytes. */
    long bytes() {
        return bytes;
    }

    @Override
    protected void release() {
        releaser.accept(this);
    }

    // Resident blocks hold decrypted rows: zero them before the memory goes back to the driver.
    private static void wipeAndFree(DeviceBuffer buffer) {
        try {
            JCudaDriver.cuMemsetD8(buffer.pointer, (byte) 0, buffer.bytes);
        } finally {
            JCudaDriver.cuMemFree(buffer.pointer);
        }
    }
}
