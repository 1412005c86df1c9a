/**
 * The IVF layout of an index: the coarse quantizer (sealed centroids), one list per centroid of
 * sealed blocks of stage-1 codes ({@code ListBlockFormat}), the stage-1 codecs (SQ8, SQ16, PQ,
 * flat) and the per-row error bounds that let the rerank stop early. A {@code Layout} is built
 * by training, filled by the write path and recovery, and read by the search; it knows nothing of
 * item records, ids or the store.
 */
package dev.sealdex.engine.ivf;
