package dev.sealdex.bench.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sealdex.engine.kernel.BlockHits;
import org.junit.jupiter.api.Test;

class AgreementTest {

    @Test
    void recallCountsTrueNeighboursFoundInAnyOrder() {
        int[][] truth = {{1, 2, 3, 4}, {5, 6, 7, 8}};
        int[][] found = {{4, 3, 2, 1}, {5, 6, 9, 10}};
        assertEquals(0.75, Agreement.recall(found, truth, 4), 1e-12);
        assertEquals(0.5, Agreement.recall(found, truth, 2), 1e-12, "only the first 2 of each side count");
    }

    @Test
    void recallLooksOnlyAtTheFirstKFound() {
        int[][] truth = {{1, 2}};
        int[][] found = {{9, 1, 2}};
        assertEquals(0.5, Agreement.recall(found, truth, 2), 1e-12);
    }

    @Test
    void shortTruthCountsAgainstWhatItHas() {
        assertEquals(1.0, Agreement.recall(new int[][] {{7}}, new int[][] {{7}}, 10), 1e-12);
        assertEquals(1.0, Agreement.recall(new int[0][], new int[0][], 10), 1e-12);
    }

    @Test
    void mismatchedQueryCountsAreABug() {
        assertThrows(IllegalArgumentException.class, () -> Agreement.recall(new int[1][], new int[2][], 10));
    }

    @Test
    void identicalNeedsTheSameOrder() {
        int[][] a = {{1, 2, 3}, {4, 5, 6}, {7, 8}};
        int[][] b = {{1, 2, 3}, {5, 4, 6}, {7, 8}};
        assertEquals(2, Agreement.identical(a, b, 3));
        assertEquals(2, Agreement.identical(a, b, 1));
    }

    @Test
    void idsReadEachQuerysHits() {
        BlockHits hits = new BlockHits(2, 3, new int[] {2, 3}, new int[] {4, 5, 0, 6, 7, 8}, new float[6]);
        int[][] ids = Agreement.ids(hits);
        assertArrayEquals(new int[] {4, 5}, ids[0]);
        assertArrayEquals(new int[] {6, 7, 8}, ids[1]);
    }
}
