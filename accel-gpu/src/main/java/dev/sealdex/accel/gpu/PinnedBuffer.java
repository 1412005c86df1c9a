package dev.sealdex.accel.gpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;
import jcuda.Pointer;
import jcuda.driver.JCudaDriver;

/**
 * Page-locked host memory from {@code cuMemAllocHost}: the staging area that lets
 * {@code cuMemcpyHtoDAsync} copy while the CPU decrypts the next block. {@link #close()} zeroes
 * and frees it once.
 */
final class PinnedBuffer extends Owned {

    private final Pointer pointer;
    private final long bytes;
    private final ByteBuffer buffer;
    private final Consumer<PinnedBuffer> releaser;

    /** Wraps host memory already allocated; {@code releaser} frees it (tests pass a fake). */
    PinnedBuffer(Pointer pointer, ByteBuffer buffer, long bytes, Consumer<PinnedBuffer> releaser) {
        this.pointer = pointer;
        this.bytes = bytes;
        this.buffer = buffer;
        this.releaser = releaser;
    }

    /** Allocates {@code bytes} of pinned host memory. */
    static PinnedBuffer allocate(long bytes) {
        Pointer pointer = new Pointer();
        long size = Math.max(1, bytes);
        JCudaDriver.cuMemAllocHost(pointer, size);
        ByteBuffer view = pointer.getByteBuffer(0, size).order(ByteOrder.nativeOrder());
        return new PinnedBuffer(pointer, view, size, PinnedBuffer::wipeAndFree);
    }

    /** The host address for copies. */
    Pointer pointer() {
        checkOpen();
        return pointer;
    }

    /** A native-order view of the whole buffer, positioned at 0. */
    ByteBuffer view() {
        checkOpen();
        return buffer.clear();
    }

    /** Size in bytes. */
    long bytes() {
        return bytes;
    }

    @Override
    protected void release() {
        releaser.accept(this);
    }

    private static void wipeAndFree(PinnedBuffer pinned) {
        ByteBuffer view = pinned.buffer.clear();
        while (view.remaining() >= Long.BYTES) {
            view.putLong(0L);
        }
        while (view.hasRemaining()) {
            view.put((byte) 0);
        }
        JCudaDriver.cuMemFreeHost(pinned.pointer);
    }
}
