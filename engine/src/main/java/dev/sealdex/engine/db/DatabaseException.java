package dev.sealdex.engine.db;

/**
 * An error the client caused or must be told about. Each subclass names one kind of problem in
 * the engine's terms; the API layer alone decides how each is reported. The message is
 * client-facing and never carries a secret or stored plaintext.
 */
public abstract class DatabaseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An error with a client-facing message. */
    protected DatabaseException(String message) {
        super(message);
    }

    /** An error with a client-facing message and a cause for the log. */
    protected DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
