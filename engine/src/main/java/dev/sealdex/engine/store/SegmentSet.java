package dev.sealdex.engine.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The state of a {@link DiskStore}'s folder: the open {@link Segment segments}, the one being
 * appended to, the {@link Manifest} that lists them, the next segment id, the per-namespace key
 * indexes and the live and file byte counts. {@link DiskStore} writes and reads through it, and
 * {@link Compactor} swaps segments through it.
 *
 * <p>Locking. Two locks, always taken in this order:
 * <ul>
 *   <li>the <em>append lock</em> ({@link #lockAppends()}) guards the manifest, the next segment id,
 *       which segment is active and the file byte count. The commit leader holds it from its
 *       append to its index update, and compaction while it rolls or switches segments, so neither
 *       sees the other half done. Methods that say "caller holds the append lock" rely on it.
 *   <li>the <em>index lock</em> guards the namespace indexes. Methods here take it themselves:
 *       the read side for lookups and scans (so a scan's visitor runs under it), the write side
 *       for updates. The live byte count changes only in {@link #apply}, under both locks, so
 *       either lock is enough to read it.
 * </ul>
 * The segment table is concurrent: a segment is added before any key points into it, removed
 * only under both locks once no key does, and then closed ({@link #retire} says why no reader
 * can still be using it).
 */
final class SegmentSet {

    /** Moves a key's value from one location to another, if the key still points at the first. */
    record Relocation(String namespace, byte[] key, long from, long to) {
    }

    /** Counts and sizes for {@link StoreStats}. */
    record Sizes(long keys, int namespaces, int segments, long fileBytes, long liveBytes, long memoryBytes) {
    }

    private final StorageIo io;
    private final Path directory;
    private final Map<Long, Segment> segments;
    private final Map<String, NamespaceIndex> namespaces;
    private final ReentrantReadWriteLock indexLock = new ReentrantReadWriteLock();
    private final ReentrantLock appendLock = new ReentrantLock();
    private long liveBytes;
    private Manifest manifest;
    private long nextSegmentId;
    private volatile Segment active;
    private long fileBytes;

    /** Takes over the segments and indexes that {@link StoreLoader} loaded. */
    SegmentSet(StorageIo io, Path directory, StoreLoader.Loaded loaded) {
        this.io = io;
        this.directory = directory;
        this.segments = new ConcurrentHashMap<>(loaded.segments());
        this.namespaces = new HashMap<>(loaded.namespaces());
        this.liveBytes = loaded.liveBytes();
        this.fileBytes = loaded.fileBytes();
        this.manifest = loaded.manifest();
        this.nextSegmentId = manifest.nextSegmentId();
        long[] listed = manifest.segments();
        this.active = segments.get(listed[listed.length - 1]);
    }

    Path directory() {
        return directory;
    }

    // ---- reads: each takes the index read lock ----

    /** The value of {@code key}, or {@code null}; checked against its CRC. */
    byte[] get(String namespace, byte[] key) throws IOException {
        indexLock.readLock().lock();
        try {
            NamespaceIndex index = namespaces.get(namespace);
            NamespaceIndex.Hit hit = index == null ? null : index.get(key);
            if (hit == null) {
                return null;
            }
            Segment segment = segments.get(Segment.idOf(hit.location()));
            return segment.readValue(Segment.offsetOf(hit.location()), hit.length());
        } finally {
            indexLock.readLock().unlock();
        }
    }

    /**
     * Visits, in key order and under the index read lock, the live entries of {@code namespace}
     * that start with {@code prefix} and sort after {@code after} ({@code null}: all); returns
     * {@code false} if the visitor stopped early, {@code true} if it saw every entry (or there is
     * no such namespace).
     */
    boolean scanAfter(String namespace, byte[] prefix, byte[] after, NamespaceIndex.EntryVisitor visitor) {
        indexLock.readLock().lock();
        try {
            NamespaceIndex index = namespaces.get(namespace);
            return index == null || index.forEach(prefix, after, visitor);
        } finally {
            indexLock.readLock().unlock();
        }
    }

    /** Whether this thread is inside a scan (a visitor writing to the store would deadlock). */
    boolean scanningOnThisThread() {
        return indexLock.getReadHoldCount() > 0;
    }

    /** Namespace names, a snapshot. */
    List<String> namespaceNames() {
        indexLock.readLock().lock();
        try {
            return List.copyOf(namespaces.keySet());
        } finally {
            indexLock.readLock().unlock();
        }
    }

    /** The segment that holds {@code location} (from an index entry); see {@link #retire} for who may call. */
    Segment segmentAt(long location) {
        return segments.get(Segment.idOf(location));
    }

    /** The segment with this id, or {@code null} once it was compacted away. */
    Segment segment(long id) {
        return segments.get(id);
    }

    /** The segment being appended to (for messages). */
    Segment active() {
        return active;
    }

    /** Counts and sizes; takes each lock in turn. */
    Sizes sizes() {
        long keys = 0;
        long memory = 0;
        long live;
        int namespaceCount;
        indexLock.readLock().lock();
        try {
            for (NamespaceIndex index : namespaces.values()) {
                keys += index.size();
                memory += index.memoryBytes();
            }
            live = liveBytes;
            namespaceCount = namespaces.size();
        } finally {
            indexLock.readLock().unlock();
        }
        appendLock.lock();
        try {
            return new Sizes(keys, namespaceCount, manifest.segments().length, fileBytes, live, memory);
        } finally {
            appendLock.unlock();
        }
    }

    // ---- appends: caller holds the append lock ----

    /** Takes the append lock (see the class comment). */
    void lockAppends() {
        appendLock.lock();
    }

    /** Releases the append lock. */
    void unlockAppends() {
        appendLock.unlock();
    }

    /**
     * Appends {@code bytes} to the active segment, after rolling to a new one if they would take a
     * non-empty segment past {@code rollAt}, and syncs it if asked; returns the location of their
     * first byte. Caller holds the append lock; the keys are not visible until {@link #apply}.
     */
    long append(ByteBuffer bytes, long rollAt, boolean sync) throws IOException {
        int total = bytes.remaining();
        if (active.end() + total > rollAt && active.end() > Segment.HEADER_BYTES) {
            roll();
        }
        Segment segment = active;
        long start = segment.end();
        segment.append(bytes);
        fileBytes += total;
        if (sync) {
            segment.file().force();
        }
        return Segment.location(segment.id(), start);
    }

    /**
     * Points the keys of the batches in {@code group}, appended back to back at {@code location},
     * at their values (puts) or removes them (deletes), under the index write lock; then maps
     * what grew of the active segment by {@code mapStep} or more. Caller holds the append lock.
     */
    void apply(List<CommitQueue.Pending> group, long location, long mapStep) {
        long segmentId = Segment.idOf(location);
        indexLock.writeLock().lock();
        try {
            long recordStart = Segment.offsetOf(location);
            for (CommitQueue.Pending pending : group) {
                int put = 0;
                for (WriteBatch.Op op : pending.batch.ops()) {
                    switch (op) {
                        case WriteBatch.Put p -> applyPut(p.namespace(), p.key(),
                                Segment.location(segmentId, recordStart + pending.record.putOffsets()[put++]), p.value().length);
                        case WriteBatch.Delete d -> applyDelete(d.namespace(), d.key());
                        case WriteBatch.DeletePrefix d -> applyDeletePrefix(d.namespace(), d.prefix());
                    }
                }
                recordStart += pending.record.bytes().length;
            }
        } finally {
            indexLock.writeLock().unlock();
        }
        segments.get(segmentId).mapForReading(mapStep);
    }

    private void applyPut(String namespace, byte[] key, long location, int length) {
        NamespaceIndex index = namespaces.computeIfAbsent(namespace, n -> new NamespaceIndex());
        liveBytes += NamespaceIndex.entryBytes(key.length, length) - index.put(key, location, length);
    }

    private void applyDelete(String namespace, byte[] key) {
        NamespaceIndex index = namespaces.get(namespace);
        if (index != null) {
            liveBytes -= index.delete(key);
        }
    }

    private void applyDeletePrefix(String namespace, byte[] prefix) {
        NamespaceIndex index = namespaces.get(namespace);
        if (index != null) {
            liveBytes -= index.deletePrefix(prefix);
        }
    }

    /**
     * Whether garbage passes both {@code minGarbageBytes} and the live data (so each byte is
     * rewritten a bounded number of times). Caller holds the append lock.
     */
    boolean worthCompacting(long minGarbageBytes) {
        long garbage = fileBytes - liveBytes - (long) Segment.HEADER_BYTES * segments.size();
        return garbage > Math.max(minGarbageBytes, liveBytes);
    }

    /** Closes the segment being appended to (synced) and starts a new one; caller holds the append lock. */
    private void roll() throws IOException {
        active.file().force();
        active.mapForReading(0);
        long id = nextSegmentId++;
        Segment segment = Segment.create(io, directory, id);
        io.syncDirectory(directory);
        Manifest next = manifest.appending(id, nextSegmentId);
        next.write(io, directory);
        manifest = next;
        segments.put(id, segment);
        active = segment;
        fileBytes += Segment.HEADER_BYTES;
    }

    // ---- compaction ----

    /**
     * Starts a new segment unless the current one is empty, and returns the ids of all the
     * others (those a compaction may rewrite); caller holds the append lock.
     */
    long[] sealForCompaction() throws IOException {
        if (active.end() > Segment.HEADER_BYTES) {
            roll();
        }
        long[] listed = manifest.segments();
        return Arrays.copyOf(listed, listed.length - 1);
    }

    /** A fresh segment id; caller holds the append lock. */
    long allocateSegmentId() {
        return nextSegmentId++;
    }

    /** Creates segment {@code id}, not yet in the manifest, and makes it readable. */
    Segment createUnlisted(long id) throws IOException {
        Segment segment = Segment.create(io, directory, id);
        segments.put(id, segment);
        return segment;
    }

    /** Removes, closes and deletes an unlisted segment that no key points into. */
    void discardUnlisted(Segment segment) throws IOException {
        segments.remove(segment.id());
        DiskStore.closeQuietly(segment);
        io.delete(segment.path());
    }

    /** Syncs the folder, so that created or deleted files are durable. */
    void syncDirectory() throws IOException {
        io.syncDirectory(directory);
    }

    /**
     * Points each key that still is at {@code from} at {@code to} instead, under the index write
     * lock; returns how many moved.
     */
    long relocate(List<Relocation> moves) {
        long moved = 0;
        indexLock.writeLock().lock();
        try {
            for (Relocation move : moves) {
                NamespaceIndex index = namespaces.get(move.namespace());
                if (index != null && index.relocate(move.key(), move.from(), move.to())) {
                    moved++;
                }
            }
        } finally {
            indexLock.writeLock().unlock();
        }
        return moved;
    }

    /**
     * Replaces {@code sealed} by {@code replacement} at the head of the manifest and drops them
     * from the segment table, under both locks; returns the dropped segments, still open, for
     * {@link #retire}. If the manifest cannot be written nothing changes.
     */
    List<Segment> switchSegments(long[] sealed, Segment replacement) throws IOException {
        appendLock.lock();
        indexLock.writeLock().lock();
        try {
            long removedBytes = 0;
            for (long id : sealed) {
                removedBytes += segments.get(id).end();
            }
            Manifest written = manifest.replacing(sealed, replacement.id(), nextSegmentId);
            written.write(io, directory);
            manifest = written;
            fileBytes += replacement.end() - removedBytes;
            List<Segment> removed = new ArrayList<>(sealed.length);
            for (long id : sealed) {
                removed.add(segments.remove(id));
            }
            return removed;
        } finally {
            indexLock.writeLock().unlock();
            appendLock.unlock();
        }
    }

    /**
     * Closes (unmaps) the segments that {@link #switchSegments} dropped, deletes their files and
     * syncs the folder; all are closed first, so a failed delete leaks no handle and the space
     * of each file is freed with its delete.
     *
     * <p>No reader can still be using them, so this needs no lock. A reader reaches a segment only
     * through a location from an index entry, and uses it only while it holds the index read lock
     * ({@link #get}; {@link #scanAfter} runs its visitor under it); the compactor reads them on its
     * own thread, before the switch. Before the switch every key that pointed into these segments
     * was {@link #relocate relocated}, overwritten or deleted, and no write goes to them once
     * sealed. {@link #switchSegments} then took the index write lock, so each reader that might
     * have held one of them had finished; a later reader finds no key and no table entry for them.
     */
    void retire(List<Segment> switchedOut) throws IOException {
        for (Segment segment : switchedOut) {
            DiskStore.closeQuietly(segment);
        }
        for (Segment segment : switchedOut) {
            io.delete(segment.path());
        }
        io.syncDirectory(directory);
    }

    // ---- close ----

    /**
     * Waits for the writer and for readers (both locks), syncs the active segment if
     * {@code sync}, and closes every segment even if the sync fails (which it rethrows).
     */
    void close(boolean sync) throws IOException {
        appendLock.lock();
        // Readers hold the read lock; wait for them before unmapping and closing the files.
        indexLock.writeLock().lock();
        try {
            if (sync) {
                active.file().force();
            }
        } finally {
            for (Segment segment : segments.values()) {
                DiskStore.closeQuietly(segment);
            }
            indexLock.writeLock().unlock();
            appendLock.unlock();
        }
    }
}
