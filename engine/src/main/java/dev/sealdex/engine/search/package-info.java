/**
 * The read path: {@code IvfSearcher} picks each query's lists from the coarse quantizer, scans
 * their sealed stage-1 blocks (decrypting each block once for every query of a batch, or handing
 * whole batches to an accelerator's batch search), keeps the best candidates in a {@code TopK},
 * and {@code Reranker} rescores them exactly from the sealed rows of a {@code RowSource},
 * stopping at the first candidate whose best case cannot reach the top k.
 * {@code QueryCoalescer} merges concurrent queries on one index into shared batches.
 */
package dev.sealdex.engine.search;
