package dev.sealdex.engine.store;

import dev.sealdex.engine.crypto.IndexKeys;
import dev.sealdex.engine.crypto.KeyPurpose;
import dev.sealdex.engine.crypto.ObjectKind;
import dev.sealdex.engine.keys.Credential;
import dev.sealdex.engine.keys.KeyProviders;
import dev.sealdex.engine.keys.KeyVault;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;

/**
 * The child process of {@link DiskStoreCrashTest}: opens the store and the index, then writes
 * sealed items from several threads with a seeded generator, printing {@code ack ROUND THREAD I}
 * after each write returns, until it is killed.
 */
public final class CrashWriter {

    static final int SLOTS = 40;

    private CrashWriter() {
    }

    /** The plaintext of write {@code i} of {@code thread} in {@code round}: "round,thread,i," then seeded bytes. */
    static byte[] plaintext(long seed, int round, int thread, int i) {
        Random random = new Random(seed * 1_000_003L + round * 7919L + thread * 104_729L + i);
        byte[] tail = new byte[1 + random.nextInt(1500)];
        random.nextBytes(tail);
        byte[] head = (round + "," + thread + "," + i + ",").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }

    /** The item id written by {@code thread} at {@code i}: a slot that is overwritten again and again. */
    static String itemId(int round, int thread, int i) {
        return round + "-" + thread + "-" + (i % SLOTS);
    }

    /** Arguments: folder, hex index id, hex index key, seed, round, threads. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        byte[] indexId = java.util.HexFormat.of().parseHex(args[1]);
        Credential key = Credential.ClientKey.ofHex(args[2]);
        long seed = Long.parseLong(args[3]);
        int round = Integer.parseInt(args[4]);
        int threads = Integer.parseInt(args[5]);
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.US_ASCII);
        DiskStore store = DiskStore.open(dir, DiskStore.Options.defaults()
                .withSegmentBytes(256 << 10).withAutoCompact(true, 256 << 10));
        IndexKeys keys = new KeyVault(store, KeyProviders.none()).open(indexId, key);
        synchronized (out) {
            out.println("ready");
            out.flush();
        }
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread.ofPlatform().start(() -> {
                for (int i = 0; ; i++) {
                    byte[] token = keys.idTokens().token(itemId(round, thread, i));
                    byte[] plaintext = plaintext(seed, round, thread, i);
                    WriteBatch batch = new WriteBatch()
                            .put("items", token, keys.cipher(KeyPurpose.ITEMS).seal(ObjectKind.ITEM, token, plaintext))
                            .put("meta", token, keys.cipher(KeyPurpose.METADATA).seal(ObjectKind.METADATA_COLUMNS, token,
                                    plaintext));
                    store.write(batch, i % 4 == 3 ? Durability.ASYNC : Durability.SYNC);
                    synchronized (out) {
                        out.println("ack " + round + " " + thread + " " + i);
                        out.flush();
                    }
                }
            });
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}
