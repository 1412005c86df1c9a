package dev.sealdex.engine.store;

import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The embedded {@code disk} store ({@code CYBORGDB_DB_TYPE=disk}): a log-structured key-value
 * store in one folder.
 *
 * <ul>
 *   <li>Writes are appended to the last {@link Segment} file, one {@link BatchRecord} per batch,
 *       so a batch is atomic. Concurrent writers share one append and one fsync (group commit):
 *       the first writer in the queue writes everything queued behind it.
 *   <li>{@link Durability#SYNC} returns after {@code fdatasync}; {@link Durability#ASYNC} after
 *       the write reached the OS. Either way a batch becomes visible to readers only after it is
 *       in the file, so a reader never sees what a crash could take back from a synced writer.
 *   <li>An in-memory index per namespace ({@link NamespaceIndex}) maps each live key to the file
 *       and offset of its value; values are read with positional reads and checked against their
 *       CRC32C on every read.
 *   <li>The {@link Manifest} lists the live segments. Compaction rewrites the live values of the
 *       older segments into one new segment and switches the manifest atomically.
 *   <li>Opening replays the segments; a torn tail is cut off, any other damage is reported (see
 *       {@link SegmentReplayer}). A {@code LOCK} file keeps a second process out.
 *   <li>All file access goes through {@link StorageIo}.
 * </ul>
 *
 * <p>Thread-safe. A scan holds a read lock while it runs its visitor, so a visitor must not write
 * to the store (it gets an {@link IllegalStateException} rather than a deadlock).
 */
public final class DiskStore implements Store {

    /** Name of the process lock file in the data folder. */
    public static final String LOCK_FILE = "LOCK";

    private static final Logger LOG = System.getLogger(DiskStore.class.getName());
    /** Bytes one leader writes at most in one group; more waits for the next group. */
    private static final int MAX_GROUP_BYTES = 4 << 20;
    /** The segment being appended to is mapped again for reading each time it grew by this much. */
    private static final long MAP_STEP = 16L << 20;

    /**
     * How a disk store behaves.
     *
     * @param io                     the file system seam
     * @param segmentBytes           size at which the segment being appended to is closed and a new one started
     * @param autoCompact            whether a background thread compacts when enough space is garbage
     * @param compactMinGarbageBytes garbage needed before automatic compaction (it also needs garbage &ge; live data)
     * @param strictRecovery         whether damage found at open fails the open instead of being skipped and reported
     */
    public record Options(StorageIo io, long segmentBytes, boolean autoCompact, long compactMinGarbageBytes,
                          boolean strictRecovery) {

        /** Validates the options. */
        public Options {
            if (segmentBytes < 4096) {
                throw new IllegalArgumentException("segmentBytes must be at least 4096");
            }
        }

        /** The real file system, 64 MiB segments, automatic compaction past 64 MiB of garbage, lenient recovery. */
        public static Options defaults() {
            return new Options(StorageIo.fileSystem(), 64L << 20, true, 64L << 20, false);
        }

        /** These options with another I/O seam. */
        public Options withIo(StorageIo newIo) {
            return new Options(newIo, segmentBytes, autoCompact, compactMinGarbageBytes, strictRecovery);
        }

        /** These options with another segment size. */
        public Options withSegmentBytes(long bytes) {
            return new Options(io, bytes, autoCompact, compactMinGarbageBytes, strictRecovery);
        }

        /** These options with automatic compaction on or off. */
        public Options withAutoCompact(boolean on, long minGarbageBytes) {
            return new Options(io, segmentBytes, on, minGarbageBytes, strictRecovery);
        }

        /** These options with strict or lenient recovery. */
        public Options withStrictRecovery(boolean strict) {
            return new Options(io, segmentBytes, autoCompact, compactMinGarbageBytes, strict);
        }
    }

    /**
     * What opening the store found.
     *
     * @param segments      segments replayed
     * @param records       records (batches) replayed
     * @param tornTailBytes bytes cut off the end of the last segment (an interrupted write)
     * @param corruptions   damage skipped (empty unless recovery is lenient and something was damaged)
     * @param nanos         time the open took
     */
    public record Recovery(int segments, long records, long tornTailBytes, List<StoreCorruptionException> corruptions,
                           long nanos) {
    }

    private final Path directory;
    private final Options options;
    private final StorageIo io;
    private final Closeable processLock;
    private final Recovery recovery;

    /** Readable segments by id; changed under the index write lock. */
    private final Map<Long, Segment> segments = new ConcurrentHashMap<>();
    private final Map<String, NamespaceIndex> namespaces = new HashMap<>();
    private final ReentrantReadWriteLock indexLock = new ReentrantReadWriteLock();
    private long liveBytes;

    /** Held by the commit leader while it appends, and by compaction while it rolls or switches segments. */
    private final ReentrantLock ioLock = new ReentrantLock();
    private Manifest manifest;
    private long nextSegmentId;
    private volatile Segment active;
    private long fileBytes;
    private byte[] groupBuffer = new byte[64 << 10];

    private final CommitQueue commits = new CommitQueue(MAX_GROUP_BYTES);

    private final Compactor compactor;
    private volatile StoreException failure;
    private volatile boolean closed;

    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong groups = new AtomicLong();
    private final AtomicLong syncs = new AtomicLong();
    private final AtomicLong corruptionsDetected = new AtomicLong();

    /** Opens (or creates) the store in {@code directory} with {@link Options#defaults()}. */
    public static DiskStore open(Path directory) {
        return open(directory, Options.defaults());
    }

    /**
     * Opens (or creates) the store in {@code directory}.
     *
     * @throws StoreLockedException      if another process (or store) has the folder open
     * @throws StoreCorruptionException  if the manifest or a segment header is damaged, or any
     *                                   record is and recovery is strict
     * @throws StoreException            on an I/O error
     */
    public static DiskStore open(Path directory, Options options) {
        StorageIo io = options.io();
        Closeable lock;
        try {
            io.createDirectories(directory);
            lock = io.tryLock(directory.resolve(LOCK_FILE));
        } catch (IOException e) {
            throw new StoreException("cannot open the data folder " + directory + ": " + e.getMessage(), e);
        }
        if (lock == null) {
            throw new StoreLockedException(directory);
        }
        try {
            return new DiskStore(directory, options, lock);
        } catch (IOException e) {
            closeQuietly(lock);
            throw new StoreException("cannot open the store in " + directory + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(lock);
            throw e;
        }
    }

    private DiskStore(Path directory, Options options, Closeable processLock) throws IOException {
        long started = System.nanoTime();
        this.directory = directory;
        this.options = options;
        this.io = options.io();
        this.processLock = processLock;
        this.compactor = new Compactor(this);
        try {
            StoreLoader.Loaded loaded = StoreLoader.load(io, directory, options.strictRecovery(), segments, started);
            manifest = loaded.manifest();
            nextSegmentId = manifest.nextSegmentId();
            namespaces.putAll(loaded.namespaces());
            liveBytes = loaded.liveBytes();
            fileBytes = loaded.fileBytes();
            long[] listed = manifest.segments();
            active = segments.get(listed[listed.length - 1]);
            this.recovery = loaded.recovery();
            corruptionsDetected.addAndGet(recovery.corruptions().size());
        } catch (IOException | RuntimeException e) {
            for (Segment segment : segments.values()) {
                closeQuietly(segment);
            }
            throw e;
        }
        if (recovery.records() > 0 || recovery.tornTailBytes() > 0 || !recovery.corruptions().isEmpty()) {
            LOG.log(recovery.corruptions().isEmpty() ? Level.DEBUG : Level.WARNING, "opened {0}: {1} records in {2} segments in {3} ms{4}", directory, recovery.records(),
                    recovery.segments(), recovery.nanos() / 1_000_000,
                    recovery.corruptions().isEmpty() ? "" : ", " + recovery.corruptions().size() + " damaged stretches skipped");
        }
    }

    @Override
    public String type() {
        return "disk";
    }

    /** The data folder. */
    public Path directory() {
        return directory;
    }

    /** What the open found: records replayed, torn tail cut off, damage skipped. */
    public Recovery recovery() {
        return recovery;
    }

    @Override
    public byte[] get(String namespace, byte[] key) {
        checkOpen();
        indexLock.readLock().lock();
        try {
            NamespaceIndex index = namespaces.get(namespace);
            NamespaceIndex.Hit hit = index == null ? null : index.get(key);
            if (hit == null) {
                return null;
            }
            Segment segment = segments.get(Segment.idOf(hit.location()));
            return segment.readValue(Segment.offsetOf(hit.location()), hit.length());
        } catch (StoreCorruptionException e) {
            corruptionsDetected.incrementAndGet();
            throw e;
        } catch (IOException e) {
            throw new StoreException("reading from " + directory + " failed: " + e.getMessage(), e);
        } finally {
            indexLock.readLock().unlock();
        }
    }

    @Override
    public void scan(String namespace, byte[] prefix, ScanVisitor visitor) {
        checkOpen();
        indexLock.readLock().lock();
        try {
            NamespaceIndex index = namespaces.get(namespace);
            if (index == null) {
                return;
            }
            ReadAhead reader = new ReadAhead();
            index.forEach(prefix, null, (key, location, length) -> {
                byte[] value;
                try {
                    value = reader.read(segments.get(Segment.idOf(location)), Segment.offsetOf(location), length);
                } catch (StoreCorruptionException e) {
                    corruptionsDetected.incrementAndGet();
                    return visitor.corrupt(key, e);
                } catch (IOException e) {
                    throw new StoreException("reading from " + directory + " failed: " + e.getMessage(), e);
                }
                return visitor.visit(key, value);
            });
        } finally {
            indexLock.readLock().unlock();
        }
    }

    @Override
    public void write(WriteBatch batch, Durability durability) {
        checkOpen();
        if (indexLock.getReadHoldCount() > 0) {
            throw new IllegalStateException("a scan visitor must not write to the store it is scanning");
        }
        if (batch.isEmpty()) {
            return;
        }
        commits.submit(batch, BatchRecord.encode(batch), durability == Durability.SYNC, this::commit);
    }

    /** Appends a group of batches as the leader, syncs if any asked for it, then makes them visible. */
    private void commit(List<CommitQueue.Pending> group) {
        ioLock.lock();
        try {
            checkWritable();
            int total = 0;
            boolean sync = false;
            for (CommitQueue.Pending pending : group) {
                total += pending.record.bytes().length;
                sync |= pending.sync;
            }
            try {
                if (active.end() + total > options.segmentBytes() && active.end() > Segment.HEADER_BYTES) {
                    roll();
                }
                Segment segment = active;
                long start = segment.end();
                segment.append(groupBytes(group, total));
                fileBytes += total;
                if (sync) {
                    segment.file().force();
                    syncs.incrementAndGet();
                }
                apply(group, segment.id(), start);
                segment.mapForReading(MAP_STEP);
            } catch (IOException e) {
                throw fail("writing to " + active + " failed", e);
            }
            groups.incrementAndGet();
            batches.addAndGet(group.size());
            if (options.autoCompact() && garbageBytes() > Math.max(options.compactMinGarbageBytes(), liveBytes)) {
                compactor.request();
            }
        } finally {
            ioLock.unlock();
        }
    }

    private ByteBuffer groupBytes(List<CommitQueue.Pending> group, int total) {
        if (group.size() == 1) {
            return ByteBuffer.wrap(group.getFirst().record.bytes());
        }
        if (groupBuffer.length < total) {
            groupBuffer = new byte[Math.max(total, 2 * groupBuffer.length)];
        }
        int at = 0;
        for (CommitQueue.Pending pending : group) {
            byte[] bytes = pending.record.bytes();
            System.arraycopy(bytes, 0, groupBuffer, at, bytes.length);
            at += bytes.length;
        }
        return ByteBuffer.wrap(groupBuffer, 0, total);
    }

    private void apply(List<CommitQueue.Pending> group, long segmentId, long start) {
        indexLock.writeLock().lock();
        try {
            long recordStart = start;
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

    /** Closes the segment being appended to (synced) and starts a new one; caller holds the I/O lock. */
    private void roll() throws IOException {
        active.file().force();
        active.mapForReading(0);
        long id = nextSegmentId++;
        Segment segment = Segment.create(io, directory, id);
        io.syncDirectory(directory);
        long[] listed = Arrays.copyOf(manifest.segments(), manifest.segments().length + 1);
        listed[listed.length - 1] = id;
        Manifest next = manifest.next(nextSegmentId, listed);
        next.write(io, directory);
        manifest = next;
        segments.put(id, segment);
        active = segment;
        fileBytes += Segment.HEADER_BYTES;
    }

    /**
     * Rewrites the live values of every segment but the newest into one new segment and deletes
     * the old ones; returns the bytes reclaimed. Safe to call at any time; writers keep going
     * meanwhile, and a crash at any step leaves either the old segments or the new one in force.
     */
    public long compact() {
        checkOpen();
        return compactor.compactNow();
    }

    /** Counters and sizes. */
    public StoreStats stats() {
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
        long files;
        int segmentCount;
        ioLock.lock();
        try {
            files = fileBytes;
            segmentCount = manifest.segments().length;
        } finally {
            ioLock.unlock();
        }
        return new StoreStats(keys, namespaceCount, segmentCount, files, live, memory, batches.get(), groups.get(),
                syncs.get(), compactor.compactions(), corruptionsDetected.get(), recovery.tornTailBytes());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        compactor.stop();
        ioLock.lock();
        // Readers hold the read lock; wait for them before unmapping and closing the files.
        indexLock.writeLock().lock();
        try {
            if (failure == null) {
                active.file().force();
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "final sync of " + active + " failed: " + e.getMessage());
        } finally {
            for (Segment segment : segments.values()) {
                closeQuietly(segment);
            }
            indexLock.writeLock().unlock();
            ioLock.unlock();
            closeQuietly(processLock);
        }
    }

    // ---- hooks for the compactor (package-private) ----

    Path directoryPath() {
        return directory;
    }

    StorageIo io() {
        return io;
    }

    boolean isClosed() {
        return closed;
    }

    ReentrantLock ioLock() {
        return ioLock;
    }

    ReentrantReadWriteLock indexLock() {
        return indexLock;
    }

    Map<Long, Segment> segmentTable() {
        return segments;
    }

    /** Index of {@code namespace}; caller holds the index lock. */
    NamespaceIndex namespace(String namespace) {
        return namespaces.get(namespace);
    }

    /** Namespace names; caller holds the index lock. */
    List<String> namespaceNames() {
        return List.copyOf(namespaces.keySet());
    }

    /**
     * Starts a new segment unless the current one is empty, and returns the ids of all the
     * others (those a compaction may rewrite); caller holds the I/O lock.
     */
    long[] sealForCompaction() throws IOException {
        checkWritable();
        if (active.end() > Segment.HEADER_BYTES) {
            roll();
        }
        long[] listed = manifest.segments();
        return Arrays.copyOf(listed, listed.length - 1);
    }

    /** A fresh segment id; caller holds the I/O lock. */
    long allocateSegmentId() {
        return nextSegmentId++;
    }

    /**
     * Replaces {@code sealed} by {@code replacement} at the head of the manifest; caller holds the
     * I/O lock and the index write lock.
     */
    void switchSegments(long[] sealed, Segment replacement) throws IOException {
        Set<Long> old = new HashSet<>();
        for (long id : sealed) {
            old.add(id);
        }
        long[] listed = manifest.segments();
        long[] next = new long[listed.length - sealed.length + 1];
        next[0] = replacement.id();
        int at = 1;
        long removedBytes = 0;
        for (long id : listed) {
            if (!old.contains(id)) {
                next[at++] = id;
            } else {
                removedBytes += segments.get(id).end();
            }
        }
        Manifest written = manifest.next(nextSegmentId, next);
        try {
            written.write(io, directory);
        } catch (IOException e) {
            throw fail("switching " + directory.resolve(Manifest.FILE) + " after a compaction failed", e);
        }
        manifest = written;
        fileBytes += replacement.end() - removedBytes;
    }

    void countCorruption() {
        corruptionsDetected.incrementAndGet();
    }

    private long garbageBytes() {
        return fileBytes - liveBytes - (long) Segment.HEADER_BYTES * segments.size();
    }

    /** Marks the store failed: no more writes until it is reopened (what reached the disk is unknown). */
    StoreException fail(String what, IOException cause) {
        StoreException error = new StoreException(what + " (" + cause.getMessage() + "); the store at " + directory
                + " accepts no more writes until it is reopened", cause);
        if (failure == null) {
            failure = error;
            LOG.log(Level.ERROR, error.getMessage());
        }
        return error;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("store " + directory + " is closed");
        }
    }

    private void checkWritable() {
        checkOpen();
        StoreException failed = failure;
        if (failed != null) {
            throw new StoreException(failed.getMessage(), failed);
        }
    }

    static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "close failed: " + e.getMessage());
        }
    }
}
