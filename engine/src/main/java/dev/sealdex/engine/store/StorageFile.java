package dev.sealdex.engine.store;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * One open file behind the {@link StorageIo} seam. Reads and writes are positional, so several
 * threads may read while one appends. Nothing written is durable until {@link #force()} returns.
 */
public interface StorageFile extends Closeable {

    /** The current size in bytes. */
    long size() throws IOException;

    /** Reads into {@code dst} from {@code position}; returns the bytes read, or -1 at end of file. */
    int read(ByteBuffer dst, long position) throws IOException;

    /** Writes all of {@code src} at {@code position}, growing the file as needed. */
    void write(ByteBuffer src, long position) throws IOException;

    /** Makes everything written so far durable (fdatasync). */
    void force() throws IOException;

    /** Cuts the file to {@code size} bytes. */
    void truncate(long size) throws IOException;

    /**
     * Maps the first {@code size} bytes read-only into {@code arena}, for files that no longer
     * change; returns {@code null} when this implementation does not map (reads then use
     * {@link #read}).
     */
    default MemorySegment map(long size, Arena arena) throws IOException {
        return null;
    }

    /** Closes the file; idempotent. */
    @Override
    void close() throws IOException;

    /** Fills {@code dst} from {@code position}, or throws {@link EOFException} if the file ends first. */
    default void readFully(ByteBuffer dst, long position) throws IOException {
        long at = position;
        while (dst.hasRemaining()) {
            int n = read(dst, at);
            if (n < 0) {
                throw new EOFException("end of file at offset " + at);
            }
            at += n;
        }
    }
}
