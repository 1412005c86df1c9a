package dev.sealdex.engine.db;

import dev.sealdex.engine.crypto.IntegrityException;
import dev.sealdex.engine.store.StoreException;
import java.util.function.Supplier;

/**
 * Turns the failures of the rooms behind the face (an I/O error of the store, a failed integrity
 * check) into the face's exceptions, so callers of {@link Database} and {@link IndexSession} see
 * only {@link DatabaseException}s. Exceptions the face raised itself pass through untouched.
 */
final class StorageFaults {

    private StorageFaults() {
    }

    /** Runs {@code operation}, translating storage and integrity failures. */
    static <T> T call(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (IntegrityException e) {
            throw new StorageCorruptionException(StorageCorruptionException.NOT_SERVED, e);
        } catch (StoreException e) {
            throw new StorageUnavailableException(e);
        }
    }

    /** Runs {@code operation}, translating storage and integrity failures. */
    static void run(Runnable operation) {
        call(() -> {
            operation.run();
            return null;
        });
    }
}
