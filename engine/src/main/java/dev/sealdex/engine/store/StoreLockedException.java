package dev.sealdex.engine.store;

import java.nio.file.Path;

/** Another process (or another store in this one) already has the data folder open. */
public final class StoreLockedException extends StoreException {

    private static final long serialVersionUID = 1L;

    private final transient Path directory;

    /** The folder {@code directory} is locked by someone else. */
    public StoreLockedException(Path directory) {
        super("the data folder " + directory + " is already in use by another Sealdex process (it holds "
                + directory.resolve(DiskStore.LOCK_FILE) + "); stop that process or point CYBORGDB_DISK_PATH at"
                + " another folder");
        this.directory = directory;
    }

    /** The locked folder. */
    public Path directory() {
        return directory;
    }
}
