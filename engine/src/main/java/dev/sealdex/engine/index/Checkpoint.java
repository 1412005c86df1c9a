package dev.sealdex.engine.index;

import dev.sealdex.engine.ivf.Layout;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sealdex.engine.crypto.BlockCipher;
import dev.sealdex.engine.crypto.IntegrityException;
import dev.sealdex.engine.crypto.ObjectKind;
import dev.sealdex.engine.model.Item;
import dev.sealdex.engine.store.Durability;
import dev.sealdex.engine.store.Store;
import dev.sealdex.engine.store.WriteBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A persisted copy of a layout's sealed list blocks, so that reopening an index loads its lists
 * as they were instead of re-assigning every vector to its nearest centroid. Item records carry
 * the write sequence of the upsert that wrote them; a checkpoint records the sequence it is
 * consistent with, and a reopen replays only records written after it (and drops rows whose
 * records were deleted since).
 *
 * <p>Blocks are stored as sealed, unchanged, at {@code ckpt/<id>/<list><block>} (8-byte id, 4-byte
 * list, 4-byte block, big-endian) and written without fsync; the checkpoint counts only once its
 * meta record, sealed as {@code MANIFEST} object 1 under the metadata key at {@code ckpt/meta},
 * is written durably in the batch that also drops the previous checkpoint's blocks. A crash at
 * any point leaves the previous checkpoint intact.
 *
 * @param format   meta format version, 1
 * @param id       checkpoint number, increasing
 * @param epoch    the layout epoch the blocks belong to
 * @param sequence every item record with a sequence up to this one is reflected in the blocks
 * @param blocks   blocks per list
 * @param maxError the layout's largest stage-1 reconstruction error when the blocks were taken
 */
record Checkpoint(int format, long id, int epoch, long sequence, int[] blocks, float maxError) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] META_KEY = "ckpt/meta".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PREFIX = "ckpt/".getBytes(StandardCharsets.US_ASCII);
    /** Bytes of blocks per write batch: large enough to amortise, small enough not to stall other writers. */
    private static final int BATCH_BYTES = 4 << 20;

    /** Reads the current checkpoint of the index in {@code namespace}, or null. */
    static Checkpoint read(Store store, String namespace, BlockCipher cipher) {
        byte[] sealed = store.get(namespace, META_KEY);
        if (sealed == null) {
            return null;
        }
        try {
            Checkpoint checkpoint = JSON.readValue(cipher.open(ObjectKind.MANIFEST, 1, sealed), Checkpoint.class);
            if (checkpoint.format() != 1) {
                throw new IntegrityException("checkpoint format " + checkpoint.format() + " is not supported");
            }
            return checkpoint;
        } catch (IOException e) {
            throw new IntegrityException("checkpoint meta is malformed", e);
        }
    }

    /** Loads this checkpoint's blocks into {@code layout} (which must have its epoch and list count). */
    void restore(Store store, String namespace, Layout layout) {
        if (epoch != layout.epoch() || blocks.length != layout.listCount()) {
            throw new IntegrityException("checkpoint " + id + " does not match the layout");
        }
        for (int list = 0; list < blocks.length; list++) {
            byte[][] sealed = new byte[blocks[list]][];
            for (int b = 0; b < sealed.length; b++) {
                sealed[b] = store.get(namespace, blockKey(id, list, b));
                if (sealed[b] == null) {
                    throw new IntegrityException("checkpoint " + id + " is missing block " + b + " of list " + list);
                }
            }
            layout.install(list, sealed);
        }
        layout.noteError(maxError);
    }

    /**
     * Writes {@code lists} (a consistent snapshot of the layout's blocks at {@code sequence}) as
     * checkpoint {@code previous + 1} and drops {@code previous}'s blocks.
     */
    static Checkpoint write(Store store, String namespace, BlockCipher cipher, Checkpoint previous, int epoch,
                           long sequence, byte[][][] lists, float maxError) {
        long id = previous == null ? 1 : previous.id() + 1;
        // A crash during an earlier attempt at this id may have left blocks behind.
        store.write(new WriteBatch().deletePrefix(namespace, prefix(id)), Durability.ASYNC);
        int[] counts = new int[lists.length];
        WriteBatch batch = new WriteBatch();
        long bytes = 0;
        for (int list = 0; list < lists.length; list++) {
            counts[list] = lists[list].length;
            for (int b = 0; b < lists[list].length; b++) {
                batch.put(namespace, blockKey(id, list, b), lists[list][b]);
                bytes += lists[list][b].length;
                if (bytes >= BATCH_BYTES) {
                    store.write(batch, Durability.ASYNC);
                    batch = new WriteBatch();
                    bytes = 0;
                }
            }
        }
        Checkpoint next = new Checkpoint(1, id, epoch, sequence, counts, maxError);
        try {
            batch.put(namespace, META_KEY, cipher.seal(ObjectKind.MANIFEST, 1, JSON.writeValueAsBytes(next)));
        } catch (IOException e) {
            throw new IllegalStateException("checkpoint meta does not serialise", e);
        }
        if (previous != null) {
            batch.deletePrefix(namespace, prefix(previous.id()));
        }
        // The durable commit of the meta makes every block written above part of the checkpoint.
        store.write(batch, Durability.SYNC);
        return next;
    }

    private static byte[] prefix(long id) {
        return ByteBuffer.allocate(PREFIX.length + 8 + 1).put(PREFIX).putLong(id).put((byte) '/').array();
    }

    private static byte[] blockKey(long id, int list, int block) {
        return ByteBuffer.allocate(PREFIX.length + 8 + 1 + 8).put(PREFIX).putLong(id).put((byte) '/').putInt(list)
                .putInt(block).array();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Checkpoint c && c.id == id && c.epoch == epoch && c.sequence == sequence
                && java.util.Arrays.equals(c.blocks, blocks);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id) * 31 + java.util.Arrays.hashCode(blocks);
    }

    @Override
    public String toString() {
        return "Checkpoint[id=" + id + ", epoch=" + epoch + ", sequence=" + sequence + "]";
    }
}
