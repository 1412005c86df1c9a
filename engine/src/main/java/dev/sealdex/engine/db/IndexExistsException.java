package dev.sealdex.engine.db;

/** An index with this name exists already. */
public final class IndexExistsException extends DatabaseException {

    private static final long serialVersionUID = 1L;

    /** The index {@code name} exists. */
    public IndexExistsException(String name) {
        super("Index '" + name + "' already exists");
    }
}
