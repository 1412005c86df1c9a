/**
 * Training: {@code Trainer} snapshots an index's rows through a {@code TrainingTarget}, clusters a
 * sample with {@code KMeans} (mini-batch k-means, its assignment step on the kernels' batch
 * search), trains the stage-1 codec, places every row in a new {@code Layout}, calibrates the
 * automatic probe count against exact search, and has the index swap the layout in.
 * {@code TrainingProgress} is what {@code GET /v1/indexes/training-status}-style callers read.
 */
package dev.sealdex.engine.train;

import dev.sealdex.engine.quant.KMeans;
