package dev.sealdex.api.routes;

import dev.sealdex.engine.db.InvalidArgumentException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.sealdex.api.ApiContext;
import dev.sealdex.api.auth.Caller;
import dev.sealdex.api.auth.RouteAccess;
import dev.sealdex.api.http.BodyReader;
import dev.sealdex.api.http.Endpoint;
import dev.sealdex.api.http.FieldError;
import dev.sealdex.api.http.Json;
import dev.sealdex.api.http.Limits;
import dev.sealdex.api.http.RouteSpec;
import dev.sealdex.api.http.ValidationException;
import dev.sealdex.engine.db.AccessDeniedException;
import dev.sealdex.engine.db.IndexSession;
import dev.sealdex.engine.model.QueryHit;
import dev.sealdex.engine.db.UpsertOutcome;
import dev.sealdex.engine.model.Item;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Vector routes: {@code upsert}, {@code upsert_binary}, {@code query} (single, batch),
 * {@code query_binary}, {@code query_metadata}, {@code get}, {@code delete}, {@code list_ids},
 * {@code num_vectors}.
 */
public final class VectorsService extends ApiService {

    /** Vector routes over {@code context}. */
    public VectorsService(ApiContext context) {
        super(context);
    }

    @Override
    public List<Endpoint> endpoints() {
        return List.of(
                new Endpoint(new RouteSpec(Method.POST, "/v1/vectors/upsert", RouteAccess.WRITE), this::upsert),
                new Endpoint(new RouteSpec(Method.POST, "/v1/vectors/upsert_binary", RouteAccess.WRITE),
                        this::upsertBinary),
                new Endpoint(new RouteSpec(Method.POST, "/v1/vectors/query", RouteAccess.READ), this::query),
                new Endpoint(new RouteSpec(Method.POST, "/v1/vectors/query_binary", RouteAccess.READ),
                        this::queryBinary),
                new Endpoint(new RouteSpec(Method.POST, "/v1/vectors/query_metadata", RouteAccess.READ),
                        new MetadataQuery(context)::handle),
                new Endpoint(new RouteSpec(Method.POST, "/v1/vectors/get", RouteAccess.READ), this::get),
                new Endpoint(new RouteSpec(Method.POST, "/v1/vectors/delete", RouteAccess.WRITE), this::delete),
                new Endpoint(new RouteSpec(Method.POST, "/v1/vectors/list_ids", RouteAccess.READ), this::listIds),
                new Endpoint(new RouteSpec(Method.POST, "/v1/vectors/num_vectors", RouteAccess.READ), this::count));
    }

    private void upsert(ServerRequest request, ServerResponse response, Caller caller) {
        BodyReader body = Requests.body(request, context.limits());
        String name = Requests.indexName(body);
        byte[] key = Requests.indexKey(body, "index_key");
        List<Item> items = VectorRequests.items(body);
        body.check();
        write(name, caller.access(key), items, "items", response);
    }

    private void upsertBinary(ServerRequest request, ServerResponse response, Caller caller) {
        BodyReader body = Requests.body(request, context.limits());
        String name = Requests.indexName(body);
        byte[] key = Requests.indexKey(body, "index_key");
        List<Item> items = VectorRequests.binaryItems(body);
        body.check();
        write(name, caller.access(key), items, "batch", response);
    }

    private void write(String name, dev.sealdex.engine.db.Access access, List<Item> items, String field,
                       ServerResponse response) {
        IndexSession session = context.database().open(name, access);
        UpsertOutcome outcome;
        try {
            outcome = session.upsert(items);
        } catch (InvalidArgumentException e) {
            throw field.equals("batch") ? asBatchError(e) : e;
        }
        recordCount(name, session);
        ObjectNode answer = IndexesService.success("Upserted " + outcome.count() + " vectors");
        if (outcome.trainingTriggered()) {
            answer.put("training_triggered", true);
            answer.put("training_message", outcome.trainingMessage());
        }
        Json.ok(response, answer);
    }

    private void query(ServerRequest request, ServerResponse response, Caller caller) {
        BodyReader body = Requests.body(request, context.limits());
        String name = Requests.indexName(body);
        byte[] key = Requests.indexKey(body, "index_key");
        VectorRequests.Query query = VectorRequests.query(body);
        body.check();
        answer(name, caller, key, query, response);
    }

    private void queryBinary(ServerRequest request, ServerResponse response, Caller caller) {
        BodyReader body = Requests.body(request, context.limits());
        String name = Requests.indexName(body);
        byte[] key = Requests.indexKey(body, "index_key");
        VectorRequests.Query query = VectorRequests.binaryQuery(body);
        body.check();
        answer(name, caller, key, query, response);
    }

    private void answer(String name, Caller caller, byte[] key, VectorRequests.Query query, ServerResponse response) {
        IndexSession session = context.database().open(name, caller.access(key));
        List<List<QueryHit>> results = session.query(query.vectors(), query.options());
        ObjectNode body = Json.object();
        ArrayNode out = body.putArray("results");
        if (query.flat()) {
            hits(out, results.isEmpty() ? List.of() : results.get(0), query);
        } else {
            for (List<QueryHit> hits : results) {
                hits(out.addArray(), hits, query);
            }
        }
        Json.ok(response, body);
    }

    private static void hits(ArrayNode out, List<QueryHit> hits, VectorRequests.Query query) {
        for (QueryHit hit : hits) {
            ObjectNode row = out.addObject();
            row.put("id", hit.id());
            if (query.options().includeDistance()) {
                row.put("distance", hit.distance());
            }
            if (query.options().includeMetadata()) {
                putMetadata(row, hit.metadata());
            }
            if (query.options().includeVector()) {
                putVector(row, hit.vector());
            }
        }
    }

    private void get(ServerRequest request, ServerResponse response, Caller caller) {
        BodyReader body = Requests.body(request, context.limits());
        String name = Requests.indexName(body);
        byte[] key = Requests.indexKey(body, "index_key");
        List<String> ids = body.strings("ids", true, Limits.MAX_IDS, Limits.MAX_ID_BYTES);
        List<String> include = body.strings("include", false, 16, 64);
        body.check();
        List<String> fields = include == null ? VectorRequests.GET_DEFAULT_INCLUDE
                : include.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
        IndexSession session = context.database().open(name, caller.access(key));
        List<Item> items = session.get(ids);
        ObjectNode answer = Json.object();
        ArrayNode results = answer.putArray("results");
        for (Item item : items) {
            ObjectNode row = results.addObject();
            row.put("id", item.id());
            if (fields.contains("vector")) {
                putVector(row, item.vector());
            }
            if (fields.contains("contents")) {
                row.put("contents", item.contents());
            }
            if (fields.contains("metadata")) {
                putMetadata(row, item.metadata());
            }
        }
        Json.ok(response, answer);
    }

    private void delete(ServerRequest request, ServerResponse response, Caller caller) {
        BodyReader body = Requests.body(request, context.limits());
        String name = Requests.indexName(body);
        byte[] key = Requests.indexKey(body, "index_key");
        List<String> ids = body.strings("ids", true, Limits.MAX_IDS, Limits.MAX_ID_BYTES);
        body.check();
        IndexSession session = context.database().open(name, caller.access(key));
        session.delete(ids);
        recordCount(name, session);
        Json.ok(response, IndexesService.success("Deleted " + ids.size() + " vectors"));
    }

    private void listIds(ServerRequest request, ServerResponse response, Caller caller) {
        BodyReader body = Requests.body(request, context.limits());
        String name = Requests.indexName(body);
        byte[] key = Requests.indexKey(body, "index_key");
        body.check();
        List<String> ids = context.database().open(name, caller.access(key)).listIds();
        ObjectNode answer = Json.object();
        ArrayNode out = answer.putArray("ids");
        ids.forEach(out::add);
        answer.put("count", ids.size());
        Json.ok(response, answer);
    }

    private void count(ServerRequest request, ServerResponse response, Caller caller) {
        BodyReader body = Requests.body(request, context.limits());
        String name = Requests.indexName(body);
        byte[] key = Requests.indexKey(body, "index_key");
        body.check();
        int count = context.database().open(name, caller.access(key)).count();
        context.metrics().items(name, count);
        ObjectNode answer = Json.object();
        answer.put("result", count);
        Json.ok(response, answer);
    }

    /**
     * The engine names rejected items by position (["items", i, "vector"]); a binary batch has one
     * dimension for all its rows, so a wrong dimension is reported at ["batch", "dimension"], once.
     */
    private static InvalidArgumentException asBatchError(InvalidArgumentException e) {
        InvalidArgumentException.Violation first = e.violations().getFirst();
        boolean perItem = first.field().size() == 3 && "items".equals(first.field().get(0));
        if (!perItem) {
            return e;
        }
        boolean dimension = first.message().contains(" has dimension ");
        return new InvalidArgumentException(List.of("batch", dimension ? "dimension" : "vectors_b64"),
                first.message());
    }

    private void recordCount(String name, IndexSession session) {
        try {
            context.metrics().items(name, session.count());
        } catch (AccessDeniedException e) {
            // A write-only user may not read the count; the gauge waits for the next reader.
        }
    }

    /** Puts stored metadata JSON text as an object, or an explicit null. */
    static void putMetadata(ObjectNode row, String metadata) {
        if (metadata == null) {
            row.putNull("metadata");
        } else {
            row.putRawValue("metadata", new RawValue(metadata));
        }
    }

    /** Puts a vector as a JSON array of float32 values, or an explicit null. */
    static void putVector(ObjectNode row, float[] vector) {
        if (vector == null) {
            row.putNull("vector");
            return;
        }
        ArrayNode array = row.putArray("vector");
        for (float v : vector) {
            array.add(v);
        }
    }

}
