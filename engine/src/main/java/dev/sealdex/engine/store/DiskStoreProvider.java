package dev.sealdex.engine.store;

import java.nio.file.Path;
import java.util.Map;

/** The {@code disk} kind, the default: a {@link DiskStore} in the folder {@link #DATA_FOLDER} names. */
public final class DiskStoreProvider implements StoreProvider {

    /** The provider {@link java.util.ServiceLoader} instantiates. */
    public DiskStoreProvider() {
    }

    /** {@code disk}. */
    @Override
    public String kind() {
        return DiskStore.KIND;
    }

    /** Opens (or creates) the disk store in the data folder, with the default options. */
    @Override
    public Store open(Map<String, String> settings) {
        String folder = settings.get(DATA_FOLDER);
        if (folder == null || folder.isBlank()) {
            throw new IllegalArgumentException("The disk store needs a data folder (setting '" + DATA_FOLDER + "')");
        }
        return DiskStore.open(Path.of(folder), DiskStore.Options.defaults());
    }
}
