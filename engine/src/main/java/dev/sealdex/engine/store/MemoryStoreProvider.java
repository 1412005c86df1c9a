package dev.sealdex.engine.store;

import java.util.Map;

/** The {@code memory} kind: a {@link MemoryStore}, gone when the process ends; takes no settings. */
public final class MemoryStoreProvider implements StoreProvider {

    /** The provider {@link java.util.ServiceLoader} instantiates. */
    public MemoryStoreProvider() {
    }

    /** {@code memory}. */
    @Override
    public String kind() {
        return MemoryStore.KIND;
    }

    /** A new, empty memory store. */
    @Override
    public Store open(Map<String, String> settings) {
        return new MemoryStore();
    }
}
