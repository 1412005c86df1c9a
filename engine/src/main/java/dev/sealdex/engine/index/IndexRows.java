package dev.sealdex.engine.index;

import dev.sealdex.engine.search.Bitmasks;
import dev.sealdex.engine.search.RowSource;
import dev.sealdex.engine.crypto.BlockCipher;
import dev.sealdex.engine.model.Metric;
import dev.sealdex.engine.model.StoragePrecision;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The rows of one index and the ids that name them: each live item's sealed row by ordinal
 * ({@link RowFormat}), the id map from id token to ordinal, ordinal allocation, the live count,
 * the write sequence and the writers' claims on ids.
 *
 * <p>Concurrency: rows are read without locks (each is published whole). The id map, ordinal
 * allocation and live count change together under one short lock. A writer first
 * {@linkplain #claim claims} its batch's ids, so no two writers change the same id at once.
 */
final class IndexRows {

    private final BlockCipher cipher;
    private final OrdinalArray<byte[]> sealed = new OrdinalArray<>();
    private final IdMap ids = new IdMap();
    private final ReentrantLock idLock = new ReentrantLock();
    private final InFlightIds inFlight = new InFlightIds();
    private final AtomicInteger nextOrdinal = new AtomicInteger();
    private final AtomicInteger live = new AtomicInteger();
    /** Write sequence: every upsert batch takes the next number, stored in its item records. */
    private final AtomicLong sequence = new AtomicLong();

    /** Rows sealed with {@code cipher} (the index's vectors key). */
    IndexRows(BlockCipher cipher) {
        this.cipher = cipher;
    }

    /** Live items. */
    int live() {
        return live.get();
    }

    /** One past the highest ordinal ever allocated. */
    int ordinalLimit() {
        return nextOrdinal.get();
    }

    /** The sequence number of the last upsert batch. */
    long sequence() {
        return sequence.get();
    }

    /** Takes the next write sequence number for an upsert batch. */
    long nextSequence() {
        return sequence.incrementAndGet();
    }

    // ---- writers -------------------------------------------------------------------------------

    /** Claims every id in {@code tokens}, waiting while another writer holds any of them. */
    InFlightIds.Claim claim(byte[][] tokens) {
        return inFlight.claim(tokens);
    }

    /**
     * The ordinal of each token: its current one, or a newly allocated one for an unknown token.
     * Sets {@code existed[i]} to whether token {@code i} was known. The caller holds a claim.
     */
    int[] ordinalsFor(byte[][] tokens, boolean[] existed) {
        int[] ordinals = new int[tokens.length];
        idLock.lock();
        try {
            for (int i = 0; i < tokens.length; i++) {
                int ordinal = ids.get(tokens[i]);
                existed[i] = ordinal >= 0;
                ordinals[i] = existed[i] ? ordinal : nextOrdinal.getAndIncrement();
            }
        } finally {
            idLock.unlock();
        }
        return ordinals;
    }

    /** The current ordinal of each token, -1 for unknown ones. The caller holds a claim. */
    int[] find(byte[][] tokens) {
        int[] ordinals = new int[tokens.length];
        idLock.lock();
        try {
            for (int i = 0; i < tokens.length; i++) {
                ordinals[i] = ids.get(tokens[i]);
            }
        } finally {
            idLock.unlock();
        }
        return ordinals;
    }

    /** Seals {@code vector} (already prepared for the metric) as the row of {@code ordinal}. */
    void put(int ordinal, String id, float[] vector, StoragePrecision precision) {
        sealed.set(ordinal, RowFormat.seal(cipher, ordinal, id, vector, precision));
    }

    /** Drops the row of {@code ordinal}. */
    void clear(int ordinal) {
        sealed.set(ordinal, null);
    }

    /** Maps the tokens that were not {@code existed} before to their {@code ordinals}: they are live now. */
    void addIds(byte[][] tokens, int[] ordinals, boolean[] existed) {
        idLock.lock();
        try {
            for (int i = 0; i < tokens.length; i++) {
                if (!existed[i]) {
                    ids.put(tokens[i], ordinals[i]);
                    live.incrementAndGet();
                }
            }
        } finally {
            idLock.unlock();
        }
    }

    /** Unmaps {@code tokens}; unknown ones are ignored. */
    void removeIds(byte[][] tokens) {
        idLock.lock();
        try {
            for (byte[] token : tokens) {
                if (ids.remove(token) >= 0) {
                    live.decrementAndGet();
                }
            }
        } finally {
            idLock.unlock();
        }
    }

    // ---- recovery ------------------------------------------------------------------------------

    /** Maps {@code token} to {@code ordinal} while the index is being reopened. */
    void restoreId(byte[] token, int ordinal) {
        idLock.lock();
        try {
            ids.put(token, ordinal);
            live.incrementAndGet();
        } finally {
            idLock.unlock();
        }
    }

    /** Sets the allocation and sequence counters after a reopen read every record. */
    void restoreCounters(int ordinalLimit, long lastSequence) {
        nextOrdinal.set(ordinalLimit);
        sequence.set(lastSequence);
    }

    // ---- readers -------------------------------------------------------------------------------

    /**
     * What a search reads of the rows, for vectors of {@code dimension} scored by {@code metric}:
     * the rows up to the ordinal limit of now.
     */
    RowSource view(int dimension, Metric metric) {
        return new View(sealed, cipher, dimension, metric, nextOrdinal.get());
    }

    /** A search's view of the rows (one class, so the rerank's calls through it stay monomorphic). */
    private record View(OrdinalArray<byte[]> rows, BlockCipher cipher, int dimension, Metric metric,
                        int ordinalLimit) implements RowSource {

        @Override
        public byte[] sealed(int ordinal) {
            return rows.get(ordinal);
        }

        @Override
        public int rowBytes(int idBytes) {
            return RowFormat.HEADER_BYTES + idBytes + 4 * dimension;
        }

        @Override
        public int open(int ordinal, byte[] sealed, byte[] row, float[] vector) {
            return RowFormat.open(cipher, ordinal, sealed, row, vector);
        }

        @Override
        public String id(byte[] row, int idLength) {
            return RowFormat.id(row, idLength);
        }
    }

    /**
     * Opens the row of {@code ordinal} into {@code scratch} and {@code vector}; returns the id's
     * length in {@code scratch} (see {@link RowFormat#id}), or -1 when the ordinal has no row.
     */
    int open(int ordinal, byte[] scratch, float[] vector) {
        byte[] row = sealed.get(ordinal);
        return row == null ? -1 : RowFormat.open(cipher, ordinal, row, scratch, vector);
    }

    /**
     * The ids of live rows allowed by {@code allowed} (a bit per ordinal, or null for every row),
     * in ordinal order, at most {@code limit}.
     */
    List<String> ids(long[] allowed, int limit, int dimension) {
        List<String> found = new ArrayList<>(Math.min(limit, live.get()));
        byte[] scratch = new byte[RowFormat.maxPlaintext(dimension)];
        float[] vector = new float[dimension];
        int end = nextOrdinal.get();
        try {
            for (int ordinal = 0; ordinal < end && found.size() < limit; ordinal++) {
                if (allowed != null && !Bitmasks.get(allowed, ordinal)) {
                    continue;
                }
                int idLength = open(ordinal, scratch, vector);
                if (idLength >= 0) {
                    found.add(RowFormat.id(scratch, idLength));
                }
            }
        } finally {
            Arrays.fill(scratch, (byte) 0);
            Arrays.fill(vector, 0f);
        }
        return found;
    }
}
