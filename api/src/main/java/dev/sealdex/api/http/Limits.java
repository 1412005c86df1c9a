package dev.sealdex.api.http;

import dev.sealdex.engine.db.Database;
import dev.sealdex.engine.model.IndexConfig;
import dev.sealdex.engine.model.TrainingParams;

/**
 * Every request limit, in one place. Each is enforced with a clear 4xx and documented in the
 * OpenAPI file ({@code api/src/main/resources/openapi/openapi.yaml}, section "Limits") and the
 * README. Only the body size is configurable ({@code SEALDEX_MAX_BODY_BYTES}); the rest are fixed
 * because the engine or the response size depends on them.
 *
 * @param maxBodyBytes the largest request body accepted (413 beyond it)
 */
public record Limits(long maxBodyBytes) {

    /** Default request body limit: 128 MiB, enough for about 100,000 vectors of dimension 128 as JSON. */
    public static final long DEFAULT_MAX_BODY_BYTES = 128L << 20;
    /** Smallest body limit that may be configured (the OpenAPI examples and health checks fit easily). */
    public static final long MIN_MAX_BODY_BYTES = 1L << 10;
    /**
     * Most bytes of an oversized body read and thrown away after its 413, so that a client still
     * sending sees the answer instead of a reset connection (see {@link Json#discardBody}).
     * Helidon itself refuses a declared body larger than the limit plus this, before routing.
     */
    public static final long DISCARD_BYTES = 16L << 20;
    /** Longest time spent discarding an oversized body after its 413, in milliseconds. */
    public static final long DISCARD_MILLIS = 2_000;
    /** Deepest JSON nesting accepted in a request body (objects and arrays). */
    public static final int MAX_JSON_DEPTH = 100;
    /** Longest JSON string value or field name, in chars (covers a large {@code vectors_b64}). */
    public static final int MAX_JSON_STRING_CHARS = 64 << 20;
    /** Longest JSON number literal, in chars. */
    public static final int MAX_JSON_NUMBER_CHARS = 1000;
    /** Most results per query vector. */
    public static final int MAX_TOP_K = 10_000;
    /** Most stage-1 candidates per query vector: {@code top_k * rerank_mult}. */
    public static final int MAX_CANDIDATES = 100_000;
    /** Most query vectors in one batch ({@code query}, {@code query_binary}). */
    public static final int MAX_QUERIES = 10_000;
    /** Most results in one query response: queries times {@code top_k}. */
    public static final int MAX_RESULTS = 1_000_000;
    /**
     * Most stage-1 candidates one query request may keep, over all its query vectors: queries times
     * {@code top_k} times {@code rerank_mult}. At 9 bytes a candidate that is at most 90 MB of
     * heaps, and every request within {@link #MAX_RESULTS} at the default {@code rerank_mult} of 10
     * fits.
     */
    public static final long MAX_REQUEST_CANDIDATES = 10_000_000L;
    /** Most items in one upsert ({@code items} or {@code batch.ids}). */
    public static final int MAX_ITEMS = 100_000;
    /** Most ids in one {@code get} or {@code delete}. */
    public static final int MAX_IDS = 100_000;
    /** Largest vector dimension (the engine's limit). */
    public static final int MAX_DIMENSION = IndexConfig.MAX_DIMENSION;
    /** Longest index name, in UTF-8 bytes (the engine's limit). */
    public static final int MAX_INDEX_NAME_BYTES = Database.MAX_NAME_BYTES;
    /** Characters an index name may use. */
    public static final String INDEX_NAME_PATTERN = "^[A-Za-z0-9_.\\-]+$";
    /** Longest item id, in UTF-8 bytes. */
    public static final int MAX_ID_BYTES = 4096;
    /** Largest {@code n_lists} and {@code n_probes}. */
    public static final int MAX_LISTS = TrainingParams.MAX_LISTS;

    /** Checks the body limit. */
    public Limits {
        if (maxBodyBytes < MIN_MAX_BODY_BYTES) {
            throw new IllegalArgumentException("SEALDEX_MAX_BODY_BYTES must be at least " + MIN_MAX_BODY_BYTES
                    + ", got " + maxBodyBytes);
        }
    }

    /** The defaults. */
    public static Limits defaults() {
        return new Limits(DEFAULT_MAX_BODY_BYTES);
    }
}
