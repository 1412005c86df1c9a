package dev.sealdex.engine.model;

import dev.sealdex.engine.kernel.Kernels;
import java.util.concurrent.ExecutorService;

/**
 * What every index shares: the kernels, the pool of CPU workers ({@code CPU_THREADS}) that scans
 * lists and runs k-means, and how many of them a single search may use.
 *
 * @param kernels  the kernel front
 * @param executor platform threads for scans and training
 * @param workers  parallel tasks per search or training step
 */
public record EngineResources(Kernels kernels, ExecutorService executor, int workers) {
}
