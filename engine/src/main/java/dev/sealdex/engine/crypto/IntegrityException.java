package dev.sealdex.engine.crypto;

/**
 * Stored data failed its integrity check: a GCM tag, a checksum, a magic or a length did not
 * match. The message names what was being read (kind, object, file and offset where known) and
 * never includes plaintext or key material.
 */
public class IntegrityException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An integrity failure described by {@code message}. */
    public IntegrityException(String message) {
        super(message);
    }

    /** An integrity failure with its cause. */
    public IntegrityException(String message, Throwable cause) {
        super(message, cause);
    }
}
