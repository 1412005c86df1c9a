package dev.sealdex.bench.filter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sealdex.engine.filter.ColumnChunk;
import dev.sealdex.engine.filter.ColumnEvaluator;
import dev.sealdex.engine.filter.MetadataFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Metadata filtering over 102,400 rows in 25 chunks of 4,096, the shape the engine uses: encoding
 * a chunk's columns, and evaluating six kinds of filter over the encoded columns. Each evaluation
 * checks its match count against {@link MetadataFilter#matches} row by row, computed at set-up.
 * Moved here from the engine's tests (ColumnEvaluatorSpeedTest), where it printed timings.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main ColumnFilterBenchmark</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ColumnFilterBenchmark {

    private static final int CHUNKS = 25;
    private static final int ROWS = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The filters the engine's speed test measured, by name. */
    private static final Map<String, String> FILTERS = Map.of(
            "equality", "{\"category\": \"c7\"}",
            "range", "{\"price\": {\"$gte\": 100, \"$lt\": 200}}",
            "list", "{\"tags\": \"t3\"}",
            "in50", "{\"loc.city\": {\"$in\": " + cities(50) + "}}",
            "combined", "{\"$or\": [{\"category\": {\"$in\": [\"c1\", \"c2\"]}}, {\"price\": {\"$lt\": 50}}],"
                    + " \"tags\": {\"$nin\": [\"t1\"]}, \"in_stock\": true}",
            "regex", "{\"category\": {\"$regex\": \"^c1\"}}");

    /** Evaluates the filter over every chunk; the count of matching rows. */
    @Benchmark
    public long evaluate(Filtered state) {
        return state.evaluate();
    }

    /** Builds and encodes the five columns of one 4,096-row chunk. */
    @Benchmark
    public Map<String, byte[]> encodeChunk(OneChunk state) {
        return chunk(state.rows).encodeColumns();
    }

    /** Every chunk encoded, and one parsed filter with its reference match count. */
    @State(Scope.Benchmark)
    public static class Filtered {

        /** Which filter to evaluate. */
        @Param({"equality", "range", "list", "in50", "combined", "regex"})
        public String filter;

        private List<Map<String, byte[]>> chunks;
        private MetadataFilter parsed;

        /** Builds the seeded rows, encodes them, and checks the evaluator against the reference. */
        @Setup
        public void setUp() throws JsonProcessingException {
            List<ObjectNode> rows = rows(new Random(42));
            chunks = new ArrayList<>();
            for (int c = 0; c < CHUNKS; c++) {
                chunks.add(chunk(rows.subList(c * ROWS, (c + 1) * ROWS)).encodeColumns());
            }
            parsed = MetadataFilter.parse(JSON.readTree(FILTERS.get(filter)));
            long expected = rows.stream().filter(parsed::matches).count();
            long matched = evaluate();
            if (matched != expected) {
                throw new IllegalStateException(filter + ": the evaluator matched " + matched + " rows, the reference "
                        + expected);
            }
        }

        long evaluate() {
            long matched = 0;
            for (Map<String, byte[]> columns : chunks) {
                for (long word : ColumnEvaluator.evaluate(parsed, ROWS, columns::get)) {
                    matched += Long.bitCount(word);
                }
            }
            return matched;
        }
    }

    /** The rows of one chunk, for the encoding benchmark. */
    @State(Scope.Benchmark)
    public static class OneChunk {
        List<ObjectNode> rows;

        /** The first chunk's seeded rows. */
        @Setup
        public void setUp() {
            rows = rows(new Random(42)).subList(0, ROWS);
        }
    }

    private static ColumnChunk chunk(List<ObjectNode> chunkRows) {
        ColumnChunk chunk = new ColumnChunk(ROWS);
        for (int r = 0; r < chunkRows.size(); r++) {
            chunk.setRow(r, chunkRows.get(r));
        }
        return chunk;
    }

    private static List<ObjectNode> rows(Random random) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        List<ObjectNode> all = new ArrayList<>(CHUNKS * ROWS);
        for (int i = 0; i < CHUNKS * ROWS; i++) {
            ObjectNode row = nodes.objectNode()
                    .put("category", "c" + random.nextInt(20))
                    .put("price", random.nextInt(1000))
                    .put("in_stock", random.nextBoolean());
            row.putArray("tags").add("t" + random.nextInt(50)).add("t" + random.nextInt(50));
            row.putObject("loc").put("city", "city" + random.nextInt(300));
            all.add(row);
        }
        return all;
    }

    private static String cities(int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add("\"city" + (i * 5) + "\"");
        }
        return names.toString();
    }
}
