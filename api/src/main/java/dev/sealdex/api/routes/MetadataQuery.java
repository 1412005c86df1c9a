package dev.sealdex.api.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sealdex.api.ApiContext;
import dev.sealdex.api.auth.Caller;
import dev.sealdex.api.http.ApiException;
import dev.sealdex.api.http.BodyReader;
import dev.sealdex.api.http.Json;
import dev.sealdex.api.http.Limits;
import dev.sealdex.engine.db.IndexSession;
import dev.sealdex.engine.model.QueryHit;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/vectors/query_metadata}: the items whose metadata matches {@code filters}, with
 * no vector: the engine evaluates the filter over its sealed metadata columns and decrypts only the
 * matching rows. Ordering by {@code order_by} happens here, then {@code top_k}. At most
 * {@link Limits#MAX_RESULTS} matches are returned. BM25 {@code text} search is refused (400).
 */
final class MetadataQuery {

    private final ApiContext context;

    MetadataQuery(ApiContext context) {
        this.context = context;
    }

    void handle(ServerRequest request, ServerResponse response, Caller caller) {
        BodyReader body = Requests.body(request, context.limits());
        String name = Requests.indexName(body);
        byte[] key = Requests.indexKey(body, "index_key");
        ObjectNode filters = body.object("filters");
        Integer topK = body.integer("top_k", null, 1, Limits.MAX_RESULTS);
        boolean ascending = body.bool("ascending", true);
        JsonNode orderBy = body.value("order_by");
        String orderField = null;
        if (orderBy != null) {
            if (orderBy.isTextual()) {
                orderField = orderBy.textValue();
            } else if (orderBy.isObject() && orderBy.size() == 1) {
                Map.Entry<String, JsonNode> entry = orderBy.properties().iterator().next();
                orderField = entry.getKey();
                if (!entry.getValue().isInt() || Math.abs(entry.getValue().intValue()) != 1) {
                    body.error("value_error", body.at("order_by", orderField), "order_by direction must be 1 or -1",
                            BodyReader.summary(entry.getValue()));
                } else {
                    ascending = entry.getValue().intValue() == 1;
                }
            } else {
                body.error("value_error", body.at("order_by"), "order_by must be a field name or {\"field\": 1 or -1}",
                        BodyReader.summary(orderBy));
            }
        }
        for (String text : List.of("text", "text_fields", "text_field_weights", "require_all_terms")) {
            Requests.unsupported(body, text, "BM25 full-text search is not available in Sealdex yet");
        }
        body.check();
        IndexSession session = context.database().open(name, caller.access(key));
        List<QueryHit> hits = session.matching(filters, Limits.MAX_RESULTS, orderField != null);
        List<String> ids = order(hits, orderField, ascending);
        if (topK != null && ids.size() > topK) {
            ids = ids.subList(0, topK);
        }
        ObjectNode answer = Json.object();
        ArrayNode results = answer.putArray("results");
        ArrayNode idList = answer.putArray("ids");
        for (String id : ids) {
            results.addObject().put("id", id);
            idList.add(id);
        }
        answer.put("count", ids.size());
        Json.ok(response, answer);
    }

    /** The ids, sorted by metadata field {@code field} (dot path) when given; missing values sort last. */
    private static List<String> order(List<QueryHit> hits, String field, boolean ascending) {
        if (field == null) {
            return hits.stream().map(QueryHit::id).toList();
        }
        record Row(String id, JsonNode value) {
        }
        List<Row> rows = new ArrayList<>(hits.size());
        for (QueryHit hit : hits) {
            rows.add(new Row(hit.id(), lookup(hit.metadata(), field)));
        }
        Comparator<JsonNode> values = (a, b) -> {
            if (a.isNumber() && b.isNumber()) {
                return Double.compare(a.doubleValue(), b.doubleValue());
            }
            if (a.isNumber() != b.isNumber()) {
                return a.isNumber() ? -1 : 1;
            }
            return a.asText().compareTo(b.asText());
        };
        Comparator<JsonNode> directed = ascending ? values : values.reversed();
        rows.sort((a, b) -> {
            boolean aMissing = a.value() == null;
            boolean bMissing = b.value() == null;
            if (aMissing || bMissing) {
                return Boolean.compare(aMissing, bMissing);
            }
            return directed.compare(a.value(), b.value());
        });
        return rows.stream().map(Row::id).toList();
    }

    /** The scalar at dot path {@code field} of metadata JSON text, or null. */
    private static JsonNode lookup(String metadata, String field) {
        if (metadata == null) {
            return null;
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(metadata);
        } catch (IOException e) {
            throw new ApiException(500, "Stored metadata could not be read");
        }
        JsonNode direct = node.get(field);
        if (direct == null) {
            for (String step : field.split("\\.")) {
                node = node == null ? null : node.get(step);
            }
        } else {
            node = direct;
        }
        return node == null || !node.isValueNode() || node.isNull() ? null : node;
    }
}
