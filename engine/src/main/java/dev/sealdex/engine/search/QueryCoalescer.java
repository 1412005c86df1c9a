package dev.sealdex.engine.search;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Coalesces concurrent queries on one index into batches that share one pass over each block.
 * The first caller to find no batch running becomes the leader: it drains everything queued and
 * runs it as one batch, then repeats while more arrived meanwhile. A lone query runs at once on
 * its own thread, so batching adds no latency when the index is idle.
 */
public final class QueryCoalescer<Q, R> {

    /** Largest batch one pass takes; later arrivals wait for the next pass. */
    static final int MAX_BATCH = 256;

    private record Pending<Q, R>(List<Q> queries, CompletableFuture<List<R>> result) {
    }

    private final ConcurrentLinkedQueue<Pending<Q, R>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final Function<List<Q>, List<R>> executor;

    /** Runs batches with {@code executor}, which answers a list of queries in order. */
    public QueryCoalescer(Function<List<Q>, List<R>> executor) {
        this.executor = executor;
    }

    /** Runs {@code queries} (one request's batch, kept together) and returns their answers in order. */
    public List<R> run(List<Q> queries) {
        CompletableFuture<List<R>> result = new CompletableFuture<>();
        queue.add(new Pending<>(queries, result));
        while (!result.isDone()) {
            if (running.compareAndSet(false, true)) {
                // Lead: drain, and drain again if something arrived between the last poll and the
                // release, so no query waits for a leader that has gone.
                do {
                    try {
                        drain();
                    } finally {
                        running.set(false);
                    }
                } while (!queue.isEmpty() && running.compareAndSet(false, true));
                continue;
            }
            try {
                // Follow: a leader is running and will take this query in its next pass.
                return result.get(1, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // Check again whether the leader finished without taking it.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a query batch", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw rethrow(e.getCause());
            }
        }
        try {
            return result.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw rethrow(e.getCause());
        }
    }

    private void drain() {
        Pending<Q, R> next;
        while ((next = queue.poll()) != null) {
            List<Pending<Q, R>> batch = new ArrayList<>();
            List<Q> all = new ArrayList<>(next.queries());
            batch.add(next);
            Pending<Q, R> more;
            while (all.size() < MAX_BATCH && (more = queue.peek()) != null
                    && all.size() + more.queries().size() <= MAX_BATCH) {
                queue.poll();
                batch.add(more);
                all.addAll(more.queries());
            }
            try {
                List<R> answers = executor.apply(all);
                int at = 0;
                for (Pending<Q, R> pending : batch) {
                    int n = pending.queries().size();
                    pending.result().complete(List.copyOf(answers.subList(at, at + n)));
                    at += n;
                }
            } catch (RuntimeException | Error e) {
                for (Pending<Q, R> pending : batch) {
                    pending.result().completeExceptionally(e);
                }
            }
        }
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(cause);
    }
}
