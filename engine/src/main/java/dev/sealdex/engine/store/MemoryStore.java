package dev.sealdex.engine.store;

import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A {@link Store} in the heap: fast, and gone when the process ends ({@code CYBORGDB_DB_TYPE=memory}).
 * Batches are atomic with respect to readers through a read-write lock. Arrays are copied in and
 * out, so neither side can change the other's bytes.
 */
public final class MemoryStore implements Store {

    /** The kind name of this store, in configuration ({@code CYBORGDB_DB_TYPE}) and {@link Store#type()}. */
    public static final String KIND = "memory";

    private final Map<String, NavigableMap<byte[], byte[]>> namespaces = new ConcurrentHashMap<>();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile boolean closed;

    @Override
    public String type() {
        return KIND;
    }

    @Override
    public byte[] get(String namespace, byte[] key) {
        lock.readLock().lock();
        try {
            checkOpen();
            NavigableMap<byte[], byte[]> map = namespaces.get(namespace);
            byte[] value = map == null ? null : map.get(key);
            return value == null ? null : value.clone();
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
                if (!Keys.hasPrefix(entry.getKey(), prefix)
                        || !visitor.visit(entry.getKey().clone(), entry.getValue().clone())) {
                    return;
                }
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void write(WriteBatch batch, Durability durability) {
        if (lock.getReadHoldCount() > 0) {
            throw new IllegalStateException("a scan visitor must not write to the store it is scanning");
        }
        lock.writeLock().lock();
        try {
            checkOpen();
            for (WriteBatch.Op op : batch.ops()) {
                NavigableMap<byte[], byte[]> map =
                        namespaces.computeIfAbsent(op.namespace(), n -> new ConcurrentSkipListMap<>(Keys::compare));
                switch (op) {
                    case WriteBatch.Put put -> map.put(put.key().clone(), put.value().clone());
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
