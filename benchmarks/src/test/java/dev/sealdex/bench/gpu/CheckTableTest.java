package dev.sealdex.bench.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealdex.bench.gpu.CheckTable.Status;
import org.junit.jupiter.api.Test;

class CheckTableTest {

    @Test
    void rendersAlignedColumnsAndTheVerdict() {
        CheckTable table = new CheckTable();
        table.add("contract", "412 tests", "all pass", Status.PASS);
        table.add("queries Q=1024", "12.0x", ">= 20x", Status.MISS);
        assertEquals("""
                title
                check          | result    | target   | status
                ---------------+-----------+----------+-------
                contract       | 412 tests | all pass | PASS
                queries Q=1024 | 12.0x     | >= 20x   | MISS
                PASSED; 1 performance target missed
                """, table.render("title"));
    }

    @Test
    void onlyAFailFailsTheRun() {
        CheckTable table = new CheckTable();
        table.add("a", "", "", Status.MISS);
        table.add("b", "", "", Status.SKIP);
        table.add("c", "", "", Status.INFO);
        assertFalse(table.failed());
        table.add("d", "", "", Status.FAIL);
        table.add("e", "", "", Status.FAIL);
        assertTrue(table.failed());
        assertEquals("FAILED (2 checks failed); 1 performance target missed", table.verdict());
    }
}
