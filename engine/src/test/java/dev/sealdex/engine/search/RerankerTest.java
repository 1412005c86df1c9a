package dev.sealdex.engine.search;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealdex.engine.model.Metric;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The rerank's best-case bound, on which its early stop rests. */
class RerankerTest {

    /** A candidate offered without a bound carries TopK's empty tag, which must read as an unknown bound. */
    @org.junit.jupiter.api.Test
    void anUntaggedCandidateHasAnUnknownBound() {
        org.junit.jupiter.api.Assertions.assertEquals(dev.sealdex.engine.ivf.ErrorBound.UNKNOWN, TopK.NO_TAG);
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void bestCaseIsNeverAboveTheScore(Metric metric) {
        for (float score : new float[] {0f, 0.5f, 4f, 100f, -0.9f, 0.3f}) {
            for (float slack : new float[] {0f, 0.1f, 2f}) {
                float stageOne = metric == Metric.COSINE ? score : Math.abs(score);
                float best = Reranker.bestCase(metric.scoring(), stageOne, slack);
                assertTrue(best <= stageOne);
            }
        }
    }
}
