package dev.sealdex.engine.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TopKTest {

    @Test
    void keepsTheKSmallestInScoreThenOrdinalOrderWithTheirTags() {
        SplittableRandom random = new SplittableRandom(11);
        for (int round = 0; round < 200; round++) {
            int n = 1 + random.nextInt(300);
            int k = 1 + random.nextInt(40);
            float[] scores = new float[n];
            byte[] tags = new byte[n];
            TopK top = new TopK(k);
            for (int i = 0; i < n; i++) {
                // Few distinct scores, so ties are common; ordinals are distinct.
                scores[i] = random.nextInt(20) - 5;
                tags[i] = (byte) random.nextInt(256);
                top.offer(scores[i], i, tags[i]);
            }
            Integer[] expected = IntStream.range(0, n).boxed()
                    .sorted(Comparator.<Integer>comparingDouble(i -> scores[i]).thenComparing(i -> i))
                    .toArray(Integer[]::new);
            int kept = Math.min(k, n);
            TopK.Sorted sorted = top.sorted();
            int[] ordinals = sorted.ordinals();
            float[] sortedScores = sorted.scores();
            byte[] sortedTags = sorted.tags();
            assertArrayEquals(top.sortedOrdinals(), ordinals);
            assertArrayEquals(top.sortedScores(), sortedScores);
            assertEquals(kept, ordinals.length);
            float kth = scores[expected[kept - 1]];
            for (int i = 0; i < kept; i++) {
                // Which of several pairs tied at the k-th score survive depends on arrival order.
                assertEquals(scores[expected[i]], sortedScores[i]);
                assertEquals(scores[ordinals[i]], sortedScores[i]);
                assertEquals(tags[ordinals[i]], sortedTags[i], "tag of ordinal " + ordinals[i]);
                if (sortedScores[i] < kth) {
                    assertEquals(expected[i], ordinals[i]);
                }
            }
        }
    }

    @Test
    void addAllCarriesTagsAndUntaggedOffersGetNoTag() {
        TopK a = new TopK(3);
        a.offer(1f, 10, (byte) 7);
        a.offer(5f, 11, (byte) 8);
        TopK b = new TopK(3);
        b.offer(2f, 20);
        b.offer(0.5f, 21, (byte) 9);
        a.addAll(b);
        assertArrayEquals(new int[] {21, 10, 20}, a.sortedOrdinals());
        assertArrayEquals(new byte[] {9, 7, TopK.NO_TAG}, a.sorted().tags());
        assertTrue(a.full());
        assertFalse(a.offer(3f, 30, (byte) 1));
        assertEquals(2f, a.threshold());
    }

    @Test
    void packedPairsSortByScoreThenOrdinal() {
        float[] scores = {3f, -1f, 0f, -0f, Float.MAX_VALUE, -2.5f, 3f};
        long[] packed = new long[scores.length];
        for (int i = 0; i < scores.length; i++) {
            packed[i] = TopK.pack(scores[i], scores.length - i);
        }
        Arrays.sort(packed);
        for (int i = 1; i < packed.length; i++) {
            float before = TopK.packedScore(packed[i - 1]);
            float after = TopK.packedScore(packed[i]);
            assertTrue(before < after || before == after && (int) packed[i - 1] < (int) packed[i]);
        }
        assertEquals(-2.5f, TopK.packedScore(packed[0]));
    }

    /** The heap grows as pairs arrive: a huge k reserves nothing up front and still keeps the k best. */
    @Test
    void aHugeKAllocatesOnlyWhatItHolds() {
        TopK huge = new TopK(Integer.MAX_VALUE - 8);
        assertTrue(huge.allocated() <= TopK.INITIAL_SLOTS, "allocated " + huge.allocated());
        for (int i = 0; i < 1_000; i++) {
            huge.offer(1_000 - i, i);
        }
        assertEquals(1_000, huge.size());
        assertTrue(huge.allocated() < 4_096, "allocated " + huge.allocated());
        assertEquals(999, huge.sortedOrdinals()[0]);
    }

    /** Across the growth steps (k above the first allocation) the k smallest are kept, as without growth. */
    @Test
    void growingHeapsKeepTheKSmallest() {
        SplittableRandom random = new SplittableRandom(12);
        for (int round = 0; round < 30; round++) {
            int n = 1 + random.nextInt(5_000);
            int k = TopK.INITIAL_SLOTS + random.nextInt(2_000);
            float[] scores = new float[n];
            TopK top = new TopK(k);
            for (int i = 0; i < n; i++) {
                scores[i] = random.nextInt(1_000);
                top.offer(scores[i], i);
            }
            int[] expected = IntStream.range(0, n).boxed()
                    .sorted(Comparator.<Integer>comparingDouble(i -> scores[i]).thenComparing(i -> i))
                    .limit(k).mapToInt(Integer::intValue).toArray();
            float[] expectedScores = new float[expected.length];
            for (int i = 0; i < expected.length; i++) {
                expectedScores[i] = scores[expected[i]];
            }
            // The k best scores exactly; which of the pairs tied at the k-th score stays is unspecified.
            assertArrayEquals(expectedScores, top.sortedScores(), "n " + n + ", k " + k);
            int[] ordinals = top.sortedOrdinals();
            float last = expectedScores[expectedScores.length - 1];
            for (int i = 0; i < expected.length && expectedScores[i] < last; i++) {
                assertEquals(expected[i], ordinals[i], "n " + n + ", k " + k + ", rank " + i);
            }
            assertEquals(n >= k, top.full());
        }
    }
}
