package dev.sealdex.engine.kernel;

/** The always-available scalar backend, last in line. */
public final class ScalarKernelsProvider implements KernelBackendProvider {

    /** ServiceLoader constructor. */
    public ScalarKernelsProvider() {
    }

    @Override
    public String id() {
        return "scalar";
    }

    @Override
    public int preference() {
        return 0;
    }

    @Override
    public KernelProbe probe() {
        return KernelProbe.loaded(ScalarKernels.INSTANCE);
    }
}
