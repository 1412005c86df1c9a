package dev.sealdex.engine.store;

import dev.sealdex.engine.crypto.IntegrityException;
import java.nio.file.Path;

/**
 * Stored bytes failed a check (magic, version, length or CRC32C): the message names the file and
 * the byte offset where the damage starts. The damaged bytes are never returned.
 */
public final class StoreCorruptionException extends IntegrityException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;

    /** Damage in {@code file} at {@code offset}, described by {@code problem}. */
    public StoreCorruptionException(Path file, long offset, String problem) {
        super(file + " is corrupt at offset " + offset + ": " + problem);
        this.file = file;
        this.offset = offset;
    }

    /** The damaged file. */
    public Path file() {
        return file;
    }

    /** The byte offset in {@link #file()} where the damage starts. */
    public long offset() {
        return offset;
    }
}
