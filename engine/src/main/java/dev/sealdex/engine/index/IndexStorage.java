package dev.sealdex.engine.index;

import dev.sealdex.engine.model.Item;
import dev.sealdex.engine.crypto.BlockCipher;
import dev.sealdex.engine.crypto.IndexKeys;
import dev.sealdex.engine.crypto.KeyPurpose;
import dev.sealdex.engine.store.Durability;
import dev.sealdex.engine.store.Store;
import dev.sealdex.engine.store.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Where one index keeps its durable state and the keys that seal it: its namespace in the
 * store and one cipher per purpose. Immutable; shared by the index's read, write, recovery and
 * checkpoint paths.
 *
 * @param namespace the index's store namespace ({@link #namespace(byte[])})
 * @param store     the store
 * @param keys      the index's unwrapped keys (id tokens)
 * @param items     seals item records
 * @param vectors   seals in-memory rows
 * @param codes     seals stage-1 codes and list blocks
 * @param manifest  seals the manifest, checkpoints and metadata columns
 */
record IndexStorage(String namespace, Store store, IndexKeys keys, BlockCipher items, BlockCipher vectors,
                    BlockCipher codes, BlockCipher manifest) {

    /** The sealed manifest ({@link IndexState}). */
    static final byte[] MANIFEST_KEY = "manifest".getBytes(StandardCharsets.US_ASCII);
    /** The sealed centroids of the current layout. */
    static final byte[] CENTROIDS_KEY = "layout/centroids".getBytes(StandardCharsets.US_ASCII);
    /** The sealed stage-1 codec parameters of the current layout. */
    static final byte[] PARAMS_KEY = "layout/params".getBytes(StandardCharsets.US_ASCII);

    /** The storage of the index with id {@code indexId} in {@code store}, under {@code keys}. */
    static IndexStorage of(byte[] indexId, Store store, IndexKeys keys) {
        return new IndexStorage(namespace(indexId), store, keys, keys.cipher(KeyPurpose.ITEMS),
                keys.cipher(KeyPurpose.VECTORS), keys.cipher(KeyPurpose.CODES), keys.cipher(KeyPurpose.METADATA));
    }

    /** The store namespace of the index with id {@code indexId}. */
    static String namespace(byte[] indexId) {
        return "idx:" + HexFormat.of().formatHex(indexId);
    }

    /** The keyed token that stands for {@code id} in item-record keys and the id map. */
    byte[] token(String id) {
        return keys.idTokens().token(id);
    }

    /** The value under {@code key} in this index's namespace, or null. */
    byte[] get(byte[] key) {
        return store.get(namespace, key);
    }

    /** The item stored under {@code token}, or null when there is none. */
    Item item(byte[] token) {
        byte[] sealed = store.get(namespace, ItemRecord.key(token));
        return sealed == null ? null : ItemRecord.open(items, token, sealed).item();
    }

    /** Writes {@code batch} and returns once it is durable. */
    void writeDurably(WriteBatch batch) {
        store.write(batch, Durability.SYNC);
    }
}
