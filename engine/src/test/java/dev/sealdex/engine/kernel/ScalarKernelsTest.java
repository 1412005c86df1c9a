package dev.sealdex.engine.kernel;

/** The scalar reference against the double-precision reference. */
class ScalarKernelsTest extends KernelContractTest {

    @Override
    protected VectorKernels kernels() {
        return ScalarKernels.INSTANCE;
    }
}
