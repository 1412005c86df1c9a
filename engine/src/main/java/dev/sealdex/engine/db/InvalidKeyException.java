package dev.sealdex.engine.db;

/** The index key, user token or key provider did not open the index: the wrong key. */
public final class InvalidKeyException extends DatabaseException {

    private static final long serialVersionUID = 1L;

    /** The detail CyborgDB 0.17 clients expect. */
    public static final String DETAIL = "Invalid encryption key for index";

    /** A wrong-key error with the standard detail. */
    public InvalidKeyException() {
        super(DETAIL);
    }
}
