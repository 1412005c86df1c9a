package dev.sealdex.engine.index;

import dev.sealdex.engine.train.Trainer;
import dev.sealdex.engine.train.TrainingProgress;
import dev.sealdex.engine.search.SearchHit;
import dev.sealdex.engine.search.SearchRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealdex.engine.model.IndexConfig;
import dev.sealdex.engine.model.Item;
import dev.sealdex.engine.model.Metric;
import dev.sealdex.engine.model.StoragePrecision;
import dev.sealdex.engine.model.TrainingParams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckpointTest {

    private static final int D = 8;

    private static String nearest(VectorIndex index, float[] query) {
        return index.query(List.of(new SearchRequest(query, 1, 0, 10, false, null))).get(0).get(0).id();
    }

    @Test
    void reopenRestoresCheckpointedBlocksAndReplaysOnlyLaterWrites() throws Exception {
        try (IndexFixture fixture = new IndexFixture()) {
            VectorIndex index = fixture.create(IndexConfig.standard(D, Metric.EUCLIDEAN, StoragePrecision.FLOAT32));
            float[] data = IndexFixture.clustered(3_350, D, 20, 21);
            index.upsert(IndexFixture.items(data, D, 0, 3_000));
            assertTrue(index.train(new TrainingParams(32, 2048, 10, 1e-4, 1_000, 1), new TrainingProgress())
                    .trained());
            // Training queues a background checkpoint; let it finish so it cannot land after the
            // writes below, then take ours.
            index.awaitBackgroundCheckpoint();
            assertTrue(index.checkpoint());

            index.upsert(IndexFixture.items(data, D, 3_000, 3_300));
            List<Item> moved = new ArrayList<>();
            for (int r = 0; r < 50; r++) {
                // Moved within the trained range: SQ8 codes clamp values far outside it.
                moved.add(new Item("id-" + r, Arrays.copyOfRange(data, (3_300 + r) * D, (3_301 + r) * D), null, null));
            }
            index.upsert(moved);
            List<String> deleted = new ArrayList<>();
            for (int r = 100; r < 130; r++) {
                deleted.add("id-" + r);
            }
            index.delete(deleted);

            VectorIndex reopened = fixture.reopen();
            assertTrue(reopened.isTrained());
            assertEquals(3_300 - 30, reopened.count());
            // Only the 300 new and 50 moved rows were placed again; the rest came from the checkpoint.
            assertEquals(350, reopened.replayedAtOpen());
            for (int r = 0; r < 50; r += 7) {
                assertEquals("id-" + r, nearest(reopened, Arrays.copyOfRange(data, (3_300 + r) * D, (3_301 + r) * D)));
            }
            for (int r = 3_000; r < 3_300; r += 37) {
                assertEquals("id-" + r, nearest(reopened, Arrays.copyOfRange(data, r * D, (r + 1) * D)));
            }
            for (String id : deleted) {
                assertTrue(reopened.get(List.of(id)).isEmpty());
            }
            List<SearchHit> all = reopened.query(List.of(new SearchRequest(new float[D], 4_000, 32, 1, false, null))).get(0);
            assertEquals(3_270, all.size(), "every live row is searchable exactly once");
            assertEquals(3_270, all.stream().map(SearchHit::id).distinct().count());

            // A second reopen after a fresh checkpoint replays nothing.
            assertTrue(reopened.checkpoint());
            assertEquals(0, fixture.reopen().replayedAtOpen());
        }
    }

    @Test
    void bulkLoadsBeforeTrainingWriteNoCheckpointsButTrainedIndexesDo() throws Exception {
        int batch = 5_000;
        int half = IndexCheckpoints.CHECKPOINT_MIN_CHANGES + batch;
        try (IndexFixture fixture = new IndexFixture()) {
            VectorIndex index = fixture.create(IndexConfig.standard(D, Metric.EUCLIDEAN, StoragePrecision.FLOAT32));
            float[] data = IndexFixture.clustered(2 * half, D, 20, 22);
            for (int from = 0; from < half; from += batch) {
                index.upsert(IndexFixture.items(data, D, from, from + batch));
            }
            index.awaitBackgroundCheckpoint();
            // Untrained: no checkpoint was taken, so the reopen placed every row itself.
            VectorIndex reopened = fixture.reopen();
            assertEquals(half, reopened.replayedAtOpen());

            assertTrue(reopened.train(new TrainingParams(32, 2048, 5, 1e-4, 1_000, 1), new TrainingProgress())
                    .trained());
            reopened.awaitBackgroundCheckpoint();
            for (int from = half; from < 2 * half; from += batch) {
                reopened.upsert(IndexFixture.items(data, D, from, from + batch));
            }
            reopened.awaitBackgroundCheckpoint();
            // Trained: the writes past the threshold started a checkpoint; only the batch after it replays.
            VectorIndex again = fixture.reopen();
            assertTrue(again.replayedAtOpen() <= batch, "replayed " + again.replayedAtOpen());
            assertEquals(2 * half, again.count());
        }
    }
}
