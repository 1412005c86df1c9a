package dev.sealdex.engine.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on a real folder, with small segments so rolls and compactions happen. */
class DiskStoreContractTest extends StoreContractTest {

    @TempDir
    Path directory;

    private DiskStore.Options options() {
        return DiskStore.Options.defaults().withSegmentBytes(16 << 10).withAutoCompact(true, 64 << 10);
    }

    @Override
    protected Store newStore() {
        return DiskStore.open(directory, options());
    }

    @Override
    protected Store reopen(Store current) {
        current.close();
        return newStore();
    }

    @Override
    protected boolean durable() {
        return true;
    }

    @Override
    protected void maintain(Store current) {
        ((DiskStore) current).compact();
    }
}
