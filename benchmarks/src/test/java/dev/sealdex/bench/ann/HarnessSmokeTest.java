package dev.sealdex.bench.ann;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealdex.engine.kernel.DistanceFunction;
import dev.sealdex.engine.kernel.Kernels;
import dev.sealdex.engine.kernel.ScalarKernels;
import dev.sealdex.engine.model.EngineResources;
import dev.sealdex.engine.model.IndexKind;
import dev.sealdex.engine.model.Metric;
import dev.sealdex.engine.model.StoragePrecision;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One small end-to-end pass over the Sealdex side: build, train, sweep in every mode, reopen, report. */
// A whole harness run (about 6 s): the reliability stage, skipped by ./sealdex test --quick.
@Tag("slow")
class HarnessSmokeTest {

    @TempDir
    Path dir;

    @Test
    void aSmallRunMeasuresEveryModeAndReportsIt() throws Exception {
        Kernels kernels = new Kernels(ScalarKernels.INSTANCE);
        Log log = new Log(new PrintStream(OutputStream.nullOutputStream()));
        IndexSpec.Choice kinds = new IndexSpec.Choice(List.of(IndexKind.IVF_SQ8_RERANK, IndexKind.IVF_PQ),
                Metric.EUCLIDEAN, StoragePrecision.FLOAT32, 0, 8, 8);
        BenchSettings settings = new BenchSettings(kinds, StoreKind.MEMORY, dir, true, List.of(0, 1, 4, 1000), 0, 10,
                42, 500, 2, 2, true, List.of(Report.CLIENTS, Report.BATCH), 4, 64, 10, 0, 0, 2);
        try (ExecutorService engine = Executors.newFixedThreadPool(2);
             ExecutorService single = Executors.newSingleThreadExecutor()) {
            Dataset data = ClusteredData.generate(new ClusteredData.Params(2_000, 8, 60, 10, 0.5, 1), engine);
            data = GroundTruth.ensure(data, DistanceFunction.SQUARED_L2, kernels, engine, 2, dir, log);
            List<Report.Build> builds = new ArrayList<>();
            List<Report.Curve> curves = new ArrayList<>();
            List<String> notes = new ArrayList<>();
            try (QueryDriver driver = new QueryDriver(data, 10, 0, 0, 4, 64)) {
                SealdexRun run = new SealdexRun(data, settings, new EngineResources(kernels, engine, 2),
                        new EngineResources(kernels, single, 1), driver, log);
                for (IndexSpec spec : kinds.specs(data.dimension())) {
                    // Plain only for the first kind: enough to check the comparison, and half the time.
                    for (boolean encrypted : builds.isEmpty() ? new boolean[] {true, false} : new boolean[] {true}) {
                        SealdexRun.Result result = run.run(spec, new KeyMaterial(encrypted, new SecureRandom()),
                                dir.resolve("store"));
                        builds.add(result.build());
                        curves.addAll(result.curves());
                        notes.addAll(result.notes());
                    }
                }
            }
            assertEquals(3, builds.size());
            assertEquals(9, curves.size());
            assertTrue(notes.isEmpty(), notes.toString());
            for (Report.Build build : builds) {
                assertEquals(32, build.lists(), build.toString());
                assertTrue(build.autoProbes() > 0, build.toString());
                assertNotNull(build.reopenSeconds());
                assertTrue(build.heapPerVector() > 0, build.toString());
            }
            for (Report.Curve curve : curves) {
                assertEquals(4, curve.points().size(), curve.toString());
                Report.Point all = curve.points().getLast();
                assertEquals(32, all.param(), "n_probes is capped at n_lists");
                assertEquals(1.0, all.recall(), 1e-9, "probing every list is exact: " + curve);
                assertTrue(curve.points().getFirst().recall() > 0.8, "automatic n_probes aims at 0.95: " + curve);
            }

            Report report = new Report(data.name(), data.description(), data.size(), data.dimension(),
                    data.queryCount(), Map.of("cpus", "2"), settings.describe(data.dimension()), builds, curves, notes);
            ByteArrayOutputStream table = new ByteArrayOutputStream();
            new ResultTable(report, 0.95).print(new PrintStream(table, true, StandardCharsets.UTF_8));
            String text = table.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains("sealdex-ivfpq(8x8)"), text);
            assertTrue(text.contains("n_probes=auto("), text);
            Path png = dir.resolve("plot.png");
            new RecallQpsPlot(report).write(png);
            assertNotNull(javax.imageio.ImageIO.read(png.toFile()));
        }
    }
}
