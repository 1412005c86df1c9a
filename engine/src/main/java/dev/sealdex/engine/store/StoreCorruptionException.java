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
    private final boolean recordsLost;

    /** Damage in {@code file} at {@code offset}, described by {@code problem}. */
    public StoreCorruptionException(Path file, long offset, String problem) {
        this(file, offset, problem, false);
    }

    /**
     * Damage in {@code file} at {@code offset}, described by {@code problem}; {@code recordsLost}
     * when whole records (write batches) could not be read, so what they wrote is unknown.
     */
    public StoreCorruptionException(Path file, long offset, String problem, boolean recordsLost) {
        super(file + " is corrupt at offset " + offset + ": " + problem);
        this.file = file;
        this.offset = offset;
        this.recordsLost = recordsLost;
    }

    /**
     * Whether whole records were skipped: their puts and deletes are missing, so older values
     * they overwrote or deleted may show again. False when only values are damaged (their keys are
     * known, and reading them reports this damage).
     */
    public boolean recordsLost() {
        return recordsLost;
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
