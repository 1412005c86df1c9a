package dev.sealdex.engine.kernel;

import java.util.Objects;
import java.util.Optional;

/**
 * What a loaded backend provides: the pairwise and block-scoring kernels, and the batch search.
 * A CPU backend provides only the former and gets the CPU batch loops built on them
 * ({@link #cpu}); an accelerator provides its own batch search beside a CPU backend's kernels.
 *
 * @param name    a short name for logs, metrics and {@code /v1/health}, such as {@code panama-256}
 * @param vectors the pairwise and block-scoring kernels
 * @param batches the batch search and k-means assignment
 */
public record KernelBackend(String name, VectorKernels vectors, BatchSearchKernels batches) {

    /** Checks that every part is there. */
    public KernelBackend {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(vectors, "vectors");
        Objects.requireNonNull(batches, "batches");
    }

    /** A CPU backend: {@code vectors}, with the batch loops built on them. */
    public static KernelBackend cpu(VectorKernels vectors) {
        return new KernelBackend(vectors.name(), vectors, BatchSearchKernels.cpu(vectors));
    }

    /** The accelerator's counters, or empty when the batch search runs on the CPU. */
    public Optional<AcceleratorStats> acceleratorStats() {
        return batches.acceleratorStats();
    }
}
