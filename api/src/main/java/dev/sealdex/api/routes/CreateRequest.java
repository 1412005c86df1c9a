package dev.sealdex.api.routes;

import dev.sealdex.api.http.BodyReader;
import dev.sealdex.api.http.Limits;
import dev.sealdex.engine.model.IndexConfig;
import dev.sealdex.engine.model.IndexKind;
import dev.sealdex.engine.model.Metric;
import dev.sealdex.engine.model.StoragePrecision;

/**
 * The index configuration of {@code POST /v1/indexes/create}, from either dialect: the 0.17 flat
 * fields ({@code dimension}, {@code metric}, {@code storage_precision}) or the <=0.16
 * {@code index_config} ({@code type} {@code ivf}/{@code ivfflat}/{@code ivfpq}/{@code ivfsq} and
 * the very old {@code ivf_flat}/{@code ivf_pq}, with {@code pq_dim}, {@code pq_bits}, {@code sq_bits};
 * its {@code dimension} and {@code metric} count when the flat fields are absent). A flat field
 * wins over the same field inside {@code index_config}.
 */
final class CreateRequest {

    /** {@code sq_bits} when an {@code ivfsq} config names none (CyborgDB 0.16). */
    static final int DEFAULT_SQ_BITS = 16;

    private CreateRequest() {
    }

    /** The configuration, or null when {@code body} recorded errors. */
    static IndexConfig config(BodyReader body) {
        Integer dimension = body.integer("dimension", null, 0, Limits.MAX_DIMENSION);
        String metricName = body.optionalString("metric");
        String precisionName = body.optionalString("storage_precision");
        BodyReader legacy = body.child("index_config", false);
        IndexKind kind = IndexKind.IVF_SQ8_RERANK;
        int pqDim = 0;
        int pqBits = 0;
        int sqBits = 0;
        if (legacy != null) {
            String type = legacy.optionalString("type");
            try {
                kind = IndexKind.parseLegacy(type == null ? "ivfflat" : type);
            } catch (IllegalArgumentException e) {
                legacy.error("value_error", legacy.at("type"), e.getMessage(), BodyReader.summary(legacy.value("type")));
            }
            if (dimension == null) {
                dimension = legacy.integer("dimension", null, 0, Limits.MAX_DIMENSION);
            }
            if (metricName == null) {
                metricName = legacy.optionalString("metric");
            }
            if (kind == IndexKind.IVF_PQ) {
                Integer dim = legacy.integer("pq_dim", null, 1, Limits.MAX_DIMENSION);
                Integer bits = legacy.integer("pq_bits", null, 1, 16);
                if (!legacy.has("pq_dim")) {
                    legacy.error("missing", legacy.at("pq_dim"), "Field required", null);
                }
                if (!legacy.has("pq_bits")) {
                    legacy.error("missing", legacy.at("pq_bits"), "Field required", null);
                }
                pqDim = dim == null ? 0 : dim;
                pqBits = bits == null ? 0 : bits;
            } else if (kind == IndexKind.IVF_SQ) {
                Integer bits = legacy.integer("sq_bits", DEFAULT_SQ_BITS, 8, 16);
                sqBits = bits == null ? DEFAULT_SQ_BITS : bits;
            }
        }
        Metric metric = null;
        try {
            metric = Metric.parse(metricName);
        } catch (IllegalArgumentException e) {
            body.error("value_error", body.at("metric"), e.getMessage(), BodyReader.summary(body.value("metric")));
        }
        StoragePrecision precision = null;
        try {
            precision = StoragePrecision.parse(precisionName);
        } catch (IllegalArgumentException e) {
            body.error("value_error", body.at("storage_precision"), e.getMessage(),
                    BodyReader.summary(body.value("storage_precision")));
        }
        Requests.unsupported(body, "text_fields", "BM25 full-text search is not available in Sealdex yet");
        Requests.unsupported(body, "bm25_k1", "BM25 full-text search is not available in Sealdex yet");
        Requests.unsupported(body, "bm25_b", "BM25 full-text search is not available in Sealdex yet");
        if (body.hasErrors()) {
            return null;
        }
        try {
            return new IndexConfig(dimension == null ? 0 : dimension, metric, kind, precision, pqDim, pqBits, sqBits,
                    legacy != null);
        } catch (IllegalArgumentException e) {
            body.error("value_error", legacy != null ? body.at("index_config") : body.at("dimension"), e.getMessage(),
                    null);
            return null;
        }
    }

}
