package dev.sealdex.bench.ann;

import dev.sealdex.engine.crypto.IndexKeys;
import dev.sealdex.engine.crypto.NonceSequence;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One benchmark index's data key and id, and a stand-in for the durable nonce high-water mark,
 * so that reopening the index resumes its nonce counter instead of reusing nonces. The harness
 * holds the DEK itself because there is no client key to wrap it with; a server never does.
 */
final class KeyMaterial {

    private final byte[] dek = new byte[IndexKeys.DEK_BYTES];
    private final byte[] indexId = new byte[16];
    private final boolean encrypted;
    private final AtomicLong reserved = new AtomicLong();

    /** A fresh random key and id; {@code encrypted = false} gives the copy-only benchmark ciphers. */
    KeyMaterial(boolean encrypted, SecureRandom random) {
        random.nextBytes(dek);
        random.nextBytes(indexId);
        this.encrypted = encrypted;
    }

    /** The 16-byte index id. */
    byte[] indexId() {
        return indexId.clone();
    }

    /** Whether the ciphers really encrypt. */
    boolean encrypted() {
        return encrypted;
    }

    /** Keys for opening the index now, with nonces resuming above every one handed out before. */
    IndexKeys keys() {
        NonceSequence nonces = new NonceSequence(reserved.get(), limit -> reserved.accumulateAndGet(limit, Math::max));
        return encrypted ? new IndexKeys(dek, indexId, nonces) : IndexKeys.plaintextForBenchmarks(dek, indexId, nonces);
    }

    /** Overwrites the data key. */
    void wipe() {
        IndexKeys.wipe(dek);
    }
}
