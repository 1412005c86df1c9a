package dev.sealdex.engine.store;

/**
 * The store could not do what was asked: an I/O error, or a store left unusable by an earlier
 * failed write (reopen it to recover). The message names the folder or file involved.
 */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}. */
    public StoreException(String message) {
        super(message);
    }

    /** A failure with its cause. */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
