package dev.sealdex.engine.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The one seam through which the disk store touches the file system: opening, listing,
 * renaming and deleting files, syncing directories and taking the process lock. Everything
 * durable goes through here, so a test can substitute an implementation that counts operations,
 * injects faults, drops what was never synced and tears the last write (a simulated power loss).
 *
 * <p>{@link #fileSystem()} is the real implementation.
 */
public interface StorageIo {

    /** The real file system through {@link java.nio.channels.FileChannel}. */
    static StorageIo fileSystem() {
        return FileSystemIo.INSTANCE;
    }

    /**
     * Opens {@code path} for positional reads and writes, creating an empty file (readable only
     * by its owner where the file system allows) when {@code create} is set and it is absent.
     *
     * @throws java.nio.file.NoSuchFileException if it is absent and {@code create} is not set
     */
    StorageFile open(Path path, boolean create) throws IOException;

    /** The names of the regular files in {@code directory}, in no particular order. */
    List<String> list(Path directory) throws IOException;

    /** Whether {@code path} exists. */
    boolean exists(Path path) throws IOException;

    /** Deletes {@code path} if it exists; durable only after {@link #syncDirectory}. */
    void delete(Path path) throws IOException;

    /**
     * Renames {@code from} to {@code to}, atomically replacing {@code to}; durable only after
     * {@link #syncDirectory} of the parent.
     */
    void rename(Path from, Path to) throws IOException;

    /** Makes the creations, renames and deletions in {@code directory} durable (fsync of the directory). */
    void syncDirectory(Path directory) throws IOException;

    /** Creates {@code directory} and its parents (readable only by the owner where possible). */
    void createDirectories(Path directory) throws IOException;

    /**
     * Takes an exclusive lock on {@code lockFile} (created if absent) that other processes see,
     * or returns {@code null} when another process or this one already holds it. Closing the
     * returned handle releases the lock.
     */
    Closeable tryLock(Path lockFile) throws IOException;
}
