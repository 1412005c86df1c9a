package dev.sealdex.api.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded generator of malformed requests, each of which must be refused with a 4xx: broken,
 * truncated and deeply nested JSON, huge strings and numbers, wrong types, NaN and infinity, bad
 * {@code top_k}, wrong dimensions, bad base64, invalid UTF-8, odd index names, wrong content
 * types and methods, oversize bodies, missing fields, bad keys and credentials, and broken HTTP.
 * Requests are built from a valid body of each route, so exactly one thing is wrong with each.
 */
final class HostileRequests {

    /** One request: {@code raw} requests are bytes for a socket, the rest go through the HTTP client. */
    record Request(String category, String method, String path, byte[] body, String contentType, List<String> headers,
                   byte[] raw) {
        String describe() {
            String text = body == null ? "" : new String(body, 0, Math.min(body.length, 160), StandardCharsets.UTF_8);
            return category + ": " + method + " " + (path.length() > 120 ? path.substring(0, 120) + "..." : path)
                    + (body == null ? "" : " (" + body.length + " bytes) " + text.replace('\n', ' '));
        }
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] CATEGORIES = {"truncated", "broken", "deep", "huge-string", "huge-number",
        "wrong-type", "nan", "top-k", "dimension", "base64", "utf8", "name", "content-type", "method", "oversize",
        "unknown-path", "missing-field", "bad-key", "credential", "http", "candidates"};
    /** Names no index may have (the pattern is letters, digits, '_', '-' and '.', at most 255 bytes). */
    private static final String[] ODD_NAMES = {"", "a b", "../etc", "a/b", "名前", "x\u0000y", "a\nb", "*", "' OR 1=1 --",
        "%2e%2e", "{}", "a".repeat(256), "tab\there", "emoji\uD83D\uDE00"};

    private final SplittableRandom random;
    private final String index;
    private final String scratch;
    private final String decoy;
    private final String key;
    private final String rootKey;
    private final long bodyLimit;
    private int created;
    private final List<String> secrets = new ArrayList<>();

    /**
     * A generator: reads target {@code index} (dimension 4), writes target {@code scratch}, index
     * administration targets {@code decoy}; all under {@code key}.
     */
    HostileRequests(long seed, String index, String scratch, String decoy, String key, String rootKey, long bodyLimit) {
        this.random = new SplittableRandom(seed);
        this.index = index;
        this.scratch = scratch;
        this.decoy = decoy;
        this.key = key;
        this.rootKey = rootKey;
        this.bodyLimit = bodyLimit;
    }

    private static final String[] POST_ROUTES = {"/v1/indexes/create", "/v1/indexes/describe", "/v1/indexes/delete",
        "/v1/indexes/train", "/v1/indexes/rotate-key", "/v1/vectors/upsert", "/v1/vectors/upsert_binary",
        "/v1/vectors/query", "/v1/vectors/query_binary", "/v1/vectors/query_metadata", "/v1/vectors/get",
        "/v1/vectors/delete", "/v1/vectors/list_ids", "/v1/vectors/num_vectors", "/v1/indexes/{index_name}/users"};
    private static final String[] GET_ROUTES = {"/v1/health", "/v1/indexes/list", "/v1/indexes/training-status",
        "/v1/indexes/{index_name}/users", "/observe/health", "/observe/metrics", "/openapi", "/docs",
        "/v1/embedding-models"};
    /** Routes that need a credential in RBAC mode. */
    private static final String[] PROTECTED = {"/v1/indexes/list", "/v1/indexes/create", "/v1/indexes/describe",
        "/v1/vectors/query", "/v1/vectors/upsert", "/v1/vectors/get", "/v1/indexes/training-status",
        "/observe/metrics", "/v1/embedding-models"};

    private static String base64(float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buffer.putFloat(v);
        }
        return Base64.getEncoder().encodeToString(buffer.array());
    }

    /** Every wrong key this generator sent, for the log scans. */
    List<String> secrets() {
        return List.copyOf(secrets);
    }

    /** A valid body for POST {@code route}. */
    ObjectNode valid(String route) {
        ObjectNode body = NODES.objectNode();
        switch (route) {
            case "/v1/indexes/create" -> {
                body.put("index_name", "hostile_new_" + (created++));
                body.put("index_key", key);
                body.put("dimension", 4);
                body.put("metric", "cosine");
            }
            case "/v1/indexes/delete" -> body.put("index_name", decoy).put("index_key", key);
            case "/v1/indexes/rotate-key" -> body.put("index_name", decoy).put("index_key", key).put("new_index_key", key);
            case "/v1/indexes/train" -> body.put("index_name", index).put("index_key", key).put("n_lists", 2);
            case "/v1/vectors/upsert" -> {
                body.put("index_name", scratch).put("index_key", key);
                ObjectNode item = body.putArray("items").addObject();
                item.put("id", "s" + random.nextInt(100));
                item.putArray("vector").add(1).add(0.5).add(-2).add(3);
                item.putObject("metadata").put("a", 1);
                item.put("contents", "text");
            }
            case "/v1/vectors/upsert_binary" -> {
                body.put("index_name", scratch).put("index_key", key);
                ObjectNode batch = body.putObject("batch");
                batch.putArray("ids").add("b1");
                batch.put("dimension", 4);
                batch.put("vectors_b64", base64(1, 2, 3, 4));
            }
            case "/v1/vectors/query" -> {
                body.put("index_name", index).put("index_key", key);
                body.putArray("query_vectors").add(1).add(2).add(3).add(4);
                body.put("top_k", 3);
                body.putArray("include").add("distance").add("metadata");
                body.putObject("filters").putObject("n").put("$gte", 0);
            }
            case "/v1/vectors/query_binary" -> {
                body.put("index_name", index).put("index_key", key);
                body.putObject("batch").put("vectors_b64", base64(1, 2, 3, 4)).put("dimension", 4);
                body.put("top_k", 3);
            }
            case "/v1/vectors/get" -> {
                body.put("index_name", index).put("index_key", key);
                body.putArray("ids").add("h1").add("h2");
            }
            case "/v1/vectors/delete" -> {
                body.put("index_name", scratch).put("index_key", key);
                body.putArray("ids").add("s" + random.nextInt(100));
            }
            case "/v1/indexes/{index_name}/users" -> {
                body.putArray("permissions").add("read");
                body.put("index_key", key);
            }
            default -> body.put("index_name", index).put("index_key", key);
        }
        return body;
    }

    private String path(String route) {
        return route.replace("{index_name}", route.equals("/v1/indexes/{index_name}/users") ? scratch : index);
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    private Request json(String category, String route, byte[] body) {
        return new Request(category, "POST", path(route), body, "application/json", List.of(), null);
    }

    private Request json(String category, String route, JsonNode body) {
        return json(category, route, body.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The next request. */
    Request next() {
        String category = pick(CATEGORIES);
        String route = pick(POST_ROUTES);
        return switch (category) {
            case "truncated" -> {
                byte[] body = valid(route).toString().getBytes(StandardCharsets.UTF_8);
                yield json(category, route, java.util.Arrays.copyOf(body, random.nextInt(body.length - 1)));
            }
            case "broken" -> json(category, route, broken(valid(route).toString()));
            case "deep" -> deep(route);
            case "huge-string" -> hugeString(route);
            case "huge-number" -> hugeNumber(route);
            case "wrong-type" -> wrongType(route);
            case "nan" -> nan(route);
            case "top-k" -> topK();
            case "candidates" -> candidates();
            case "dimension" -> dimension();
            case "base64" -> base64Problem();
            case "utf8" -> invalidUtf8(route);
            case "name" -> name(route);
            case "content-type" -> contentType(route);
            case "method" -> method();
            case "oversize" -> oversize(route);
            case "unknown-path" -> unknownPath();
            case "missing-field" -> missing(route);
            case "bad-key" -> badKey(route);
            case "credential" -> credential();
            default -> brokenHttp();
        };
    }

    /** One unbalanced bracket inserted after a structural character (never inside a string): never valid JSON. */
    private byte[] broken(String json) {
        List<Integer> structural = new ArrayList<>();
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '"' && (i == 0 || json.charAt(i - 1) != '\\')) {
                inString = !inString;
            } else if (!inString && "{}[],:".indexOf(c) >= 0) {
                structural.add(i);
            }
        }
        int at = structural.get(random.nextInt(structural.size())) + 1;
        String inserted = pick(new String[] {"[", "{", "]", "}", ",", ":", "\"", "[[", "}}"});
        if (inserted.equals(",") || inserted.equals(":")) {
            // A comma or colon right after another structural character is never valid JSON.
            at = structural.get(random.nextInt(structural.size()));
            inserted = json.charAt(at) == ',' ? ":" : ",";
            at++;
        }
        return (json.substring(0, at) + inserted + json.substring(at)).getBytes(StandardCharsets.UTF_8);
    }

    private Request deep(String route) {
        int depth = 100_000;
        StringBuilder text = new StringBuilder(depth * 6);
        switch (random.nextInt(4)) {
            case 0 -> text.append("[".repeat(depth)).append("]".repeat(depth));
            case 1 -> text.append("[".repeat(depth));
            case 2 -> {
                ObjectNode body = valid(route);
                String head = body.toString();
                text.append(head, 0, head.length() - 1).append(",\"filters\":").append("{\"a\":".repeat(depth))
                        .append('1').append("}".repeat(depth)).append('}');
            }
            default -> {
                ObjectNode body = valid(route);
                String head = body.toString();
                text.append(head, 0, head.length() - 1).append(",\"extra\":").append("[".repeat(depth))
                        .append("]".repeat(depth)).append('}');
            }
        }
        return json("deep", route, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private Request hugeString(String route) {
        ObjectNode body = valid(route);
        String huge = "x".repeat(300_000 + random.nextInt(300_000));
        switch (random.nextInt(3)) {
            case 0 -> {
                if (!body.has("index_name")) {
                    body.put("index_key", huge);
                } else {
                    body.put("index_name", huge);
                }
            }
            case 1 -> body.put("index_key", huge);
            default -> {
                route = "/v1/vectors/get";
                body = valid(route);
                ((ArrayNode) body.get("ids")).add("i".repeat(4097 + random.nextInt(100_000)));
            }
        }
        return json("huge-string", route, body);
    }

    private Request hugeNumber(String route) {
        String number = pick(new String[] {"1e400", "-1e400", "9".repeat(2_000), "123456789012345678901234567890",
            "1" + "0".repeat(999) + ".5", "1e39"});
        String field;
        switch (random.nextInt(4)) {
            case 0 -> {
                route = "/v1/vectors/query";
                field = "top_k";
            }
            case 1 -> {
                route = "/v1/indexes/create";
                field = "dimension";
            }
            case 2 -> {
                route = "/v1/indexes/train";
                field = "n_lists";
            }
            default -> {
                route = "/v1/vectors/upsert";
                field = null;
            }
        }
        ObjectNode body = valid(route);
        String text;
        if (field == null) {
            // A vector component beyond float32 (or beyond any number); 1.2e29 would be a valid float.
            number = number.startsWith("12345") ? "1e39" : number;
            text = body.toString().replaceFirst("\"vector\":\\[1,", "\"vector\":[" + number + ",");
        } else {
            body.put(field, 77_777);
            text = body.toString().replace("77777", number);
        }
        return json("huge-number", route, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Replaces one value (outside the free-form metadata and filters) with one of a different JSON type. */
    private Request wrongType(String route) {
        ObjectNode body = valid(route);
        List<Object[]> slots = new ArrayList<>();
        collect(body, slots);
        Object[] slot = slots.get(random.nextInt(slots.size()));
        JsonNode parent = (JsonNode) slot[0];
        JsonNode old = parent instanceof ObjectNode o ? o.get((String) slot[1]) : parent.get((Integer) slot[1]);
        JsonNode replacement = wrongTypeFor(old);
        if (parent instanceof ObjectNode o) {
            o.set((String) slot[1], replacement);
        } else {
            ((ArrayNode) parent).set((Integer) slot[1], replacement);
        }
        return json("wrong-type", route, body);
    }

    private void collect(JsonNode node, List<Object[]> slots) {
        if (node instanceof ObjectNode object) {
            object.properties().forEach(entry -> {
                slots.add(new Object[] {object, entry.getKey()});
                if (!entry.getKey().equals("metadata") && !entry.getKey().equals("filters")) {
                    collect(entry.getValue(), slots);
                }
            });
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                slots.add(new Object[] {array, i});
                collect(array.get(i), slots);
            }
        }
    }

    private JsonNode wrongTypeFor(JsonNode old) {
        List<JsonNode> options = new ArrayList<>();
        if (!old.isTextual()) {
            options.add(NODES.textNode("12"));
        }
        if (!old.isNumber()) {
            options.add(NODES.numberNode(12345));
        }
        if (!old.isBoolean()) {
            options.add(NODES.booleanNode(true));
        }
        if (!old.isArray()) {
            options.add(NODES.arrayNode().add(1));
        }
        if (!old.isObject()) {
            options.add(NODES.objectNode().put("k", "v"));
        }
        return options.get(random.nextInt(options.size()));
    }

    private Request nan(String route) {
        String token = pick(new String[] {"NaN", "Infinity", "-Infinity", "+Infinity", "nan", "inf", "\"NaN\"",
            "\"Infinity\""});
        String target = pick(new String[] {"/v1/vectors/upsert", "/v1/vectors/query", "/v1/indexes/create"});
        String text = valid(target).toString();
        text = switch (target) {
            case "/v1/vectors/upsert" -> text.replaceFirst("\"vector\":\\[1,", "\"vector\":[" + token + ",");
            case "/v1/vectors/query" -> text.replaceFirst("\"query_vectors\":\\[1,", "\"query_vectors\":[" + token + ",");
            default -> text.replaceFirst("\"dimension\":4", "\"dimension\":" + token);
        };
        return json("nan", target, text.getBytes(StandardCharsets.UTF_8));
    }

    private Request topK() {
        String route = random.nextBoolean() ? "/v1/vectors/query" : "/v1/vectors/query_binary";
        ObjectNode body = valid(route);
        String value = pick(new String[] {"0", "-1", "-5", "10001", "2147483648", "-9223372036854775808", "1.5",
            "99999999999", "-0.5"});
        String text = body.toString().replace("\"top_k\":3", "\"top_k\":" + value);
        return json("top-k", route, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * 10,000 query vectors, each asking for top_k 100 x rerank_mult 1,000: every factor and pair is
     * within its limit, the product (a billion candidates, about 9 GB of heaps) is not.
     */
    private Request candidates() {
        float[] vectors = new float[10_000 * 4];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = random.nextInt(8);
        }
        ObjectNode body = NODES.objectNode();
        body.put("index_name", index).put("index_key", key);
        body.putObject("batch").put("vectors_b64", base64(vectors)).put("dimension", 4);
        body.put("top_k", 100).put("rerank_mult", 1_000);
        return json("candidates", "/v1/vectors/query_binary", body);
    }

    private Request dimension() {
        int wrong = pick(new Integer[] {0, 1, 3, 5, 8, 100});
        ArrayNode vector = NODES.arrayNode();
        for (int i = 0; i < wrong; i++) {
            vector.add(0.25 * i);
        }
        return switch (random.nextInt(4)) {
            case 0 -> {
                ObjectNode body = valid("/v1/vectors/upsert");
                ((ObjectNode) body.get("items").get(0)).set("vector", vector);
                yield json("dimension", "/v1/vectors/upsert", body);
            }
            case 1 -> {
                ObjectNode body = valid("/v1/vectors/query");
                body.set("query_vectors", wrong == 0 ? NODES.arrayNode().add(NODES.arrayNode()) : vector);
                yield json("dimension", "/v1/vectors/query", body);
            }
            case 2 -> {
                ObjectNode body = valid("/v1/vectors/upsert_binary");
                ((ObjectNode) body.get("batch")).put("dimension", wrong == 4 ? 3 : wrong);
                yield json("dimension", "/v1/vectors/upsert_binary", body);
            }
            default -> {
                ObjectNode body = valid("/v1/vectors/query_binary");
                float[] values = new float[Math.max(1, wrong)];
                ((ObjectNode) body.get("batch")).put("vectors_b64", base64(values)).put("dimension", Math.max(1, wrong));
                yield json("dimension", "/v1/vectors/query_binary", body);
            }
        };
    }

    private Request base64Problem() {
        String value = pick(new String[] {"!!!!", "abc", "AAAA", "AACAPwAAAEA", "====", "AACAPwAAAEA=-_", "zczMPc3MTD6amZk+",
            "zczMPc3MTD6amZk+zczMPg==zczM", " ", "\u00e9\u00e9\u00e9\u00e9", "AAAAAAAAAAAAAAAAAAAAAAAA"});
        String route = random.nextBoolean() ? "/v1/vectors/upsert_binary" : "/v1/vectors/query_binary";
        ObjectNode body = valid(route);
        ((ObjectNode) body.get("batch")).put("vectors_b64", value);
        return json("base64", route, body);
    }

    private Request invalidUtf8(String route) {
        byte[][] sequences = {{(byte) 0xC3, 0x28}, {(byte) 0xFF, (byte) 0xFE}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80},
            {(byte) 0x80}};
        byte[] bad = sequences[random.nextInt(sequences.length)];
        ObjectNode body = valid(route);
        String field = body.has("index_name") ? "index_name" : "index_key";
        String marker = "@@UTF8@@";
        body.put(field, body.get(field).asText() + marker);
        byte[] text = body.toString().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String s = new String(text, StandardCharsets.UTF_8);
        int at = s.indexOf(marker);
        out.writeBytes(s.substring(0, at).getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bad);
        out.writeBytes(s.substring(at + marker.length()).getBytes(StandardCharsets.UTF_8));
        return json("utf8", route, out.toByteArray());
    }

    private Request name(String route) {
        String odd = pick(ODD_NAMES);
        if (route.contains("{index_name}") || random.nextInt(4) == 0) {
            String encoded = java.net.URLEncoder.encode(odd, StandardCharsets.UTF_8).replace("+", "%20");
            if (encoded.isEmpty()) {
                encoded = "%20";
            }
            return new Request("name", "GET", "/v1/indexes/" + encoded + "/users", null, null,
                    List.of("X-Index-Key", key), null);
        }
        ObjectNode body = valid(route);
        body.put("index_name", odd);
        return json("name", route, body);
    }

    private Request contentType(String route) {
        byte[] body = valid(route).toString().getBytes(StandardCharsets.UTF_8);
        String type = pick(new String[] {"text/plain", "application/xml", "multipart/form-data; boundary=x",
            "application/x-www-form-urlencoded", "application/jsonx", "text/json", "image/png", "*/*", "json"});
        if (random.nextInt(4) == 0) {
            // No Content-Type: read as JSON, so the body must be what a form post would send.
            return new Request("content-type", "POST", path(route), "index_name=x&index_key=y".getBytes(
                    StandardCharsets.UTF_8), null, List.of(), null);
        }
        return new Request("content-type", "POST", path(route), body, type, List.of(), null);
    }

    private Request method() {
        if (random.nextBoolean()) {
            String route = pick(POST_ROUTES);
            String method = pick(new String[] {"GET", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"});
            if (route.equals("/v1/indexes/{index_name}/users") && method.equals("GET")) {
                method = "PUT";
            }
            return new Request("method", method, path(route), method.equals("GET") || method.equals("TRACE") ? null
                    : valid(route).toString().getBytes(StandardCharsets.UTF_8), "application/json", List.of(), null);
        }
        String route = pick(GET_ROUTES);
        String method = pick(new String[] {"POST", "PUT", "PATCH", "DELETE"});
        return new Request("method", method, path(route), "{}".getBytes(StandardCharsets.UTF_8), "application/json",
                List.of(), null);
    }

    private Request oversize(String route) {
        ObjectNode body = valid(route);
        int size = (int) bodyLimit + 1 + random.nextInt(4096);
        StringBuilder text = new StringBuilder(size);
        String head = body.toString();
        text.append(head, 0, head.length() - 1).append(",\"pad\":\"");
        while (text.length() < size - 2) {
            text.append('p');
        }
        text.append("\"}");
        return json("oversize", route, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private Request unknownPath() {
        String path = pick(new String[] {"/v1/vectors/upsertx", "/v2/vectors/query", "/v1/indexes/describe/extra",
            "/v1/vectors/", "/v1//vectors/query", "/v1/indexes/" + index + "/users/not-a-user/extra", "/%ff%fe",
            "/v1/indexes/create%00", "/" + "a".repeat(5_000), "/v1/vectors/query;jsessionid=1", "/.env",
            "/v1/indexes/" + index + "/users/" + "f".repeat(32) + "/x"});
        return new Request("unknown-path", random.nextBoolean() ? "GET" : "POST", path, "{}".getBytes(
                StandardCharsets.UTF_8), "application/json", List.of(), null);
    }

    private Request missing(String route) {
        ObjectNode body = valid(route);
        List<String> required = switch (route) {
            case "/v1/vectors/upsert" -> List.of("index_name", "items");
            case "/v1/vectors/upsert_binary" -> List.of("index_name", "batch");
            case "/v1/vectors/query_binary" -> List.of("index_name", "batch");
            case "/v1/vectors/get", "/v1/vectors/delete" -> List.of("index_name", "ids");
            case "/v1/indexes/rotate-key" -> List.of("index_name", "new_index_key", "index_key");
            case "/v1/indexes/{index_name}/users" -> List.of("permissions", "index_key");
            case "/v1/indexes/create" -> List.of("index_name", "index_key");
            default -> List.of("index_name", "index_key");
        };
        body.remove(required.get(random.nextInt(required.size())));
        return json("missing-field", route, body);
    }

    private Request badKey(String route) {
        ObjectNode body = valid(route);
        if (route.equals("/v1/indexes/create")) {
            route = "/v1/indexes/describe";
            body = valid(route);
        }
        String wrong = switch (random.nextInt(5)) {
            case 0 -> Indexes.key(random.nextLong());
            case 1 -> key.substring(0, 63);
            case 2 -> key.substring(0, 32);
            case 3 -> key + "00";
            default -> "zz" + key.substring(2);
        };
        secrets.add(wrong);
        body.put("index_key", wrong);
        return json("bad-key", route, body);
    }

    private Request credential() {
        String route = pick(PROTECTED);
        String apiKey = pick(new String[] {"", "wrong", rootKey.substring(1), rootKey + "x", "cdbk_AAAA",
            "cdbk_" + "A".repeat(64), rootKey.toUpperCase(java.util.Locale.ROOT), "Bearer " + rootKey});
        boolean post = List.of(POST_ROUTES).contains(route);
        return new Request("credential", post ? "POST" : "GET", path(route), post ? valid(route).toString()
                .getBytes(StandardCharsets.UTF_8) : null, post ? "application/json" : null,
                apiKey.isEmpty() ? List.of("X-No-Key", "1") : List.of("X-API-Key", apiKey), null);
    }

    private Request brokenHttp() {
        String body = valid("/v1/vectors/query").toString();
        String keyHeader = "X-API-Key: " + rootKey + "\r\n";
        String raw = switch (random.nextInt(8)) {
            case 0 -> "POST /v1/vectors/query HTTP/1.1\r\nHost: x\r\n" + keyHeader
                    + "Content-Type: application/json\r\nContent-Length: abc\r\n\r\n" + body;
            case 1 -> "POST /v1/vectors/query HTTP/1.1\r\nHost: x\r\n" + keyHeader
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n" + body + "\r\n0\r\n\r\n";
            case 2 -> "POST /v1/vectors/query HTTP/1.1\r\nHost: x\r\n" + keyHeader
                    + "Content-Type: application/json\r\nContent-Length: -5\r\n\r\n" + body;
            case 3 -> "GARBAGE\r\n\r\n";
            case 4 -> "GET /v1/health HTTP/9.9\r\nHost: x\r\n\r\n";
            case 5 -> "POST /v1/vectors/query HTTP/1.1\r\nHost: x\r\n" + keyHeader + "X-Huge: " + "h".repeat(70_000)
                    + "\r\nContent-Length: 2\r\n\r\n{}";
            case 6 -> "POST /v1/vectors/query HTTP/1.1\r\nHost: x\r\n" + keyHeader
                    + "Content-Type: application/json\r\nContent-Length: 10\r\nContent-Length: 20\r\n\r\n" + body;
            default -> "POST /v1/vectors/query HTTP/1.1\r\nHost: x\r\n" + keyHeader
                    + "Bad Header Name: 1\r\nContent-Length: 2\r\n\r\n{}";
        };
        return new Request("http", "RAW", "", null, null, List.of(), raw.getBytes(StandardCharsets.ISO_8859_1));
    }
}
