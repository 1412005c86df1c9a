package dev.sealdex.engine.store;

import java.io.Closeable;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * {@link StorageIo} on the real file system.
 *
 * <p>A {@link FileChannel} is an interruptible channel: interrupting any thread that is inside a
 * read, write or force closes the channel for every thread (JDK-4920005). Helidon serves
 * requests on virtual threads that may be interrupted, so each {@link StorageFile} here reopens
 * its channel and retries when it finds it closed by an interrupt, and restores the caller's
 * interrupt status afterwards. Positional writes make the retry idempotent.
 */
final class FileSystemIo implements StorageIo {

    static final FileSystemIo INSTANCE = new FileSystemIo();

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    /** Lock files held by this JVM: closing a second channel on a locked file would drop the POSIX lock. */
    private static final Set<Path> HELD_LOCKS = ConcurrentHashMap.newKeySet();

    private FileSystemIo() {
    }

    @Override
    public StorageFile open(Path path, boolean create) throws IOException {
        if (create && !Files.exists(path)) {
            try {
                Files.createFile(path, ownerOnly(false));
            } catch (FileAlreadyExistsException raced) {
                // created meanwhile: open it below
            }
        }
        return new ChannelFile(path);
    }

    @Override
    public List<String> list(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
        }
    }

    @Override
    public boolean exists(Path path) {
        return Files.exists(path);
    }

    @Override
    public void delete(Path path) throws IOException {
        Files.deleteIfExists(path);
    }

    @Override
    public void rename(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void syncDirectory(Path directory) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                    dir.force(true);
                    return;
                } catch (ClosedByInterruptException e) {
                    interrupted |= Thread.interrupted();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void createDirectories(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory, ownerOnly(true));
        }
    }

    @Override
    public Closeable tryLock(Path lockFile) throws IOException {
        Path key = lockFile.toAbsolutePath().normalize();
        if (!HELD_LOCKS.add(key)) {
            return null;
        }
        FileChannel channel = null;
        try {
            if (!Files.exists(lockFile)) {
                try {
                    Files.createFile(lockFile, ownerOnly(false));
                } catch (FileAlreadyExistsException raced) {
                    // fine
                }
            }
            channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                HELD_LOCKS.remove(key);
                return null;
            }
            FileChannel held = channel;
            return () -> {
                if (HELD_LOCKS.remove(key)) {
                    try {
                        lock.release();
                    } finally {
                        held.close();
                    }
                }
            };
        } catch (OverlappingFileLockException | IOException e) {
            if (channel != null) {
                channel.close();
            }
            HELD_LOCKS.remove(key);
            if (e instanceof OverlappingFileLockException) {
                return null;
            }
            throw (IOException) e;
        }
    }

    private static FileAttribute<?>[] ownerOnly(boolean directory) {
        if (!POSIX) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(directory ? "rwx------" : "rw-------"))
        };
    }

    /** A file whose channel is reopened when an interrupt (of this or another thread) closed it. */
    private static final class ChannelFile implements StorageFile {

        private final Path path;
        private final Object reopenLock = new Object();
        private volatile FileChannel channel;
        private volatile boolean closed;

        ChannelFile(Path path) throws IOException {
            this.path = path;
            this.channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }

        @Override
        public long size() throws IOException {
            return run(FileChannel::size);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return run(ch -> ch.read(dst, position));
        }

        @Override
        public void write(ByteBuffer src, long position) throws IOException {
            int start = src.position();
            while (src.hasRemaining()) {
                long at = position + (src.position() - start);
                run(ch -> ch.write(src, at));
            }
        }

        @Override
        public void force() throws IOException {
            run(ch -> {
                ch.force(false);
                return 0;
            });
        }

        @Override
        public void truncate(long size) throws IOException {
            run(ch -> ch.truncate(size));
        }

        @Override
        public MemorySegment map(long size, Arena arena) throws IOException {
            return run(ch -> ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena));
        }

        @Override
        public void close() throws IOException {
            synchronized (reopenLock) {
                closed = true;
                channel.close();
            }
        }

        private <T> T run(ChannelOp<T> op) throws IOException {
            boolean interrupted = false;
            try {
                while (true) {
                    FileChannel current = channel;
                    try {
                        return op.apply(current);
                    } catch (ClosedByInterruptException e) {
                        interrupted |= Thread.interrupted();
                        reopen(current);
                    } catch (AsynchronousCloseException e) {
                        reopen(current);
                    } catch (ClosedChannelException e) {
                        reopen(current);
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private void reopen(FileChannel broken) throws IOException {
            synchronized (reopenLock) {
                if (closed) {
                    throw new ClosedChannelException();
                }
                if (channel == broken) {
                    channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
                }
            }
        }

        @FunctionalInterface
        private interface ChannelOp<T> {
            T apply(FileChannel channel) throws IOException;
        }
    }
}
