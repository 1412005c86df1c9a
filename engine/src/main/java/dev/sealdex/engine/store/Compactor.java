package dev.sealdex.engine.store;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Compacts a {@link DiskStore}'s {@link SegmentSet}: every segment but the newest is rewritten, live values only, in
 * key order, into one new segment that takes their place at the head of the manifest.
 *
 * <ol>
 *   <li>Under the I/O lock, start a new segment for writers, so the old ones stop changing.
 *   <li>Without locks, copy each live value found in an old segment into the new one, a chunk of
 *       keys at a time; after each record, point those keys at their copies (unless a writer has
 *       replaced them meanwhile). Readers may read either copy.
 *   <li>Sync the new segment and the folder, then, under both locks, write a manifest that lists
 *       the new segment instead of the old ones; then close the old segments and delete their
 *       files (no reader can reach them any more: see {@link SegmentSet#retire}).
 * </ol>
 *
 * <p>A crash before the manifest is replaced leaves the new file unlisted (deleted at the next
 * open); after, the old files are unlisted. Only whole compactions that find at least as much
 * garbage as live data run automatically, so each byte is rewritten a bounded number of times.
 * A value that fails its CRC is copied still failing it, so the damage stays visible.
 */
final class Compactor {

    private static final Logger LOG = System.getLogger(Compactor.class.getName());
    private static final int CHUNK_ENTRIES = 4096;
    private static final int RECORD_BYTES = 1 << 20;

    private final SegmentSet segments;
    private final StoreHealth health;
    private final ReentrantLock running = new ReentrantLock();
    private final Object signal = new Object();
    private final AtomicLong compactions = new AtomicLong();
    private boolean requested;
    private boolean stopped;
    private Thread thread;

    Compactor(SegmentSet segments, StoreHealth health) {
        this.segments = segments;
        this.health = health;
    }

    /** Asks the background thread for a compaction. */
    void request() {
        synchronized (signal) {
            if (stopped) {
                return;
            }
            requested = true;
            if (thread == null) {
                thread = Thread.ofPlatform().daemon().name("sealdex-compactor").start(this::loop);
            }
            signal.notifyAll();
        }
    }

    /** Stops the background thread and waits for a running compaction to end. */
    void stop() {
        Thread background;
        synchronized (signal) {
            stopped = true;
            signal.notifyAll();
            background = thread;
        }
        if (background != null) {
            boolean interrupted = false;
            while (background.isAlive()) {
                try {
                    background.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        running.lock();
        running.unlock();
    }

    long compactions() {
        return compactions.get();
    }

    /** Runs one compaction now; returns the bytes reclaimed. */
    long compactNow() {
        running.lock();
        try {
            return compactOnce();
        } finally {
            running.unlock();
        }
    }

    private void loop() {
        while (true) {
            synchronized (signal) {
                while (!requested && !stopped) {
                    try {
                        signal.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (stopped) {
                    return;
                }
                requested = false;
            }
            try {
                long reclaimed = compactNow();
                LOG.log(Level.DEBUG, "compacted {0}: {1} bytes reclaimed", segments.directory(), reclaimed);
            } catch (RuntimeException e) {
                if (!health.isClosed()) {
                    LOG.log(Level.WARNING, "compaction of " + segments.directory() + " failed: " + e.getMessage());
                }
            }
        }
    }

    private long compactOnce() {
        long[] sealed;
        long outputId;
        segments.lockAppends();
        try {
            health.checkWritable();
            sealed = segments.sealForCompaction();
            outputId = sealed.length == 0 ? -1 : segments.allocateSegmentId();
        } catch (IOException e) {
            throw health.fail("starting a new segment for compaction failed", e);
        } finally {
            segments.unlockAppends();
        }
        if (sealed.length == 0) {
            return 0;
        }
        Set<Long> old = new HashSet<>();
        long oldBytes = 0;
        for (long id : sealed) {
            old.add(id);
            oldBytes += segments.segment(id).end();
        }
        Segment output;
        try {
            output = segments.createUnlisted(outputId);
        } catch (IOException e) {
            throw new StoreException("compaction could not create a segment in " + segments.directory() + ": "
                    + e.getMessage(), e);
        }
        Copier copier = new Copier(output, old);
        try {
            copier.copyAll();
            output.file().force();
            output.mapForReading(0);
            segments.syncDirectory();
        } catch (IOException | RuntimeException e) {
            abandon(output, copier.moved > 0, e);
        }
        List<Segment> switchedOut;
        try {
            switchedOut = segments.switchSegments(sealed, output);
        } catch (IOException e) {
            throw health.fail("switching " + segments.directory().resolve(Manifest.FILE) + " after a compaction failed", e);
        }
        retire(switchedOut);
        compactions.incrementAndGet();
        return oldBytes - output.end();
    }

    /** Gives up before the switch: nothing on disk changed, but moved keys now point at the new file. */
    private void abandon(Segment output, boolean moved, Exception cause) {
        if (moved) {
            // Keys already point at the unlisted file; only a reopen puts the store back on the manifest.
            IOException io = cause instanceof IOException e ? e : new IOException(cause.getMessage(), cause);
            throw health.fail("compaction stopped half way", io);
        }
        try {
            segments.discardUnlisted(output);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "could not delete " + output.path() + ": " + e.getMessage());
        }
        if (cause instanceof RuntimeException e) {
            throw e;
        }
        throw new StoreException("compaction of " + segments.directory() + " failed: " + cause.getMessage(), cause);
    }

    private void retire(List<Segment> switchedOut) {
        try {
            segments.retire(switchedOut);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not delete compacted segments in " + segments.directory() + ": "
                    + e.getMessage() + "; they are removed at the next open");
        }
    }

    /** Copies live values out of the old segments, one namespace and one chunk of keys at a time. */
    private final class Copier {
        private final Segment output;
        private final Set<Long> old;
        private BatchRecord.Builder builder = new BatchRecord.Builder(64 << 10);
        private final List<Move> pending = new ArrayList<>();
        long moved;

        private record Entry(byte[] key, long location, int length) {
        }

        private record Move(String namespace, byte[] key, long from, int field) {
        }

        Copier(Segment output, Set<Long> old) {
            this.output = output;
            this.old = old;
        }

        void copyAll() throws IOException {
            List<String> names = segments.namespaceNames();
            for (String namespace : names) {
                byte[] namespaceBytes = namespace.getBytes(StandardCharsets.UTF_8);
                byte[] after = null;
                boolean more = true;
                while (more) {
                    if (health.isClosed()) {
                        throw new IllegalStateException("store " + segments.directory() + " closed during compaction");
                    }
                    List<Entry> chunk = new ArrayList<>();
                    byte[][] last = {null};
                    int[] visited = {0};
                    more = !segments.scanAfter(namespace, new byte[0], after, (key, location, length) -> {
                        last[0] = key;
                        if (old.contains(Segment.idOf(location))) {
                            chunk.add(new Entry(key, location, length));
                        }
                        return ++visited[0] < CHUNK_ENTRIES;
                    });
                    after = last[0];
                    for (Entry entry : chunk) {
                        byte[] raw = readForCopy(entry);
                        int field = builder.putRaw(namespaceBytes, entry.key(), raw, 0, raw.length);
                        pending.add(new Move(namespace, entry.key(), entry.location(), field));
                        if (builder.size() >= RECORD_BYTES) {
                            flush();
                        }
                    }
                }
            }
            flush();
        }

        /** The value-length field, CRC and value to copy; a damaged value is copied so that it still fails. */
        private byte[] readForCopy(Entry entry) throws IOException {
            Segment segment = segments.segmentAt(entry.location());
            long offset = Segment.offsetOf(entry.location());
            try {
                return segment.readRaw(offset, entry.length());
            } catch (StoreCorruptionException e) {
                health.countCorruptions(1);
                LOG.log(Level.WARNING, e.getMessage() + "; compaction keeps the value marked as damaged");
                byte[] raw = new byte[BatchRecord.VALUE_HEADER_BYTES + entry.length()];
                ByteBuffer target = ByteBuffer.wrap(raw);
                try {
                    while (target.hasRemaining() && segment.file().read(target, offset + target.position()) >= 0) {
                        continue;
                    }
                } catch (IOException ignored) {
                    // whatever could be read is kept
                }
                BatchRecord.writeInt(raw, 0, entry.length());
                int good = BatchRecord.valueCrc(raw, BatchRecord.VALUE_HEADER_BYTES, entry.length());
                BatchRecord.writeInt(raw, 4, ~good);
                return raw;
            }
        }

        private void flush() throws IOException {
            if (builder.count() == 0) {
                return;
            }
            byte[] record = builder.finish();
            long start = output.end();
            output.append(ByteBuffer.wrap(record));
            List<SegmentSet.Relocation> moves = new ArrayList<>(pending.size());
            for (Move move : pending) {
                moves.add(new SegmentSet.Relocation(move.namespace(), move.key(), move.from(),
                        Segment.location(output.id(), start + move.field())));
            }
            moved += segments.relocate(moves);
            pending.clear();
            builder = new BatchRecord.Builder(64 << 10);
        }
    }
}
