package dev.sealdex.engine.db;

/**
 * The store could not read or write (an I/O failure of the data folder): nothing of the request
 * was acknowledged, the operator must look, and the client may retry later.
 */
public final class StorageUnavailableException extends DatabaseException {

    private static final long serialVersionUID = 1L;

    /** The client-facing detail: no path, no file name. */
    public static final String DETAIL = "Storage is unavailable; the write was not acknowledged";

    /** A storage failure; {@code cause} keeps the file and the I/O error for the log. */
    public StorageUnavailableException(Throwable cause) {
        super(DETAIL, cause);
    }
}
