package dev.sealdex.engine.store;

import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A {@link Store} in the heap: fast, and gone when the process ends ({@code CYBORGDB_DB_TYPE=memory}).
 * Batches are atomic with respect to readers through a read-write lock.
 */
public final class MemoryStore implements Store {

    private final Map<String, NavigableMap<byte[], byte[]>> namespaces = new ConcurrentHashMap<>();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile boolean closed;

    @Override
    public String type() {
        return "memory";
    }

    @Override
    public byte[] get(String namespace, byte[] key) {
        lock.readLock().lock();
        try {
            checkOpen();
            NavigableMap<byte[], byte[]> map = namespaces.get(namespace);
            return map == null ? null : map.get(key);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void scan(String namespace, byte[] prefix, ScanVisitor visitor) {
        lock.readLock().lock();
        try {
            checkOpen();
            NavigableMap<byte[], byte[]> map = namespaces.get(namespace);
            if (map == null) {
                return;
            }
            for (Map.Entry<byte[], byte[]> entry : map.tailMap(prefix, true).entrySet()) {
                if (!Keys.hasPrefix(entry.getKey(), prefix) || !visitor.visit(entry.getKey(), entry.getValue())) {
                    return;
                }
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void write(WriteBatch batch, Durability durability) {
        lock.writeLock().lock();
        try {
            checkOpen();
            for (WriteBatch.Op op : batch.ops()) {
                NavigableMap<byte[], byte[]> map =
                        namespaces.computeIfAbsent(op.namespace(), n -> new ConcurrentSkipListMap<>(Keys::compare));
                switch (op) {
                    case WriteBatch.Put put -> map.put(put.key(), put.value());
                    case WriteBatch.Delete delete -> map.remove(delete.key());
                    case WriteBatch.DeletePrefix deletePrefix -> Keys.withPrefix(map, deletePrefix.prefix()).clear();
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("store is closed");
        }
    }
}
