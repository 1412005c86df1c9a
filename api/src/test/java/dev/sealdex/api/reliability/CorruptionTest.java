package dev.sealdex.api.reliability;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sealdex.api.testing.TestApi;
import dev.sealdex.engine.db.Access;
import dev.sealdex.engine.db.Database;
import dev.sealdex.engine.db.DatabaseSettings;
import dev.sealdex.engine.db.IndexSession;
import dev.sealdex.engine.kernel.Kernels;
import dev.sealdex.engine.model.EngineResources;
import dev.sealdex.engine.model.IndexConfig;
import dev.sealdex.engine.model.Item;
import dev.sealdex.engine.model.Metric;
import dev.sealdex.engine.model.StoragePrecision;
import dev.sealdex.engine.store.DiskStore;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage in every kind of stored file, then a real server process on a copy of
 * the data. A bit flipped, a page zeroed or a file truncated, in the {@code MANIFEST}, a segment's
 * header, a record's framing, and the stored values of each kind (item records, an item record
 * whose checksum an attacker fixed up, the key record, the nonce mark, the catalog entry, the index
 * manifest, the checkpoint). The server must either refuse to start, naming the file and the
 * offset, or serve: the indexes hit answer a 5xx that says their data failed its integrity check,
 * every other index serves exactly what was written, and nothing served is ever altered or
 * another item. Only damage at the very end of the newest segment (a truncation) may lose items,
 * as a crash before a sync would: it is indistinguishable from one.
 *
 * <p>The data are written once, before the server starts, through the engine's own {@link Database}
 * on a {@link DiskStore} in this JVM (the same code and files the server uses; it saves a server
 * start in the CI budget).
 */
@Tag("reliability")
@ExtendWith(Seeds.class)
class CorruptionTest {

    private static final int DIMENSION = 8;
    /** Index names and their item counts; each value-damage case hits one index, {@code e_intact} none. */
    private static final Map<String, Integer> INDEXES = new LinkedHashMap<>();

    static {
        INDEXES.put("a_item", 30);
        INDEXES.put("c_key", 21);
        INDEXES.put("d_mark", 22);
        INDEXES.put("e_intact", 40);
        INDEXES.put("f_ckpt", 23);
        INDEXES.put("g_catalog", 24);
        INDEXES.put("h_manifest", 25);
        INDEXES.put("t_tamper", 26);
    }

    @TempDir
    Path dir;

    private final long seed = Seeds.of("corruption");
    private final Items items = new Items(seed);
    private final String key = Indexes.key(seed);
    private final String apiKey = Indexes.key(seed + 1);
    /** Expected state: index, then id, then version (or {@link Ledger#ABSENT}). */
    private final Map<String, Map<String, Integer>> expected = new TreeMap<>();
    /**
     * Every state each index went through, one per atomic write, oldest first: what a truncated newest
     * segment may roll an index back to (each entry maps the present ids to their versions).
     */
    private final Map<String, List<Map<String, Integer>>> history = new TreeMap<>();

    private enum Outcome {
        /** The server must refuse to start. */
        REFUSE,
        /** The server may refuse or serve (with specific errors for what is damaged). */
        REFUSE_OR_SERVE,
        /** The server must serve; what is damaged answers specific errors. */
        SERVE,
        /** Like {@link #REFUSE_OR_SERVE}, and items may be missing (damage at the end of the newest segment). */
        SERVE_MAY_LOSE
    }

    private record Case(String name, Outcome outcome, String mustNameFile) {
    }

    @Test
    void damageIsRefusedOrReportedNeverServed() throws Exception {
        Path pristine = dir.resolve("pristine");
        write(pristine.resolve("data"));
        List<Case> cases = new ArrayList<>(List.of(
                new Case("manifest-flip", Outcome.REFUSE, "MANIFEST"),
                new Case("record-framing-flip", Outcome.REFUSE, ".seg"),
                new Case("segment-zero-page", Outcome.REFUSE_OR_SERVE, ".seg"),
                new Case("values", Outcome.SERVE, null),
                new Case("segment-truncate", Outcome.SERVE_MAY_LOSE, null)));
        if (TestSizes.LONG) {
            cases.addAll(List.of(
                    new Case("manifest-zero", Outcome.REFUSE, "MANIFEST"),
                    new Case("manifest-truncate", Outcome.REFUSE, "MANIFEST"),
                    new Case("segment-header-flip", Outcome.REFUSE, ".seg")));
            for (int extra = 1; extra <= 3; extra++) {
                cases.addAll(List.of(new Case("record-framing-flip", Outcome.REFUSE, ".seg"),
                        new Case("segment-zero-page", Outcome.REFUSE_OR_SERVE, ".seg"),
                        new Case("values", Outcome.SERVE, null),
                        new Case("segment-truncate", Outcome.SERVE_MAY_LOSE, null)));
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            Path root = dir.resolve("case-" + i + "-" + c.name());
            copy(pristine.resolve("data"), root.resolve("data"));
            String damage = damage(c.name(), root.resolve("data"), random.split());
            String context = "case " + c.name() + " (" + damage + ")";
            ServerProcess server = ServerProcess.create("corrupt-" + i, root, Map.of("CYBORGDB_API_KEY", apiKey,
                    "AUTO_TRAIN_DISABLED", "true"));
            try {
                run(server, c, context);
            } finally {
                server.kill();
            }
        }
    }

    private void run(ServerProcess server, Case c, String context) {
        if (c.outcome() == Outcome.REFUSE) {
            ServerProcess.Refusal refusal = server.startExpectingExit(Duration.ofSeconds(60));
            checkRefusal(refusal, c, context);
            return;
        }
        ServerProcess.Refusal refusal = null;
        if (c.outcome() != Outcome.SERVE) {
            try {
                server.start(Duration.ofSeconds(90));
            } catch (AssertionError exited) {
                refusal = new ServerProcess.Refusal(1, server.lastOutput());
            }
        } else {
            server.start(Duration.ofSeconds(90));
        }
        if (refusal != null) {
            checkRefusal(refusal, c, context);
            return;
        }
        System.out.println("corruption: " + context + ": the server started");
        try (Http http = Http.of(server).withKey(apiKey)) {
            List<String> problems = new ArrayList<>();
            for (String index : INDEXES.keySet()) {
                boolean mustServe = c.name().equals("values") && index.equals("e_intact");
                checkIndex(http, index, mustServe, c.outcome() == Outcome.SERVE_MAY_LOSE, problems);
            }
            Http.Response health = http.get("/v1/health");
            if (health.status() != 200) {
                problems.add("health: " + health);
            }
            Http.Response list = http.get("/v1/indexes/list");
            if (list.status() != 200) {
                problems.add("list: " + list);
            }
            assertTrue(problems.isEmpty(), context + ":\n" + String.join("\n", problems));
            LogScan.assertNoSecrets(server.output(), List.of(key, apiKey));
        }
    }

    private static void checkRefusal(ServerProcess.Refusal refusal, Case c, String context) {
        System.out.println("corruption: " + context + ": refused: " + lastLine(refusal.output()));
        assertNotEquals(0, refusal.exitCode(), context + ": the server exited with 0");
        assertTrue(refusal.output().contains(c.mustNameFile() == null ? "" : c.mustNameFile())
                && refusal.output().contains("offset"), context + ": the refusal does not name the file and the offset:\n"
                + refusal.output());
    }

    private static String lastLine(String output) {
        String[] lines = output.strip().split("\n");
        return lines[lines.length - 1];
    }

    /** A 5xx saying stored data failed a check: the specific error damaged data must answer. */
    private static boolean integrityError(Http.Response response) {
        String detail = response.detail().toLowerCase(java.util.Locale.ROOT);
        return response.status() >= 500 && (detail.contains("integrity") || detail.contains("corrupt")
                || detail.contains("altered"));
    }

    /** Checks one index: served exactly (or, when allowed, with items lost), or refused with a specific error. */
    private void checkIndex(Http http, String index, boolean mustServe, boolean mayLose, List<String> problems) {
        Map<String, Integer> want = expected.get(index);
        Http.Response describe = http.post("/v1/indexes/describe", Indexes.body(index, key));
        List<Http.Response> answers = new ArrayList<>(List.of(describe));
        ObjectNode getBody = Indexes.body(index, key);
        com.fasterxml.jackson.databind.node.ArrayNode idList = getBody.putArray("ids");
        want.keySet().forEach(idList::add);
        Http.Response got = http.post("/v1/vectors/get", getBody);
        answers.add(got);
        Http.Response listed = http.post("/v1/vectors/list_ids", Indexes.body(index, key));
        answers.add(listed);
        Http.Response query = http.post("/v1/vectors/query", Indexes.queryBody(index, key, new float[DIMENSION], 5));
        answers.add(query);
        for (Http.Response answer : answers) {
            if (answer.status() != 200 && !mustServe) {
                System.out.println("corruption:   " + index + " -> " + answer);
            }
            if (answer.text().contains(dir.toString())) {
                problems.add(index + ": the answer shows where the data folder is: " + answer);
            }
            boolean lost = mayLose && answer.status() == 404 && answer.detail().contains("does not exist");
            if (answer.status() != 200 && !lost && (mustServe || !integrityError(answer))) {
                problems.add(index + ": expected 200" + (mustServe ? "" : " or an integrity error") + ", got " + answer);
            }
        }
        if (got.status() == 200 && mayLose) {
            checkRolledBack(index, got, listed, query, problems);
        } else if (got.status() == 200) {
            int found = 0;
            for (JsonNode item : got.body().get("results")) {
                String id = item.path("id").asText();
                Integer version = want.get(id);
                if (version == null || version == Ledger.ABSENT) {
                    problems.add(index + ": get returned " + id + ", which is not there");
                    continue;
                }
                try {
                    int v = items.check(index, id, DIMENSION, item);
                    if (v != version) {
                        problems.add(index + ": " + id + " is v" + v + ", written v" + version);
                    }
                } catch (AssertionError e) {
                    problems.add(index + ": altered item: " + e.getMessage());
                }
                found++;
            }
            long present = want.values().stream().filter(v -> v != Ledger.ABSENT).count();
            if (found != present && !mayLose) {
                problems.add(index + ": get returned " + found + " of " + present + " items");
            }
        }
        if (listed.status() == 200 && !mayLose) {
            for (JsonNode id : listed.body().get("ids")) {
                Integer version = want.get(id.asText());
                if (version == null || version == Ledger.ABSENT) {
                    problems.add(index + ": list_ids holds " + id + ", which is not there");
                }
            }
        }
        if (query.status() == 200 && !mayLose) {
            for (JsonNode hit : query.body().get("results")) {
                String marker = hit.path("metadata").path("marker").asText();
                Integer version = want.get(hit.path("id").asText());
                if (version == null || !marker.equals(index + "/" + hit.path("id").asText() + "/" + version)) {
                    problems.add(index + ": query returned a wrong item " + hit);
                }
            }
        }
    }

    /**
     * Checks an index whose newest writes may be gone: what it serves must be exactly one of the states it
     * went through (a crash before a sync loses a suffix of the writes, never a write in the middle), and
     * every item served must be a version once written, unaltered.
     */
    private void checkRolledBack(String index, Http.Response got, Http.Response listed, Http.Response query,
            List<String> problems) {
        Map<String, Integer> served = new TreeMap<>();
        for (JsonNode item : got.body().get("results")) {
            String id = item.path("id").asText();
            try {
                served.put(id, items.check(index, id, DIMENSION, item));
            } catch (AssertionError e) {
                problems.add(index + ": altered item: " + e.getMessage());
            }
        }
        List<Map<String, Integer>> states = history.get(index);
        if (!states.contains(served)) {
            problems.add(index + ": serves " + served + ", which is none of the states it went through " + states);
        }
        if (listed.status() == 200) {
            Set<String> ids = new TreeSet<>();
            listed.body().get("ids").forEach(id -> ids.add(id.asText()));
            if (!ids.equals(served.keySet())) {
                problems.add(index + ": list_ids holds " + ids + " while get serves " + served.keySet());
            }
        }
        if (query.status() == 200) {
            for (JsonNode hit : query.body().get("results")) {
                String id = hit.path("id").asText();
                String marker = hit.path("metadata").path("marker").asText();
                if (!served.containsKey(id) || !marker.equals(index + "/" + id + "/" + served.get(id))) {
                    problems.add(index + ": query returned a wrong item " + hit);
                }
            }
        }
    }

    // ---- the data ---------------------------------------------------------------------------------

    /** Writes every index through the engine: items v1, some overwritten (v2), some deleted. */
    private void write(Path data) {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        SplittableRandom random = new SplittableRandom(seed);
        try (DiskStore store = DiskStore.open(data)) {
            Database db = Database.open(store, new EngineResources(new Kernels(TestApi.KERNELS.kernels()), pool, 2),
                    DatabaseSettings.defaults());
            for (Map.Entry<String, Integer> index : INDEXES.entrySet()) {
                String name = index.getKey();
                db.create(name, IndexConfig.standard(DIMENSION, Metric.EUCLIDEAN, StoragePrecision.FLOAT32),
                        Access.withKey(HexFormat.of().parseHex(key)), null);
                IndexSession session = db.open(name, Access.withKey(HexFormat.of().parseHex(key)));
                Map<String, Integer> state = new TreeMap<>();
                List<Map<String, Integer>> states = new ArrayList<>(List.of(Map.of()));
                history.put(name, states);
                List<Item> batch = new ArrayList<>();
                for (int i = 0; i < index.getValue(); i++) {
                    batch.add(item(name, "item-" + i, 1));
                    state.put("item-" + i, 1);
                }
                session.upsert(batch);
                states.add(present(state));
                for (int round = 0; round < 3; round++) {
                    List<Item> overwrite = new ArrayList<>();
                    for (int i = 0; i < 4; i++) {
                        String id = "item-" + random.nextInt(index.getValue());
                        overwrite.add(item(name, id, state.get(id) == Ledger.ABSENT ? 1 : state.get(id) + 1));
                        state.put(id, state.get(id) == Ledger.ABSENT ? 1 : state.get(id) + 1);
                    }
                    session.upsert(dedupe(overwrite));
                    states.add(present(state));
                    String gone = "item-" + random.nextInt(index.getValue());
                    session.delete(List.of(gone));
                    state.put(gone, Ledger.ABSENT);
                    states.add(present(state));
                }
                expected.put(name, state);
            }
            db.close();
        } finally {
            pool.shutdownNow();
        }
    }

    /** The items present in {@code state}, with their versions. */
    private static Map<String, Integer> present(Map<String, Integer> state) {
        Map<String, Integer> present = new TreeMap<>();
        state.forEach((id, version) -> {
            if (version != Ledger.ABSENT) {
                present.put(id, version);
            }
        });
        return present;
    }

    private static List<Item> dedupe(List<Item> batch) {
        Map<String, Item> last = new LinkedHashMap<>();
        batch.forEach(item -> last.put(item.id(), item));
        return new ArrayList<>(last.values());
    }

    private Item item(String index, String id, int version) {
        return new Item(id, items.vector(index, id, version, DIMENSION), items.metadata(index, id, version).toString(),
                items.contents(index, id, version));
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                if (!file.getFileName().toString().equals("LOCK")) {
                    Files.copy(file, to.resolve(file.getFileName()));
                }
            }
        }
    }

    // ---- damage -----------------------------------------------------------------------------------

    /** Applies the damage of case {@code name} to {@code data}; returns what was done. */
    private String damage(String name, Path data, SplittableRandom random) throws IOException {
        Path manifest = data.resolve("MANIFEST");
        List<SegmentMap.Op> ops = SegmentMap.read(data);
        Path segment = ops.getFirst().file();
        long size = Files.size(segment);
        return switch (name) {
            case "manifest-flip" -> flip(manifest, random.nextLong(Files.size(manifest)), random);
            case "manifest-zero" -> {
                Files.write(manifest, new byte[(int) Files.size(manifest)]);
                yield "MANIFEST zeroed";
            }
            case "manifest-truncate" -> truncate(manifest, random.nextLong(Files.size(manifest)));
            case "segment-header-flip" -> flip(segment, random.nextInt(SegmentMap.HEADER_BYTES), random);
            case "record-framing-flip" -> {
                // A record that is not the last (damage at the very end is a torn write), in its
                // length, CRC, kind, reserved bytes or operation count.
                List<Long> records = ops.stream().map(SegmentMap.Op::recordOffset).distinct().toList();
                long record = records.get(random.nextInt(records.size() - 1));
                yield flip(segment, record + random.nextInt(16), random);
            }
            case "segment-zero-page" -> {
                long pages = (size - SegmentMap.HEADER_BYTES) / 4096 - 1;
                long at = SegmentMap.HEADER_BYTES + 4096 * random.nextLong(Math.max(1, pages));
                try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
                    file.seek(at);
                    file.write(new byte[(int) Math.min(4096, size - at - 1)]);
                }
                yield segment.getFileName() + " zeroed from offset " + at;
            }
            case "segment-truncate" -> truncate(segment, SegmentMap.HEADER_BYTES + random.nextLong(size
                    - SegmentMap.HEADER_BYTES));
            case "values" -> damageValues(data, ops, random);
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** One damaged stored value per index but {@code e_intact}, each of a different kind. */
    private String damageValues(Path data, List<SegmentMap.Op> ops, SplittableRandom random) throws IOException {
        Map<String, String> namespaces = new LinkedHashMap<>();
        Map<String, byte[]> ids = new LinkedHashMap<>();
        for (String index : INDEXES.keySet()) {
            SegmentMap.Op entry = SegmentMap.live(ops, "catalog", ("index/" + index).getBytes(StandardCharsets.UTF_8));
            byte[] value = Files.readAllBytes(entry.file());
            for (SegmentMap.Op op : ops) {
                if (op.namespace().startsWith("idx:")) {
                    byte[] id = HexFormat.of().parseHex(op.namespace().substring(4));
                    if (contains(value, (int) entry.valueOffset(), entry.valueLength(), id)) {
                        namespaces.put(index, op.namespace());
                        ids.put(index, id);
                        break;
                    }
                }
            }
        }
        List<String> done = new ArrayList<>();
        done.add(flipValue(pick(ops, namespaces.get("a_item"), "item/", random), random, false));
        done.add(flipValue(pick(ops, namespaces.get("t_tamper"), "item/", random), random, true));
        done.add(flipValue(SegmentMap.live(ops, "keys", concat(ids.get("c_key"), (byte) 1)), random, false));
        done.add(flipValue(SegmentMap.live(ops, "keys", concat(ids.get("d_mark"), (byte) 2)), random, false));
        done.add(flipValue(SegmentMap.live(ops, "catalog", "index/g_catalog".getBytes(StandardCharsets.UTF_8)),
                random, false));
        done.add(flipValue(SegmentMap.live(ops, namespaces.get("h_manifest"), "manifest".getBytes(StandardCharsets.UTF_8)),
                random, false));
        done.add(flipValue(pick(ops, namespaces.get("f_ckpt"), "ckpt/", random), random, false));
        return String.join("; ", done);
    }

    private static SegmentMap.Op pick(List<SegmentMap.Op> ops, String namespace, String prefix, SplittableRandom random) {
        List<SegmentMap.Op> live = new ArrayList<>();
        for (SegmentMap.Op op : ops) {
            if (op.isPut() && op.namespace().equals(namespace) && op.keyStartsWith(prefix)
                    && SegmentMap.live(ops, namespace, op.key()) == op) {
                live.add(op);
            }
        }
        if (live.isEmpty()) {
            throw new IllegalStateException("no live " + prefix + " value in " + namespace);
        }
        return live.get(random.nextInt(live.size()));
    }

    /** Flips a bit of a stored value; with {@code fixCrc}, as an attacker would, also fixes the CRC32Cs over it. */
    private static String flipValue(SegmentMap.Op op, SplittableRandom random, boolean fixCrc) throws IOException {
        long at = op.valueOffset() + random.nextInt(op.valueLength());
        String what = flip(op.file(), at, random);
        if (fixCrc) {
            byte[] bytes = Files.readAllBytes(op.file());
            CRC32C crc = new CRC32C();
            crc.update(bytes, (int) op.valueOffset(), op.valueLength());
            ByteBuffer.wrap(bytes).putInt((int) op.valueCrcOffset(), (int) crc.getValue());
            // The value's CRC field is covered by the record's CRC: fix that one too.
            SegmentMap.fixRecordCrc(bytes, (int) op.recordOffset());
            Files.write(op.file(), bytes);
        }
        return op.namespace() + "/" + new String(op.key(), StandardCharsets.ISO_8859_1).replaceAll("[^ -~]", "?")
                + ": " + what + (fixCrc ? " and its CRC fixed up" : "");
    }

    private static String flip(Path file, long offset, SplittableRandom random) throws IOException {
        int bit = random.nextInt(8);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ (1 << bit));
        }
        return file.getFileName() + " bit " + bit + " flipped at offset " + offset;
    }

    private static String truncate(Path file, long length) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(length);
        }
        return file.getFileName() + " truncated to " + length + " bytes";
    }

    private static byte[] concat(byte[] a, byte b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + 1);
        out[a.length] = b;
        return out;
    }

    private static boolean contains(byte[] haystack, int from, int length, byte[] needle) {
        for (int i = from; i + needle.length <= from + length; i++) {
            if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }
}
