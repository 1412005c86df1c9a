package dev.sealdex.accel.gpu;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.JCudaDriver;

/** The Sealdex kernels, JIT-compiled by the driver from the PTX that {@code native} commits. */
final class CudaModule extends Owned {

    /** Where {@code native} puts the PTX on the class path. */
    static final String PTX_RESOURCE = "/dev/sealdex/cuda/sealdex_kernels.ptx";

    private final CUmodule module;
    final CUfunction scoreF32;
    final CUfunction scoreSq8;
    final CUfunction merge;
    final CUfunction assign;

    private CudaModule(CUmodule module) {
        this.module = module;
        this.scoreF32 = function(module, "score_f32_topk");
        this.scoreSq8 = function(module, "score_sq8_topk");
        this.merge = function(module, "topk_merge");
        this.assign = function(module, "assign_nearest");
    }

    /** Loads the PTX into the current context; a driver that cannot JIT it throws {@code CudaException}. */
    static CudaModule load() {
        byte[] ptx = ptx();
        CUmodule module = new CUmodule();
        JCudaDriver.cuModuleLoadData(module, Arrays.copyOf(ptx, ptx.length + 1));
        try {
            return new CudaModule(module);
        } catch (RuntimeException e) {
            JCudaDriver.cuModuleUnload(module);
            throw e;
        }
    }

    /** The PTX bytes; a jar without them is a packaging bug, not an unavailable GPU. */
    static byte[] ptx() {
        try (InputStream in = CudaModule.class.getResourceAsStream(PTX_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(PTX_RESOURCE + " is missing from the class path: sealdex-native "
                        + "must be packaged with accel-gpu");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CUfunction function(CUmodule module, String name) {
        CUfunction function = new CUfunction();
        JCudaDriver.cuModuleGetFunction(function, module, name);
        return function;
    }

    @Override
    protected void release() {
        JCudaDriver.cuModuleUnload(module);
    }
}
