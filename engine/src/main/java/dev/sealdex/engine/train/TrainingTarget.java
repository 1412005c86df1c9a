package dev.sealdex.engine.train;

import dev.sealdex.engine.crypto.BlockCipher;
import dev.sealdex.engine.ivf.Layout;
import dev.sealdex.engine.model.EngineResources;
import dev.sealdex.engine.model.IndexConfig;
import dev.sealdex.engine.search.IvfSearcher;
import dev.sealdex.engine.search.RowSource;

/**
 * What a training reads and changes of one index: it snapshots the rows, builds a new
 * {@link Layout} beside the current one, and has the index swap it in (replaying what writers
 * changed meanwhile). The index implements it; nothing else sees these hooks.
 */
public interface TrainingTarget {

    /** The index's configuration. */
    IndexConfig config();

    /** Live items. */
    int count();

    /** The current layout (its epoch numbers the next one). */
    Layout layout();

    /** The rows to train on, as a search reads them. */
    RowSource rows();

    /** The cipher that seals the new layout's centroids and blocks. */
    BlockCipher codesCipher();

    /** The kernels and workers to train with. */
    EngineResources resources();

    /** The index's searcher, to calibrate the new layout's automatic probe count. */
    IvfSearcher searcher();

    /** Starts recording the ordinals writers change, for the swap to replay. */
    void beginTraining();

    /** Stops recording without swapping (training failed or was skipped). */
    void abandonTraining();

    /** Swaps in {@code trained}, replaying the rows changed since training began. */
    void swapLayout(Layout trained);
}
