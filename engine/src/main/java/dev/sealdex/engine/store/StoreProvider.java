package dev.sealdex.engine.store;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One kind of {@link Store} ({@code memory}, {@code disk}, later {@code postgres}), found with
 * {@link ServiceLoader} the way kernel backends are. Each kind is listed in
 * {@code META-INF/services/dev.sealdex.engine.store.StoreProvider}; a store in its own module
 * registers itself there and needs no change here.
 */
public interface StoreProvider {

    /** The setting that names the data folder of kinds that keep files. */
    String DATA_FOLDER = "data_folder";

    /** The kind this provider opens, as {@code CYBORGDB_DB_TYPE} spells it. */
    String kind();

    /**
     * Opens a store of this kind with {@code settings} (e.g. {@link #DATA_FOLDER}); the caller
     * closes it.
     *
     * @throws IllegalArgumentException when a setting the kind needs is missing
     * @throws StoreException           when the store cannot be opened (locked, unreadable)
     */
    Store open(Map<String, String> settings);

    /** Every kind on the class path, by name. */
    static SortedMap<String, StoreProvider> available() {
        SortedMap<String, StoreProvider> kinds = new TreeMap<>();
        for (StoreProvider provider : ServiceLoader.load(StoreProvider.class)) {
            kinds.putIfAbsent(provider.kind(), provider);
        }
        return kinds;
    }

    /**
     * The provider of {@code kind}.
     *
     * @throws IllegalArgumentException when no provider opens {@code kind}, naming the kinds there are
     */
    static StoreProvider forKind(String kind) {
        SortedMap<String, StoreProvider> kinds = available();
        StoreProvider provider = kinds.get(kind);
        if (provider == null) {
            throw new IllegalArgumentException("No store of kind '" + kind + "'; the kinds available are "
                    + String.join(", ", kinds.keySet()));
        }
        return provider;
    }
}
