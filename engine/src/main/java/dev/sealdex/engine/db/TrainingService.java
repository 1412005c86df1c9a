package dev.sealdex.engine.db;

import dev.sealdex.engine.train.Trainer;
import dev.sealdex.engine.train.TrainingProgress;
import dev.sealdex.engine.index.VectorIndex;
import dev.sealdex.engine.model.TrainingOutcome;
import dev.sealdex.engine.model.TrainingParams;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Trains one index at a time: a background worker takes automatic trainings in FIFO order, and
 * explicit {@code train} requests run on the caller's thread when no training runs (or wait for
 * the one that does, if it is the same index).
 */
final class TrainingService implements AutoCloseable {

    private static final Logger LOG = System.getLogger(TrainingService.class.getName());

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, VectorIndex> queue = new LinkedHashMap<>();
    private final int retrainThreshold;
    private final int minVectors;
    private String current;
    private TrainingProgress progress;
    private TrainingOutcome lastOutcome;
    private volatile boolean closed;
    private final Thread worker;

    TrainingService(int retrainThreshold, int minVectors) {
        this.retrainThreshold = retrainThreshold;
        this.minVectors = minVectors;
        this.worker = Thread.ofPlatform().name("sealdex-training").daemon().start(this::work);
    }

    /** Queues {@code index} for automatic training unless it is queued or training already. */
    boolean enqueue(VectorIndex index) {
        lock.lock();
        try {
            if (closed || index.name().equals(current) || queue.containsKey(index.name())) {
                return false;
            }
            queue.put(index.name(), index);
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Drops a queued training (the index is being deleted); waits if it is training now. */
    void forget(String name) {
        lock.lock();
        try {
            queue.remove(name);
            while (name.equals(current)) {
                changed.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Trains {@code index} now, blocking; if it is already training, waits for that run instead. */
    TrainingOutcome trainNow(VectorIndex index, TrainingParams params) {
        lock.lock();
        try {
            if (index.name().equals(current)) {
                while (index.name().equals(current)) {
                    changed.awaitUninterruptibly();
                }
                return lastOutcome;
            }
            queue.remove(index.name());
            while (current != null) {
                changed.awaitUninterruptibly();
            }
            current = index.name();
            progress = new TrainingProgress();
        } finally {
            lock.unlock();
        }
        return run(index, params);
    }

    TrainingStatus status() {
        lock.lock();
        try {
            TrainingProgress p = progress;
            return new TrainingStatus(current, new ArrayList<>(queue.keySet()), retrainThreshold, worker.isAlive(),
                    p == null ? null : p.phase().name().toLowerCase(java.util.Locale.ROOT),
                    p == null ? 0 : p.percent(), p == null ? 0 : p.vectorsDone(), p == null ? 0 : p.vectorsTotal(),
                    p == null ? -1 : p.etaSeconds());
        } finally {
            lock.unlock();
        }
    }

    private void work() {
        while (!closed) {
            VectorIndex next;
            lock.lock();
            try {
                while (!closed && (queue.isEmpty() || current != null)) {
                    changed.awaitUninterruptibly();
                }
                if (closed) {
                    return;
                }
                String name = queue.keySet().iterator().next();
                next = queue.remove(name);
                current = name;
                progress = new TrainingProgress();
            } finally {
                lock.unlock();
            }
            TrainingParams params = new TrainingParams(0, 2048, 100, 1e-6, minVectors, 42);
            TrainingOutcome outcome = run(next, params);
            LOG.log(Level.INFO, "Automatic training of index {0}: {1}", next.name(), outcome.message());
        }
    }

    private TrainingOutcome run(VectorIndex index, TrainingParams params) {
        TrainingOutcome outcome = TrainingOutcome.failure();
        try {
            outcome = index.train(params, progress);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Training of index " + index.name() + " failed", e);
        } finally {
            lock.lock();
            try {
                lastOutcome = outcome;
                current = null;
                progress = null;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
        return outcome;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            queue.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
