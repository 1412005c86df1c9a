package dev.sealdex.engine.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sealdex.engine.crypto.IndexKeys;
import dev.sealdex.engine.crypto.KeyPurpose;
import dev.sealdex.engine.crypto.ObjectKind;
import dev.sealdex.engine.keys.Credential;
import dev.sealdex.engine.keys.KeyProviders;
import dev.sealdex.engine.keys.KeyVault;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real writer process with SIGKILL at a seeded moment, twice, and checks that every
 * write it acknowledged is there after a reopen and decrypts to the same bytes, that its two
 * halves (items and meta) come from the same batch, that a second process could not open the
 * folder meanwhile, and that no nonce was ever used twice.
 */
// Starts and kills child JVMs: the reliability stage, skipped by ./sealdex test --quick.
@Tag("reliability")
class DiskStoreCrashTest {

    private static final int THREADS = 4;
    private static final byte[] INDEX = "crash-test-index".getBytes(StandardCharsets.US_ASCII);
    private static final String KEY_HEX = "7f".repeat(32);

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedWriteSurvivesKillNine() throws Exception {
        Path data = dir.resolve("data");
        try (DiskStore store = DiskStore.open(data)) {
            WriteBatch batch = new WriteBatch();
            new KeyVault(store, KeyProviders.none()).create(INDEX, Credential.ClientKey.ofHex(KEY_HEX), batch);
            store.write(batch, Durability.SYNC);
        }
        Map<String, byte[]> survivors = new HashMap<>();
        long[] seeds = {101, 202};
        for (int round = 0; round < seeds.length; round++) {
            int kills = 300 + new Random(seeds[round]).nextInt(900);
            Map<String, Integer> lastAcked = runAndKill(data, seeds[round], round, kills);
            survivors.putAll(verify(data, seeds[round], round, lastAcked, survivors));
        }
    }

    /** Runs the writer until it has acknowledged {@code kills} writes, kills it, and returns each thread's last ack. */
    private Map<String, Integer> runAndKill(Path data, long seed, int round, int kills) throws Exception {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Path errors = dir.resolve("child-" + round + ".err");
        Process child = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), CrashWriter.class.getName(), data.toString(),
                HexFormat.of().formatHex(INDEX), KEY_HEX, Long.toString(seed), Integer.toString(round),
                Integer.toString(THREADS))
                .redirectError(errors.toFile()).start();
        Map<String, Integer> lastAcked = new HashMap<>();
        int acks = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.US_ASCII))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            String line;
            boolean killed = false;
            while ((line = lines.readLine()) != null) {
                if (line.equals("ready")) {
                    // The folder is locked while the child has it open.
                    StoreLockedException locked = assertThrows(StoreLockedException.class, () -> DiskStore.open(data));
                    assertTrue(locked.getMessage().contains(data.toString()));
                    continue;
                }
                String[] parts = line.split(" ");
                if (parts.length == 4 && parts[0].equals("ack")) {
                    lastAcked.merge(parts[2], Integer.parseInt(parts[3]), Math::max);
                    acks++;
                }
                if (!killed && (acks >= kills || System.nanoTime() > deadline)) {
                    // SIGKILL through the handle: Process.destroyForcibly would also close the pipe,
                    // and the acks still in it were given before the kill.
                    child.toHandle().destroyForcibly();
                    killed = true;
                }
            }
            child.waitFor(30, TimeUnit.SECONDS);
            if (!killed) {
                fail("the writer stopped on its own after " + acks + " acks:\n" + Files.readString(errors));
            }
        } finally {
            child.destroyForcibly();
        }
        assertTrue(acks >= kills, "only " + acks + " acks before the deadline:\n" + Files.readString(errors));
        return lastAcked;
    }

    /** Reopens the store and checks every slot of {@code round}; returns id to plaintext. */
    private Map<String, byte[]> verify(Path data, long seed, int round, Map<String, Integer> lastAcked,
                                       Map<String, byte[]> earlier) throws IOException {
        Map<String, byte[]> found = new HashMap<>();
        try (DiskStore store = DiskStore.open(data, DiskStore.Options.defaults().withStrictRecovery(true))) {
            IndexKeys keys = new KeyVault(store, KeyProviders.none()).open(INDEX, Credential.ClientKey.ofHex(KEY_HEX));
            System.out.println("round " + round + ": acks up to " + lastAcked + "; " + store.recovery() + "; "
                    + store.stats());
            for (int thread = 0; thread < THREADS; thread++) {
                int last = lastAcked.getOrDefault(Integer.toString(thread), -1);
                for (int slot = 0; slot < CrashWriter.SLOTS; slot++) {
                    // The newest acknowledged write to this slot, or the one in flight when the kill came.
                    int acked = last - Math.floorMod(last - slot, CrashWriter.SLOTS);
                    String id = CrashWriter.itemId(round, thread, slot);
                    byte[] token = keys.idTokens().token(id);
                    byte[] item = store.get("items", token);
                    byte[] meta = store.get("meta", token);
                    if (acked < 0 && item == null) {
                        continue;
                    }
                    assertNotNull(item, "acknowledged write " + id + " #" + acked + " is missing");
                    byte[] plaintext = keys.cipher(KeyPurpose.ITEMS).open(ObjectKind.ITEM, token, item);
                    assertArrayEquals(plaintext, keys.cipher(KeyPurpose.METADATA).open(ObjectKind.METADATA_COLUMNS,
                            token, meta), "the two halves of one batch differ for " + id);
                    int written = Integer.parseInt(new String(plaintext, StandardCharsets.US_ASCII).split(",")[2]);
                    assertTrue(written == acked || written == last + 1 && (last + 1) % CrashWriter.SLOTS == slot,
                            id + " holds write #" + written + ", expected #" + acked + " or the one in flight");
                    assertArrayEquals(CrashWriter.plaintext(seed, round, thread, written), plaintext);
                    found.put(id, plaintext);
                }
            }
            for (Map.Entry<String, byte[]> entry : earlier.entrySet()) {
                byte[] token = keys.idTokens().token(entry.getKey());
                assertArrayEquals(entry.getValue(), keys.cipher(KeyPurpose.ITEMS).open(ObjectKind.ITEM, token,
                        store.get("items", token)), "round " + round + " changed " + entry.getKey());
            }
            assertNoNonceRepeats(store);
        }
        return found;
    }

    private static void assertNoNonceRepeats(Store store) {
        Set<Long> counters = new HashSet<>();
        List<String> repeats = new ArrayList<>();
        for (String ns : List.of("items", "meta")) {
            store.scan(ns, new byte[0], (k, v) -> {
                if (!counters.add(ByteBuffer.wrap(v, 8, 8).getLong())) {
                    repeats.add(HexFormat.of().formatHex(v, 8, 16));
                }
                return true;
            });
        }
        assertEquals(List.of(), repeats, "nonce counters used twice");
    }
}
