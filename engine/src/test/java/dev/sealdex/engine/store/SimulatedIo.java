package dev.sealdex.engine.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * An in-memory file system behind the {@link StorageIo} seam that knows what is durable: file
 * contents as of each file's last {@code force()}, directory entries as of each folder's last
 * {@code syncDirectory()}. It can lose power after a chosen number of operations, and then
 * produce the disk as a restart would find it: everything synced, plus a random prefix of what
 * was not, the last write of which may be torn (cut short, zero-filled or garbled).
 *
 * <p>Operations that change state (write, force, truncate, create, delete, rename, directory
 * sync) are counted, so a test can run a workload once to count them and then cut the power at
 * any of them. Thread-safe.
 */
public final class SimulatedIo implements StorageIo {

    /** What every operation throws once the power is off. */
    public static final class PowerLoss extends IOException {
        private static final long serialVersionUID = 1L;

        PowerLoss() {
            super("simulated power loss");
        }
    }

    private sealed interface Change permits Write, Truncate {
    }

    private record Write(long offset, byte[] bytes) implements Change {
    }

    private record Truncate(long size) implements Change {
    }

    private sealed interface DirOp permits Create, Delete, Rename {
        Path directory();
    }

    private record Create(Path path, Node node) implements DirOp {
        public Path directory() {
            return path.getParent();
        }
    }

    private record Delete(Path path) implements DirOp {
        public Path directory() {
            return path.getParent();
        }
    }

    private record Rename(Path from, Path to, Node node) implements DirOp {
        public Path directory() {
            return to.getParent();
        }
    }

    /** One file's bytes, now and as of its last sync. */
    private static final class Node {
        byte[] data = new byte[0];
        byte[] durable = new byte[0];
        final List<Change> unsynced = new ArrayList<>();
    }

    private final Map<Path, Node> files = new HashMap<>();
    private final Map<Path, Node> durableEntries = new HashMap<>();
    private final List<DirOp> pendingDirOps = new ArrayList<>();
    private final Set<Path> directories = new HashSet<>();
    private final Set<Path> locks = new HashSet<>();
    private final Set<SimulatedFile> openHandles = new HashSet<>();
    private long operations;
    private long powerLossAt = Long.MAX_VALUE;
    private boolean dead;

    /** State-changing operations so far. */
    public synchronized long operations() {
        return operations;
    }

    /** Files opened and not yet closed. */
    public synchronized int openFiles() {
        return openHandles.size();
    }

    /**
     * Open handles on files that were deleted since they were opened: on a real disk their space
     * is not freed until the handle is closed.
     */
    public synchronized int openDeletedFiles() {
        Set<Node> present = new HashSet<>(files.values());
        int deleted = 0;
        for (SimulatedFile handle : openHandles) {
            if (!present.contains(handle.node)) {
                deleted++;
            }
        }
        return deleted;
    }

    /** Cuts the power when the operation count reaches {@code count}: that operation and every later one throw. */
    public synchronized void powerLossAt(long count) {
        powerLossAt = count;
    }

    /** Whether the power is off. */
    public synchronized boolean powerLost() {
        return dead;
    }

    /**
     * The disk after a power loss: synced data and directory entries, plus a random prefix of the
     * unsynced changes, the last of which may be torn.
     */
    public synchronized SimulatedIo afterPowerLoss(Random random) {
        SimulatedIo next = new SimulatedIo();
        next.directories.addAll(directories);
        Map<Path, Node> entries = new HashMap<>(durableEntries);
        int keep = random.nextInt(pendingDirOps.size() + 1);
        for (int i = 0; i < keep; i++) {
            applyDirOp(entries, pendingDirOps.get(i));
        }
        Map<Node, Node> copies = new HashMap<>();
        for (Map.Entry<Path, Node> entry : entries.entrySet()) {
            Node copy = copies.computeIfAbsent(entry.getValue(), node -> crashCopy(node, random));
            next.files.put(entry.getKey(), copy);
            next.durableEntries.put(entry.getKey(), copy);
        }
        return next;
    }

    /** The disk after the process was killed but the machine kept running: everything written survives. */
    public synchronized SimulatedIo afterProcessCrash() {
        SimulatedIo next = new SimulatedIo();
        next.directories.addAll(directories);
        for (Map.Entry<Path, Node> entry : files.entrySet()) {
            Node copy = new Node();
            copy.data = entry.getValue().data.clone();
            copy.durable = copy.data.clone();
            next.files.put(entry.getKey(), copy);
            next.durableEntries.put(entry.getKey(), copy);
        }
        return next;
    }

    /** A copy of the bytes of {@code path} as they are now, for tests that damage files. */
    public synchronized byte[] read(Path path) {
        Node node = files.get(path);
        return node == null ? null : node.data.clone();
    }

    /** Replaces the bytes of {@code path}, durably, as a disk fault would. */
    public synchronized void overwrite(Path path, byte[] bytes) {
        Node node = files.get(path);
        node.data = bytes.clone();
        node.durable = bytes.clone();
        node.unsynced.clear();
    }

    private static Node crashCopy(Node node, Random random) {
        Node copy = new Node();
        byte[] data = node.durable.clone();
        int keep = random.nextInt(node.unsynced.size() + 1);
        for (int i = 0; i < keep; i++) {
            Change change = node.unsynced.get(i);
            switch (change) {
                case Truncate t -> data = t.size() < data.length ? Arrays.copyOf(data, (int) t.size()) : data;
                case Write w -> {
                    byte[] bytes = w.bytes();
                    if (i == keep - 1 && random.nextInt(3) == 0) {
                        bytes = tear(bytes, random);
                    }
                    data = writeAt(data, w.offset(), bytes);
                }
            }
        }
        copy.data = data;
        copy.durable = data.clone();
        return copy;
    }

    private static byte[] tear(byte[] bytes, Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
            case 1 -> new byte[bytes.length];
            default -> {
                byte[] garbled = bytes.clone();
                int from = random.nextInt(garbled.length + 1);
                for (int i = from; i < garbled.length; i++) {
                    garbled[i] = (byte) random.nextInt(256);
                }
                yield garbled;
            }
        };
    }

    private static byte[] writeAt(byte[] data, long offset, byte[] bytes) {
        int end = (int) offset + bytes.length;
        byte[] out = end > data.length ? Arrays.copyOf(data, end) : data;
        System.arraycopy(bytes, 0, out, (int) offset, bytes.length);
        return out;
    }

    private static void applyDirOp(Map<Path, Node> entries, DirOp op) {
        switch (op) {
            case Create c -> entries.put(c.path(), c.node());
            case Delete d -> entries.remove(d.path());
            case Rename r -> {
                entries.remove(r.from());
                entries.put(r.to(), r.node());
            }
        }
    }

    private void alive() throws PowerLoss {
        if (dead) {
            throw new PowerLoss();
        }
    }

    /** Counts a state-changing operation; throws once the power is cut. */
    private void step() throws PowerLoss {
        alive();
        operations++;
        if (operations >= powerLossAt) {
            dead = true;
            throw new PowerLoss();
        }
    }

    @Override
    public synchronized StorageFile open(Path path, boolean create) throws IOException {
        alive();
        Node node = files.get(path);
        if (node == null) {
            if (!create) {
                throw new NoSuchFileException(path.toString());
            }
            step();
            node = new Node();
            files.put(path, node);
            pendingDirOps.add(new Create(path, node));
        }
        SimulatedFile handle = new SimulatedFile(node);
        openHandles.add(handle);
        return handle;
    }

    @Override
    public synchronized List<String> list(Path directory) throws IOException {
        alive();
        List<String> names = new ArrayList<>();
        for (Path path : files.keySet()) {
            if (directory.equals(path.getParent())) {
                names.add(path.getFileName().toString());
            }
        }
        return names;
    }

    @Override
    public synchronized boolean exists(Path path) throws IOException {
        alive();
        return files.containsKey(path) || directories.contains(path);
    }

    @Override
    public synchronized void delete(Path path) throws IOException {
        step();
        if (files.remove(path) != null) {
            pendingDirOps.add(new Delete(path));
        }
    }

    @Override
    public synchronized void rename(Path from, Path to) throws IOException {
        step();
        Node node = files.remove(from);
        if (node == null) {
            throw new NoSuchFileException(from.toString());
        }
        files.put(to, node);
        pendingDirOps.add(new Rename(from, to, node));
    }

    @Override
    public synchronized void syncDirectory(Path directory) throws IOException {
        step();
        List<DirOp> remaining = new ArrayList<>();
        for (DirOp op : pendingDirOps) {
            if (directory.equals(op.directory())) {
                applyDirOp(durableEntries, op);
            } else {
                remaining.add(op);
            }
        }
        pendingDirOps.clear();
        pendingDirOps.addAll(remaining);
    }

    @Override
    public synchronized void createDirectories(Path directory) throws IOException {
        alive();
        for (Path p = directory; p != null; p = p.getParent()) {
            directories.add(p);
        }
    }

    @Override
    public synchronized Closeable tryLock(Path lockFile) throws IOException {
        alive();
        if (!locks.add(lockFile)) {
            return null;
        }
        return () -> {
            synchronized (SimulatedIo.this) {
                locks.remove(lockFile);
            }
        };
    }

    private final class SimulatedFile implements StorageFile {
        private final Node node;
        private boolean closed;

        SimulatedFile(Node node) {
            this.node = node;
        }

        private void open() throws IOException {
            alive();
            if (closed) {
                throw new java.nio.channels.ClosedChannelException();
            }
        }

        @Override
        public long size() throws IOException {
            synchronized (SimulatedIo.this) {
                open();
                return node.data.length;
            }
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            synchronized (SimulatedIo.this) {
                open();
                if (position >= node.data.length) {
                    return -1;
                }
                int n = (int) Math.min(dst.remaining(), node.data.length - position);
                dst.put(node.data, (int) position, n);
                return n;
            }
        }

        @Override
        public void write(ByteBuffer src, long position) throws IOException {
            synchronized (SimulatedIo.this) {
                open();
                byte[] bytes = new byte[src.remaining()];
                src.get(bytes);
                node.data = writeAt(node.data, position, bytes);
                node.unsynced.add(new Write(position, bytes));
                step();
            }
        }

        @Override
        public void force() throws IOException {
            synchronized (SimulatedIo.this) {
                open();
                step();
                node.durable = node.data.clone();
                node.unsynced.clear();
            }
        }

        @Override
        public void truncate(long size) throws IOException {
            synchronized (SimulatedIo.this) {
                open();
                step();
                if (size < node.data.length) {
                    node.data = Arrays.copyOf(node.data, (int) size);
                }
                node.unsynced.add(new Truncate(size));
            }
        }

        @Override
        public void close() {
            synchronized (SimulatedIo.this) {
                closed = true;
                openHandles.remove(this);
            }
        }
    }
}
