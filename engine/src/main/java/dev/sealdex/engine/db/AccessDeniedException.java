package dev.sealdex.engine.db;

/** The credential is valid but may not do this, e.g. a read-only user writing. */
public final class AccessDeniedException extends DatabaseException {

    private static final long serialVersionUID = 1L;

    /** A permission error described by {@code message}. */
    public AccessDeniedException(String message) {
        super(message);
    }
}
