package dev.sealdex.api.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sealdex.api.ApiContext;
import dev.sealdex.api.auth.Caller;
import dev.sealdex.api.auth.RouteAccess;
import dev.sealdex.api.http.BodyReader;
import dev.sealdex.api.http.Endpoint;
import dev.sealdex.api.http.Json;
import dev.sealdex.api.http.Limits;
import dev.sealdex.api.http.RouteSpec;
import dev.sealdex.engine.db.IndexDescription;
import dev.sealdex.engine.db.IndexSession;
import dev.sealdex.engine.db.TrainingStatus;
import dev.sealdex.engine.model.IndexConfig;
import dev.sealdex.engine.model.IndexKind;
import dev.sealdex.engine.model.TrainingOutcome;
import dev.sealdex.engine.model.TrainingParams;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * Index routes: {@code list}, {@code create} (both dialects), {@code describe} (the union of both
 * response shapes), {@code delete}, {@code train} (blocking), {@code training-status}, the Sealdex
 * extension {@code rotate-key}, and {@code GET /v1/embedding-models} (always empty: Sealdex ships
 * no embedding model).
 */
public final class IndexesService extends ApiService {

    private static final Logger LOG = System.getLogger(IndexesService.class.getName());

    /** Index routes over {@code context}. */
    public IndexesService(ApiContext context) {
        super(context);
    }

    @Override
    public List<Endpoint> endpoints() {
        return List.of(
                new Endpoint(new RouteSpec(Method.GET, "/v1/indexes/list", RouteAccess.ADMIN), this::list),
                new Endpoint(new RouteSpec(Method.POST, "/v1/indexes/create", RouteAccess.ADMIN), this::create),
                new Endpoint(new RouteSpec(Method.POST, "/v1/indexes/describe", RouteAccess.READ), this::describe),
                new Endpoint(new RouteSpec(Method.POST, "/v1/indexes/delete", RouteAccess.ADMIN), this::delete),
                new Endpoint(new RouteSpec(Method.POST, "/v1/indexes/train", RouteAccess.ADMIN), this::train),
                new Endpoint(new RouteSpec(Method.GET, "/v1/indexes/training-status", RouteAccess.TRAINING_STATUS),
                        this::trainingStatus),
                new Endpoint(new RouteSpec(Method.POST, "/v1/indexes/rotate-key", RouteAccess.ADMIN), this::rotateKey),
                new Endpoint(new RouteSpec(Method.GET, "/v1/embedding-models", RouteAccess.ANY), this::embeddingModels));
    }

    private void list(ServerRequest request, ServerResponse response, Caller caller) {
        ObjectNode body = Json.object();
        ArrayNode names = body.putArray("indexes");
        context.database().indexNames().forEach(names::add);
        Json.ok(response, body);
    }

    private void create(ServerRequest request, ServerResponse response, Caller caller) {
        BodyReader body = Requests.body(request, context.limits());
        String name = Requests.indexName(body);
        byte[] key = Requests.indexKey(body, "index_key");
        String kmsName = body.optionalString("kms_name");
        IndexConfig config = CreateRequest.config(body);
        body.check();
        Requests.unsupported(body, "embedding_model", "Sealdex does not embed text on the server; create the index"
                + " with a dimension (or none: the first upsert sets it) and send vectors");
        context.database().create(name, config, caller.access(key), kmsName);
        context.metrics().items(name, 0);
        Json.ok(response, success("Index '" + name + "' created successfully"));
    }

    private void describe(ServerRequest request, ServerResponse response, Caller caller) {
        BodyReader body = Requests.body(request, context.limits());
        String name = Requests.indexName(body);
        byte[] key = Requests.indexKey(body, "index_key");
        body.check();
        IndexDescription description = context.database().open(name, caller.access(key)).describe();
        context.metrics().items(name, description.count());
        Json.ok(response, describeBody(description));
    }

    private void delete(ServerRequest request, ServerResponse response, Caller caller) {
        BodyReader body = Requests.body(request, context.limits());
        String name = Requests.indexName(body);
        byte[] key = Requests.indexKey(body, "index_key");
        body.check();
        context.database().delete(name, caller.access(key));
        context.metrics().forget(name);
        Json.ok(response, success("Index '" + name + "' deleted successfully"));
    }

    private void train(ServerRequest request, ServerResponse response, Caller caller) {
        BodyReader body = Requests.body(request, context.limits());
        String name = Requests.indexName(body);
        byte[] key = Requests.indexKey(body, "index_key");
        Integer lists = body.integer("n_lists", 0, 0, Limits.MAX_LISTS);
        Integer batchSize = body.integer("batch_size", 2048, 1, 1 << 24);
        Integer maxIterations = body.integer("max_iters", 100, 1, 10_000);
        Double tolerance = body.number("tolerance", 1e-6, 0, 1);
        body.integer("max_memory", 0, 0, Integer.MAX_VALUE);
        body.check();
        IndexSession session = context.database().open(name, caller.access(key));
        TrainingParams params = new TrainingParams(lists, batchSize, maxIterations, tolerance,
                context.database().settings().minTrainingVectors(), 42);
        TrainingOutcome outcome = session.train(params);
        context.metrics().items(name, session.count());
        ObjectNode answer;
        if (outcome == null || outcome.trained()) {
            answer = success("Index '" + name + "' trained successfully");
        } else if (outcome.failed()) {
            context.metrics().trainingFailure();
            answer = Json.object();
            answer.put("status", "error");
            answer.put("message", "Training failed for '" + name + "': " + outcome.message());
        } else {
            LOG.log(Level.WARNING, "Training of index {0} skipped: {1}", name, outcome.message());
            answer = success("Training of index '" + name + "' skipped: " + outcome.message());
        }
        Json.ok(response, answer);
    }

    private void trainingStatus(ServerRequest request, ServerResponse response, Caller caller) {
        TrainingStatus status = context.database().trainingStatus();
        ObjectNode body = Json.object();
        ArrayNode training = body.putArray("training_indexes");
        if (status.currentlyTraining() != null) {
            training.add(status.currentlyTraining());
        }
        status.queued().forEach(training::add);
        body.put("retrain_threshold", status.retrainThreshold());
        body.put("currently_training", status.currentlyTraining());
        ArrayNode queued = body.putArray("queued_indexes");
        status.queued().forEach(queued::add);
        body.put("worker_running", status.workerRunning());
        body.put("worker_pid", 0);
        body.putObject("global_training");
        if (status.currentlyTraining() == null) {
            body.putNull("progress");
        } else {
            ObjectNode progress = body.putObject("progress");
            progress.put("index_name", status.currentlyTraining());
            progress.put("phase", status.phase());
            progress.put("percent", status.percent());
            progress.put("vectors_done", status.vectorsDone());
            progress.put("vectors_total", status.vectorsTotal());
            progress.put("eta_seconds", status.etaSeconds());
        }
        Json.ok(response, body);
    }

    private void rotateKey(ServerRequest request, ServerResponse response, Caller caller) {
        BodyReader body = Requests.body(request, context.limits());
        String name = Requests.indexName(body);
        byte[] key = Requests.indexKey(body, "index_key");
        if (!body.has("index_key")) {
            body.error("missing", body.at("index_key"), "Field required", null);
        }
        byte[] newKey = Requests.indexKey(body, "new_index_key");
        if (!body.has("new_index_key")) {
            body.error("missing", body.at("new_index_key"), "Field required", null);
        }
        body.check();
        context.database().rotateKey(name, caller.access(key), newKey);
        Json.ok(response, success("Index key of '" + name + "' rotated successfully"));
    }

    private void embeddingModels(ServerRequest request, ServerResponse response, Caller caller) {
        ObjectNode body = Json.object();
        body.putArray("models");
        Json.ok(response, body);
    }

    /** {@code {"status": "success", "message": ...}}. */
    static ObjectNode success(String message) {
        ObjectNode body = Json.object();
        body.put("status", "success");
        body.put("message", message);
        return body;
    }

    /**
     * The union of the 0.17 and the <=0.16 {@code describe} shapes: every client reads the keys it
     * knows and ignores the rest.
     */
    static ObjectNode describeBody(IndexDescription description) {
        IndexConfig config = description.config();
        String type = indexType(config);
        ObjectNode body = Json.object();
        body.put("index_name", description.name());
        body.put("is_trained", description.trained());
        body.put("dimension", config.dimension());
        body.put("metric", config.metric().wireName());
        body.put("n_lists", description.lists());
        body.putObject("metadata_schema");
        body.putNull("bm25");
        body.put("index_type", type);
        body.put("storage_precision", config.precision().wireName());
        body.put("num_vectors", description.count());
        if (description.kmsName() != null) {
            body.put("kms_name", description.kmsName());
        }
        ObjectNode legacy = body.putObject("index_config");
        legacy.put("type", type);
        legacy.put("index_type", type);
        legacy.put("dimension", config.dimension());
        legacy.put("metric", config.metric().wireName());
        legacy.put("n_lists", description.lists());
        if (config.kind() == IndexKind.IVF_PQ) {
            legacy.put("pq_dim", config.pqDim());
            legacy.put("pq_bits", config.pqBits());
        }
        if (config.kind() == IndexKind.IVF_SQ) {
            legacy.put("sq_bits", config.sqBits());
        }
        return body;
    }

    /**
     * The {@code index_type} echoed to old clients: the legacy type the index was created with,
     * or {@code ivfflat} (the old service default, which the 0.17 index behaves like: it keeps
     * full vectors and reranks exactly) for an index created without {@code index_config}.
     */
    static String indexType(IndexConfig config) {
        return config.legacy() ? config.kind().legacyName() : IndexKind.IVF_FLAT.legacyName();
    }
}
