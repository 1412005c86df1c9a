package dev.sealdex.bench.ann;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for the harness's own parallel tasks, with their failures rethrown unwrapped. */
final class Parallel {

    private Parallel() {
    }

    /** Waits for every task; rethrows the first failure. */
    static void joinAll(List<? extends Future<?>> tasks) {
        for (Future<?> task : tasks) {
            join(task);
        }
    }

    /** The task's result; its failure rethrown as an unchecked exception. */
    static <T> T join(Future<T> task) {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
