package dev.sealdex.engine.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The key index, built op by op and in bulk at replay, against a tree-map model. */
class NamespaceIndexTest {

    /** Keys of mixed lengths that share long prefixes, so the 8-byte prefix ties are exercised. */
    private static byte[] key(Random random) {
        byte[] key = new byte[random.nextInt(14)];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (i < 6 ? random.nextInt(2) * 0xFF : random.nextInt(4));
        }
        return key;
    }

    private static List<String> dump(NamespaceIndex index, byte[] prefix, byte[] after) {
        List<String> out = new ArrayList<>();
        index.forEach(prefix, after, (k, location, length) -> out.add(HexFormat.of().formatHex(k) + "@" + location));
        return out;
    }

    private static List<String> dump(TreeMap<String, Long> model, String prefix, String after) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Long> e : model.entrySet()) {
            String k = e.getKey();
            boolean afterOk = after == null || Keys.compare(HexFormat.of().parseHex(k), HexFormat.of().parseHex(after)) > 0;
            if (k.startsWith(prefix) && afterOk) {
                out.add(k + "@" + e.getValue());
            }
        }
        out.sort((a, b) -> Keys.compare(HexFormat.of().parseHex(a.substring(0, a.indexOf('@'))),
                HexFormat.of().parseHex(b.substring(0, b.indexOf('@')))));
        return out;
    }

    @Test
    void aBulkLoadOfASortedRunThenRandomOperationsMatchesTheModel() {
        for (int tail : new int[] {0, 1, 3_000}) {
            Random random = new Random(tail);
            NamespaceIndexBuilder builder = new NamespaceIndexBuilder();
            TreeMap<String, Long> model = new TreeMap<>();
            for (int i = 0; i < 5_000; i++) {
                byte[] key = java.nio.ByteBuffer.allocate(4 + i % 5).putInt(i * 3).array();
                builder.put(key, i, 1);
                model.put(HexFormat.of().formatHex(key), (long) i);
            }
            for (int op = 0; op < tail; op++) {
                byte[] key = java.nio.ByteBuffer.allocate(4).putInt(random.nextInt(20_000)).array();
                String hex = HexFormat.of().formatHex(key);
                if (random.nextInt(4) == 0) {
                    builder.delete(key);
                    model.remove(hex);
                } else {
                    builder.put(key, 10_000 + op, 1);
                    model.put(hex, 10_000L + op);
                }
            }
            NamespaceIndex bulk = builder.build(new long[1]);
            assertEquals(dump(model, "", null), dump(bulk, new byte[0], null), "tail " + tail);
        }
    }

    @Test
    void stepwiseAndBulkIndexesMatchTheModel() {
        Random random = new Random(3);
        NamespaceIndex index = new NamespaceIndex();
        NamespaceIndexBuilder builder = new NamespaceIndexBuilder();
        TreeMap<String, Long> model = new TreeMap<>();
        for (int op = 0; op < 60_000; op++) {
            byte[] key = key(random);
            String hex = HexFormat.of().formatHex(key);
            int kind = random.nextInt(100);
            if (kind < 70) {
                long location = op;
                index.put(key, location, 1);
                builder.put(key, location, 1);
                model.put(hex, location);
            } else if (kind < 98) {
                index.delete(key);
                builder.delete(key);
                model.remove(hex);
            } else {
                byte[] prefix = java.util.Arrays.copyOf(key, Math.min(key.length, 3));
                String p = HexFormat.of().formatHex(prefix);
                index.deletePrefix(prefix);
                builder.deletePrefix(prefix);
                model.keySet().removeIf(k -> k.startsWith(p));
            }
            if (op % 20_000 == 19_999) {
                NamespaceIndex bulk = builder.build(new long[1]);
                for (NamespaceIndex candidate : List.of(index, bulk)) {
                    assertEquals(model.size(), candidate.size());
                    assertEquals(dump(model, "", null), dump(candidate, new byte[0], null));
                    assertEquals(dump(model, "ff", null), dump(candidate, new byte[] {(byte) 0xFF}, null));
                    String after = model.isEmpty() ? "00" : model.firstKey();
                    assertEquals(dump(model, "", after), dump(candidate, new byte[0], HexFormat.of().parseHex(after)));
                    for (int probe = 0; probe < 500; probe++) {
                        byte[] k = key(random);
                        Long expected = model.get(HexFormat.of().formatHex(k));
                        NamespaceIndex.Hit hit = candidate.get(k);
                        if (expected == null) {
                            assertNull(hit);
                        } else {
                            assertEquals(expected, hit.location());
                        }
                    }
                }
            }
        }
    }
}
