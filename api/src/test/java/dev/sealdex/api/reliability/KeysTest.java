package dev.sealdex.api.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Keys, against the shared server process: a wrong, truncated or empty
 * {@code index_key}, another index's key, and another index's user token, on every route that
 * takes a key (in the body, the {@code X-Index-Key} header or the {@code index_key} query
 * parameter). Each is refused (401 for a well-formed wrong key, 400 for any key in the URL, a 4xx
 * otherwise), no response
 * carries a stored value or a key, nothing changes, the time to refuse a wrong key does not grow
 * with the index (medians at two sizes, interleaved, within a generous ratio), and no key or
 * token used appears in the server's log.
 */
@Tag("reliability")
@ExtendWith({Seeds.class, SharedServer.class})
class KeysTest {

    private static final String SMALL = "keys_small";
    private static final String LARGE = "keys_large";
    private static final String OTHER = "keys_other";
    private static final int DIMENSION = 16;
    private static final int LARGE_ITEMS = TestSizes.pick(5_000, 50_000);
    private static final int TIMING_ROUNDS = TestSizes.pick(150, 500);
    /** How much slower refusing a wrong key on the large index may be than on the small one. */
    private static final double TIMING_RATIO = 2.5;

    private final ServerProcess server;
    private final long seed = Seeds.of("keys");
    private final Items items = new Items(seed);
    private final String key = Indexes.key(seed);
    private final String otherKey = Indexes.key(seed + 1);
    private final List<String> secrets = new ArrayList<>();

    KeysTest(ServerProcess server) {
        this.server = server;
        secrets.add(key);
        secrets.add(otherKey);
        SharedServer.secret(key);
        SharedServer.secret(otherKey);
    }

    /** A wrong credential: where it goes and what it is. */
    private record Wrong(String name, String value, Set<Integer> expected) {
    }

    @Test
    void wrongKeysAreRefusedEverywhereWithoutLeakingAnything() throws Exception {
        try (Http root = Http.of(server).withKey(SharedServer.ROOT_KEY).withTimeout(Duration.ofSeconds(60))) {
            Indexes.create(root, SMALL, key, DIMENSION, "euclidean");
            Indexes.create(root, LARGE, key, DIMENSION, "euclidean");
            Indexes.create(root, OTHER, otherKey, DIMENSION, "euclidean");
            fill(root, SMALL, 20);
            fill(root, LARGE, LARGE_ITEMS);
            fill(root, OTHER, 5);
            Http.Response user = root.post("/v1/indexes/" + OTHER + "/users", Map.of("permissions", List.of("read",
                    "write"), "index_key", otherKey));
            assertEquals(200, user.status(), user.toString());
            String otherToken = user.body().get("api_key").asText();
            secrets.add(otherToken);
            SharedServer.secret(otherToken);
            String before = state(root, SMALL) + state(root, LARGE);

            List<Wrong> wrongs = List.of(
                    new Wrong("a wrong key", Indexes.key(seed + 2), Set.of(401)),
                    new Wrong("another index's key", otherKey, Set.of(401)),
                    new Wrong("the key cut to 63 characters", key.substring(0, 63), Set.of(400, 422)),
                    new Wrong("the key cut to 32 characters", key.substring(0, 32), Set.of(400, 422)),
                    new Wrong("the key with a byte more", key + "00", Set.of(400, 422)),
                    new Wrong("an empty key", "", Set.of(400, 422)));
            secrets.add(Indexes.key(seed + 2));
            List<String> failures = new ArrayList<>();
            for (Wrong wrong : wrongs) {
                for (String target : List.of(SMALL, LARGE)) {
                    for (Call call : calls(target, wrong.value())) {
                        Http.Response response = root.send(call.method(), call.path(), call.body(), call.body() == null
                                ? null : "application/json", call.headers());
                        // A key in the URL is refused as such (400), whatever the key.
                        check(failures, wrong.name() + " on " + call.describe(), response,
                                call.path().contains("index_key=") ? Set.of(400) : wrong.expected());
                    }
                }
            }
            // A user token of another index, with no index key: refused (403), not served.
            try (Http token = Http.of(server).withKey(otherToken)) {
                for (Call call : calls(SMALL, null)) {
                    Http.Response response = token.send(call.method(), call.path(), call.body(), call.body() == null
                            ? null : "application/json", call.headers());
                    check(failures, "another index's user token on " + call.describe(), response, Set.of(403));
                }
            }
            assertTrue(failures.isEmpty(), failures.size() + " problems:\n" + String.join("\n", failures));
            assertEquals(before, state(root, SMALL) + state(root, LARGE), "a refused request changed an index");

            timing(root);
            List<String> all = new ArrayList<>(secrets);
            all.addAll(SharedServer.secrets());
            LogScan.assertNoSecrets(server.output(), all);
        }
    }

    private void check(List<String> failures, String what, Http.Response response, Set<Integer> expected) {
        if (!expected.contains(response.status())) {
            failures.add(what + ": expected " + expected + ", got " + response);
        }
        String text = response.text();
        for (String leak : List.of("c:keys_", SMALL + "/", LARGE + "/", "kid-")) {
            if (text.contains(leak)) {
                failures.add(what + ": the answer holds a stored value (" + leak + "): " + response);
            }
        }
        for (String secret : secrets) {
            if (secret.length() >= 16 && text.toLowerCase(java.util.Locale.ROOT).contains(secret)) {
                failures.add(what + ": the answer holds a key: " + response);
            }
        }
    }

    private void fill(Http root, String index, int count) {
        for (int from = 0; from < count; from += 1_000) {
            List<String> ids = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + 1_000); i++) {
                ids.add("kid-" + i);
            }
            int[] versions = new int[ids.size()];
            java.util.Arrays.fill(versions, 1);
            Http.Response response = root.post("/v1/vectors/upsert", Indexes.upsertBody(items, index,
                    index.equals(OTHER) ? otherKey : key, DIMENSION, ids, versions));
            assertEquals(200, response.status(), response.toString());
        }
    }

    private String state(Http root, String index) {
        if (index.equals(LARGE)) {
            Http.Response count = root.post("/v1/vectors/num_vectors", Indexes.body(index, key));
            return count.text() + Indexes.sha256(String.join(",", new TreeSet<>(Indexes.listIds(root, index, key))));
        }
        Map<String, JsonNode> all = Indexes.readAll(root, index, key);
        StringBuilder text = new StringBuilder();
        new TreeSet<>(all.keySet()).forEach(id -> text.append(all.get(id)).append('\n'));
        return text.toString();
    }

    /** One request: method, path, JSON body (or null), extra headers. */
    private record Call(String method, String path, byte[] body, String[] headers) {
        String describe() {
            return method + " " + path.replaceAll("index_key=[^&]*", "index_key=...")
                    + (headers.length > 0 ? " (" + headers[0] + ")" : "");
        }
    }

    /** Every route that takes an index key, for {@code index} with {@code wrong} as the key (null: none). */
    private List<Call> calls(String index, String wrong) {
        List<Call> calls = new ArrayList<>();
        String b64 = Base64.getEncoder().encodeToString(new byte[DIMENSION * 4]);
        for (String route : List.of("/v1/indexes/describe", "/v1/indexes/delete", "/v1/indexes/train",
                "/v1/indexes/rotate-key", "/v1/vectors/upsert", "/v1/vectors/upsert_binary", "/v1/vectors/query",
                "/v1/vectors/query_binary", "/v1/vectors/query_metadata", "/v1/vectors/get", "/v1/vectors/delete",
                "/v1/vectors/list_ids", "/v1/vectors/num_vectors")) {
            ObjectNode body = Indexes.body(index, wrong);
            switch (route) {
                case "/v1/indexes/rotate-key" -> body.put("new_index_key", Indexes.key(seed + 3));
                case "/v1/vectors/upsert" -> body.set("items", Indexes.upsertBody(items, index, null, DIMENSION,
                        List.of("kid-1"), new int[] {2}).get("items"));
                case "/v1/vectors/upsert_binary" -> body.putObject("batch").put("dimension", DIMENSION)
                        .put("vectors_b64", b64).putArray("ids").add("kid-2");
                case "/v1/vectors/query" -> body.setAll(Indexes.queryBody(index, wrong, new float[DIMENSION], 10));
                case "/v1/vectors/query_binary" -> body.putObject("batch").put("dimension", DIMENSION)
                        .put("vectors_b64", b64);
                case "/v1/vectors/get", "/v1/vectors/delete" -> body.putArray("ids").add("kid-1").add("kid-3");
                default -> { }
            }
            if (wrong == null) {
                body.remove("index_key");
            }
            calls.add(new Call("POST", route, body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    new String[0]));
        }
        String users = "/v1/indexes/" + index + "/users";
        ObjectNode create = Http.JSON.createObjectNode();
        create.putArray("permissions").add("read");
        if (wrong != null) {
            create.put("index_key", wrong);
        }
        calls.add(new Call("POST", users, create.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                new String[0]));
        if (wrong != null && !wrong.isEmpty()) {
            String user = users + "/0123456789abcdef0123456789abcdef";
            calls.add(new Call("GET", users, null, new String[] {"X-Index-Key", wrong}));
            calls.add(new Call("GET", users + "?index_key=" + wrong, null, new String[0]));
            calls.add(new Call("DELETE", user, null, new String[] {"X-Index-Key", wrong}));
            calls.add(new Call("DELETE", user + "?index_key=" + wrong, null, new String[0]));
        }
        return calls;
    }

    /** Refusing a wrong key takes about as long on a large index as on a small one. */
    private void timing(Http root) {
        SplittableRandom random = new SplittableRandom(seed);
        String wrong = Indexes.key(seed + 4);
        secrets.add(wrong);
        for (String route : List.of("/v1/indexes/describe", "/v1/vectors/query", "/v1/vectors/get")) {
            long[][] samples = new long[2][TIMING_ROUNDS];
            for (int round = -20; round < TIMING_ROUNDS; round++) {
                // Interleaved, in a seeded order, so load on the machine hits both sizes alike.
                boolean largeFirst = random.nextBoolean();
                for (int k = 0; k < 2; k++) {
                    int which = largeFirst ? 1 - k : k;
                    String index = which == 0 ? SMALL : LARGE;
                    ObjectNode body = route.endsWith("query") ? Indexes.queryBody(index, wrong, new float[DIMENSION], 10)
                            : Indexes.body(index, wrong);
                    if (route.endsWith("get")) {
                        body.putArray("ids").add("kid-1");
                    }
                    Http.Response response = root.post(route, body);
                    assertEquals(401, response.status(), response.toString());
                    if (round >= 0) {
                        samples[which][round] = response.nanos();
                    }
                }
            }
            java.util.Arrays.sort(samples[0]);
            java.util.Arrays.sort(samples[1]);
            long small = samples[0][TIMING_ROUNDS / 2];
            long large = samples[1][TIMING_ROUNDS / 2];
            System.out.printf("keys: refusing a wrong key on %s: median %d us with 20 items, %d us with %d items%n",
                    route, small / 1_000, large / 1_000, LARGE_ITEMS);
            assertTrue(large <= small * TIMING_RATIO, "refusing a wrong key on " + route + " took a median of "
                    + large / 1_000 + " us on " + LARGE_ITEMS + " items but " + small / 1_000 + " us on 20");
        }
    }
}
