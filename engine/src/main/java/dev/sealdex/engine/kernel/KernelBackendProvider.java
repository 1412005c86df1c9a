package dev.sealdex.engine.kernel;

/**
 * A kernel backend that {@link KernelSelector} finds with {@link java.util.ServiceLoader}.
 * Backend modules list their provider in
 * {@code META-INF/services/dev.sealdex.engine.kernel.KernelBackendProvider}.
 */
public interface KernelBackendProvider {

    /** The backend's id as {@code SEALDEX_KERNELS} spells it: {@code gpu}, {@code panama} or {@code scalar}. */
    String id();

    /** Higher is tried first in {@code auto} mode: GPU, then Panama, then scalar. */
    int preference();

    /** Tries to load the backend. Never throws for a missing library, device or flag. */
    KernelProbe probe();
}
