package dev.sealdex.engine.db;

/** No index has this name (the message contains "does not exist", which SDKs test for). */
public final class IndexNotFoundException extends DatabaseException {

    private static final long serialVersionUID = 1L;

    /** The index {@code name} does not exist. */
    public IndexNotFoundException(String name) {
        super("Index '" + name + "' does not exist");
    }
}
