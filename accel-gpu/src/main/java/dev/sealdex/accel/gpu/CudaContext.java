package dev.sealdex.accel.gpu;

import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.JCudaDriver;

/**
 * A CUDA context on one device, and the thread binding every call into it needs: device work
 * runs inside {@link #enter()} ... {@link Entered#close()}, which pushes and pops the context on
 * the calling thread (request threads vary).
 */
final class CudaContext extends Owned {

    private final CUcontext context;

    private CudaContext(CUcontext context) {
        this.context = context;
    }

    /** Creates a context on {@code device}; it is not left current on the calling thread. */
    static CudaContext create(CUdevice device) {
        CUcontext context = new CUcontext();
        JCudaDriver.cuCtxCreate(context, 0, device);
        JCudaDriver.cuCtxPopCurrent(new CUcontext());
        return new CudaContext(context);
    }

    /** Makes the context current on this thread until the returned scope closes. */
    Entered enter() {
        checkOpen();
        JCudaDriver.cuCtxPushCurrent(context);
        return new Entered();
    }

    /** The scope of one {@link #enter()}. */
    final class Entered implements AutoCloseable {
        private boolean popped;

        @Override
        public void close() {
            if (!popped) {
                popped = true;
                JCudaDriver.cuCtxPopCurrent(new CUcontext());
            }
        }
    }

    @Override
    protected void release() {
        JCudaDriver.cuCtxDestroy(context);
    }
}
