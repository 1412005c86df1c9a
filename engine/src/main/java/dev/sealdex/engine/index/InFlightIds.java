package dev.sealdex.engine.index;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The item ids that writes are applying, so that two writes of one id take effect in the order
 * they became durable while writes of different ids run side by side.
 *
 * <p>A writer claims every id of its batch at once, or waits until none of them is claimed: claims
 * are all-or-nothing, so two writers can never hold part of each other's ids and deadlock. (Striped
 * locks cannot do this for large batches: a batch of 1,000 ids touches every stripe, so any two
 * batches serialise.) The registry's own lock is held only while ids are added or removed.
 */
final class InFlightIds {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private final Set<ByteBuffer> claimed = new HashSet<>();

    /** A set of claimed ids; {@link #close()} releases them. */
    final class Claim implements AutoCloseable {
        private final List<ByteBuffer> ids;

        private Claim(List<ByteBuffer> ids) {
            this.ids = ids;
        }

        @Override
        public void close() {
            lock.lock();
            try {
                ids.forEach(claimed::remove);
                released.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Claims every token in {@code tokens}, waiting (uninterruptibly, like a lock) while any is claimed. */
    Claim claim(byte[][] tokens) {
        List<ByteBuffer> ids = new ArrayList<>(tokens.length);
        for (byte[] token : tokens) {
            ids.add(ByteBuffer.wrap(token));
        }
        lock.lock();
        try {
            while (anyClaimed(ids)) {
                released.awaitUninterruptibly();
            }
            claimed.addAll(ids);
            return new Claim(ids);
        } finally {
            lock.unlock();
        }
    }

    /** How many ids are claimed now (for tests). */
    int claimedCount() {
        lock.lock();
        try {
            return claimed.size();
        } finally {
            lock.unlock();
        }
    }

    private boolean anyClaimed(List<ByteBuffer> ids) {
        for (ByteBuffer id : ids) {
            if (claimed.contains(id)) {
                return true;
            }
        }
        return false;
    }
}
