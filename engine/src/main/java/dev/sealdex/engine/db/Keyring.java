package dev.sealdex.engine.db;

import dev.sealdex.engine.crypto.IndexKeys;
import dev.sealdex.engine.store.WriteBatch;

/**
 * Key management as the database sees it: make an index's data key at creation, and open it
 * again for a request's {@link Access}. Wrong keys fail in constant time with
 * {@link InvalidKeyException} before any index data is read.
 */
interface Keyring {

    /** Creates the data key of a new index, writing its envelope into {@code batch}. */
    IndexKeys create(byte[] indexId, Access access, String kmsName, WriteBatch batch);

    /** Opens the data key of an existing index for {@code access}. */
    IndexKeys open(byte[] indexId, Access access, String kmsName);

    /**
     * Checks {@code access} against an index that is already open in memory, without handing out
     * a second set of keys (whose nonce sequence would overlap the open one's).
     */
    void verify(byte[] indexId, Access access, String kmsName);

    /** Adds the deletion of every key of the index to {@code batch}. */
    void deleteAll(byte[] indexId, WriteBatch batch);
}
