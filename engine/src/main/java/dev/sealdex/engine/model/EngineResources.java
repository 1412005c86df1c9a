package dev.sealdex.engine.model;

import dev.sealdex.engine.kernel.Kernels;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * What every index shares: the kernels, the pool of CPU workers ({@code CPU_THREADS}) that scans
 * lists and runs k-means, and how many of them a single search may use.
 *
 * @param kernels  the kernel front
 * @param executor platform threads for scans and training
 * @param workers  parallel tasks per search or training step
 */
public record EngineResources(Kernels kernels, ExecutorService executor, int workers) {

    /**
     * Waits for {@code task}, one part of {@code work} (e.g. "search") submitted to the executor:
     * returns its result, or rethrows its runtime exception as is; anything else (an interrupt, a
     * checked failure) becomes an {@link IllegalStateException} naming {@code work}.
     */
    public static <T> T join(Future<T> task, String work) {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + work, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(work + " task failed", e.getCause());
        }
    }
}
