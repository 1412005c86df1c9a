package dev.sealdex.engine.keys;

import dev.sealdex.engine.crypto.IntegrityException;
import dev.sealdex.engine.crypto.NonceSequence;
import dev.sealdex.engine.store.Durability;
import dev.sealdex.engine.store.Store;
import dev.sealdex.engine.store.WriteBatch;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one {@link NonceSequence} of each index's data key, shared by every {@code IndexKeys} the
 * vault hands out for it. Each sequence reserves nonces durably by writing its high-water mark
 * ({@link NonceMark}) to the store before it uses them, so nonces never repeat under a key
 * across threads, opens or crashes. Thread-safe.
 */
final class NonceSequences {

    private record Shared(byte[] dataKeyId, NonceSequence sequence) {
    }

    private final Store store;
    private final String namespace;
    private final Map<String, Shared> sequences = new ConcurrentHashMap<>();

    /** Sequences whose marks live in {@code namespace} of {@code store}. */
    NonceSequences(Store store, String namespace) {
        this.store = store;
        this.namespace = namespace;
    }

    /**
     * Starts the sequence of a new data key: adds its first mark (under {@code markKeyOf}) to
     * {@code batch}, which the caller commits with the key record.
     */
    NonceSequence start(byte[] indexId, byte[] dataKeyId, byte[] macKey, byte[] markRecordKey, WriteBatch batch) {
        batch.put(namespace, markRecordKey, NonceMark.encode(macKey, indexId, dataKeyId, NonceSequence.CHUNK));
        NonceSequence sequence = new NonceSequence(0, NonceSequence.CHUNK,
                reservation(indexId, dataKeyId, macKey, markRecordKey));
        sequences.put(name(indexId), new Shared(dataKeyId, sequence));
        return sequence;
    }

    /**
     * The sequence of the data key {@code dataKeyId} (whose DEK is {@code dek}), continued from its
     * persisted mark under {@code markRecordKey} on first use.
     */
    NonceSequence of(byte[] indexId, byte[] dek, byte[] dataKeyId, byte[] markRecordKey) {
        String name = name(indexId);
        Shared shared = sequences.get(name);
        if (shared != null && Arrays.equals(shared.dataKeyId(), dataKeyId)) {
            return shared.sequence();
        }
        synchronized (sequences) {
            shared = sequences.get(name);
            if (shared != null && Arrays.equals(shared.dataKeyId(), dataKeyId)) {
                return shared.sequence();
            }
            byte[] macKey = NonceMark.macKey(dek, indexId);
            byte[] mark = store.get(namespace, markRecordKey);
            if (mark == null) {
                throw new IntegrityException("the nonce high-water mark of index " + name + " is missing");
            }
            long limit = NonceMark.decode(macKey, indexId, dataKeyId, mark);
            NonceSequence sequence = new NonceSequence(limit, reservation(indexId, dataKeyId, macKey, markRecordKey));
            sequences.put(name, new Shared(dataKeyId, sequence));
            return sequence;
        }
    }

    /** Forgets the sequence of a deleted index. */
    void forget(byte[] indexId) {
        sequences.remove(name(indexId));
    }

    private NonceSequence.Reservation reservation(byte[] indexId, byte[] dataKeyId, byte[] macKey,
                                                  byte[] markRecordKey) {
        byte[] id = indexId.clone();
        byte[] keyId = dataKeyId.clone();
        byte[] recordKey = markRecordKey.clone();
        return limit -> store.write(new WriteBatch().put(namespace, recordKey,
                NonceMark.encode(macKey, id, keyId, limit)), Durability.SYNC);
    }

    private static String name(byte[] indexId) {
        return HexFormat.of().formatHex(indexId);
    }
}
