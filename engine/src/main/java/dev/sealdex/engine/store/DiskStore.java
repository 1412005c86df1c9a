package dev.sealdex.engine.store;

import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

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
 * <p>This class is the read and write path; the state it works on (segments, manifest, key
 * indexes, byte counts and their locks) is owned by a {@link SegmentSet}, and whether the store
 * is open or failed by a {@link StoreHealth}, both shared with the {@link Compactor}.
 *
 * <p>Thread-safe. A scan holds a read lock while it runs its visitor, so a visitor must not write
 * to the store (it gets an {@link IllegalStateException} rather than a deadlock).
 */
public final class DiskStore implements Store {

    /** The kind name of this store, in configuration ({@code CYBORGDB_DB_TYPE}) and {@link Store#type()}. */
    public static final String KIND = "disk";

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
    private final Closeable processLock;
    private final Recovery recovery;
    private final SegmentSet segments;
    private final StoreHealth health;
    private final CommitQueue commits = new CommitQueue(MAX_GROUP_BYTES);
    private final Compactor compactor;
    /** Concatenates a group of several batches; only the commit leader touches it, under the append lock. */
    private byte[] groupBuffer = new byte[64 << 10];

    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong groups = new AtomicLong();
    private final AtomicLong syncs = new AtomicLong();

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
        this.processLock = processLock;
        StoreLoader.Loaded loaded = StoreLoader.load(options.io(), directory, options.strictRecovery(), started);
        this.segments = new SegmentSet(options.io(), directory, loaded);
        this.recovery = loaded.recovery();
        this.health = new StoreHealth(directory);
        health.countCorruptions(recovery.corruptions().size());
        this.compactor = new Compactor(segments, health);
        if (recovery.records() > 0 || recovery.tornTailBytes() > 0 || !recovery.corruptions().isEmpty()) {
            LOG.log(recovery.corruptions().isEmpty() ? Level.DEBUG : Level.WARNING, "opened {0}: {1} records in {2} segments in {3} ms{4}", directory, recovery.records(),
                    recovery.segments(), recovery.nanos() / 1_000_000,
                    recovery.corruptions().isEmpty() ? "" : ", " + recovery.corruptions().size() + " damaged stretches skipped");
        }
    }

    @Override
    public String type() {
        return KIND;
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
        health.checkOpen();
        try {
            return segments.get(namespace, key);
        } catch (StoreCorruptionException e) {
            health.countCorruptions(1);
            throw e;
        } catch (IOException e) {
            throw new StoreException("reading from " + directory + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void scan(String namespace, byte[] prefix, ScanVisitor visitor) {
        health.checkOpen();
        ReadAhead reader = new ReadAhead();
        segments.scanAfter(namespace, prefix, null, (key, location, length) -> {
            byte[] value;
            try {
                value = reader.read(segments.segmentAt(location), Segment.offsetOf(location), length);
            } catch (StoreCorruptionException e) {
                health.countCorruptions(1);
                return visitor.corrupt(key, e);
            } catch (IOException e) {
                throw new StoreException("reading from " + directory + " failed: " + e.getMessage(), e);
            }
            return visitor.visit(key, value);
        });
    }

    @Override
    public void write(WriteBatch batch, Durability durability) {
        health.checkOpen();
        if (segments.scanningOnThisThread()) {
            throw new IllegalStateException("a scan visitor must not write to the store it is scanning");
        }
        if (batch.isEmpty()) {
            return;
        }
        commits.submit(batch, BatchRecord.encode(batch), durability == Durability.SYNC, this::commit);
    }

    /** Appends a group of batches as the leader, syncs if any asked for it, then makes them visible. */
    private void commit(List<CommitQueue.Pending> group) {
        segments.lockAppends();
        try {
            health.checkWritable();
            int total = 0;
            boolean sync = false;
            for (CommitQueue.Pending pending : group) {
                total += pending.record.bytes().length;
                sync |= pending.sync;
            }
            try {
                long location = segments.append(groupBytes(group, total), options.segmentBytes(), sync);
                if (sync) {
                    syncs.incrementAndGet();
                }
                segments.apply(group, location, MAP_STEP);
            } catch (IOException e) {
                throw health.fail("writing to " + segments.active() + " failed", e);
            }
            groups.incrementAndGet();
            batches.addAndGet(group.size());
            if (options.autoCompact() && segments.worthCompacting(options.compactMinGarbageBytes())) {
                compactor.request();
            }
        } finally {
            segments.unlockAppends();
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

    /**
     * Rewrites the live values of every segment but the newest into one new segment and deletes
     * the old ones; returns the bytes reclaimed. Safe to call at any time; writers keep going
     * meanwhile, and a crash at any step leaves either the old segments or the new one in force.
     */
    public long compact() {
        health.checkOpen();
        return compactor.compactNow();
    }

    /** Counters and sizes. */
    public StoreStats stats() {
        SegmentSet.Sizes sizes = segments.sizes();
        return new StoreStats(sizes.keys(), sizes.namespaces(), sizes.segments(), sizes.fileBytes(), sizes.liveBytes(),
                sizes.memoryBytes(), batches.get(), groups.get(), syncs.get(), compactor.compactions(),
                health.corruptionsDetected(), recovery.tornTailBytes());
    }

    @Override
    public void close() {
        if (!health.markClosed()) {
            return;
        }
        compactor.stop();
        try {
            segments.close(!health.hasFailed());
        } catch (IOException e) {
            LOG.log(Level.WARNING, "final sync of " + segments.active() + " failed: " + e.getMessage());
        } finally {
            closeQuietly(processLock);
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
