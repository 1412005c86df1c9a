package dev.sealdex.engine.filter;

import static dev.sealdex.engine.filter.FilterTestSupport.filter;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures (prints, never asserts) filter evaluation over 100k rows in 25 chunks of 4096, the
 * shape the engine uses. Kept out of the default run, like other benchmarks; run it with
 * {@code mvn -pl engine verify -Dtest=ColumnEvaluatorSpeedTest -Dsealdex.speed=true} and read
 * target/surefire-reports/*-output.txt. Figures from a unit test on shared cores are indicative
 * only; JMH in {@code benchmarks} is the judge.
 */
@EnabledIfSystemProperty(named = "sealdex.speed", matches = "true")
class ColumnEvaluatorSpeedTest {

    private static final int CHUNKS = 25;
    private static final int ROWS = 4096;

    @Test
    void measureEqualityAndRangeOver100kRows() {
        Random random = new Random(42);
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        List<Map<String, byte[]>> chunks = new ArrayList<>();
        long encodeNanos = 0;
        for (int c = 0; c < CHUNKS; c++) {
            ColumnChunk chunk = new ColumnChunk(ROWS);
            for (int r = 0; r < ROWS; r++) {
                ObjectNode row = nodes.objectNode()
                        .put("category", "c" + random.nextInt(20))
                        .put("price", random.nextInt(1000))
                        .put("in_stock", random.nextBoolean());
                row.putArray("tags").add("t" + random.nextInt(50)).add("t" + random.nextInt(50));
                row.putObject("loc").put("city", "city" + random.nextInt(300));
                chunk.setRow(r, row);
            }
            long start = System.nanoTime();
            chunks.add(chunk.encodeColumns());
            encodeNanos += System.nanoTime() - start;
        }
        System.out.printf("encode: %.2f ms per 4096-row chunk (5 columns); category column %d bytes, price %d,"
                        + " tags %d%n", encodeNanos / 1e6 / CHUNKS, chunks.getFirst().get("category").length,
                chunks.getFirst().get("price").length, chunks.getFirst().get("tags").length);

        measure("equality  category = c7", filter("{\"category\": \"c7\"}"), chunks);
        measure("range     100 <= price < 200", filter("{\"price\": {\"$gte\": 100, \"$lt\": 200}}"), chunks);
        measure("list      tags contains t3", filter("{\"tags\": \"t3\"}"), chunks);
        measure("in        city in 50 values", filter("{\"loc.city\": {\"$in\": " + cities(50) + "}}"), chunks);
        measure("combined  and/or/nin", filter("{\"$or\": [{\"category\": {\"$in\": [\"c1\", \"c2\"]}},"
                + " {\"price\": {\"$lt\": 50}}], \"tags\": {\"$nin\": [\"t1\"]}, \"in_stock\": true}"), chunks);
        measure("regex     category ^c1", filter("{\"category\": {\"$regex\": \"^c1\"}}"), chunks);
    }

    private static String cities(int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add("\"city" + (i * 5) + "\"");
        }
        return names.toString();
    }

    private static void measure(String name, MetadataFilter filter, List<Map<String, byte[]>> chunks) {
        long matched = 0;
        // Warm the JIT first; C2 compiles the scan loops after a few thousand calls.
        for (int i = 0; i < 200; i++) {
            matched = run(filter, chunks);
        }
        int repeats = 100;
        // Thread CPU time, not wall time: the build shares two cores with other work, and time
        // spent descheduled says nothing about the evaluator.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadCpuTime();
        long wallStart = System.nanoTime();
        long check = 0;
        for (int i = 0; i < repeats; i++) {
            check = run(filter, chunks);
        }
        double micros = (threads.getCurrentThreadCpuTime() - start) / 1e3 / repeats;
        double wallMicros = (System.nanoTime() - wallStart) / 1e3 / repeats;
        assertEquals(matched, check);
        System.out.printf("%-32s %8.1f us CPU per 102,400 rows (%.2f ns/row; wall %.1f us), %d matches%n", name,
                micros, micros * 1e3 / (CHUNKS * ROWS), wallMicros, matched);
    }

    private static long run(MetadataFilter filter, List<Map<String, byte[]>> chunks) {
        long matched = 0;
        for (Map<String, byte[]> columns : chunks) {
            for (long word : ColumnEvaluator.evaluate(filter, ROWS, columns::get)) {
                matched += Long.bitCount(word);
            }
        }
        return matched;
    }
}
