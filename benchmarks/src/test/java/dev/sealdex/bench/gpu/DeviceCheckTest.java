package dev.sealdex.bench.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealdex.bench.gpu.CheckTable.Status;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DeviceCheckTest {

    private static DeviceCheck.Run parse(String... args) {
        CommandLine.ParseResult parsed = DeviceCheck.commandLine().parseArgs(args);
        return (DeviceCheck.Run) parsed.subcommand().commandSpec().userObject();
    }

    @Test
    void defaultsAreTheIssuesSizes() {
        DeviceCheck.Run run = parse("run", "--out", "/tmp/x");
        assertEquals(Path.of("/tmp/x"), run.out);
        assertFalse(run.dryRun);
        assertEquals(List.of(1, 64, 1024), run.batches);
        assertEquals(1_000_000, run.rows);
        assertEquals(200_000, run.parityRows);
        assertEquals(1_000, run.memoryQueries);
        assertEquals(128, run.dimension);
        assertEquals(Status.SKIP, run.contract);
    }

    @Test
    void laterOptionsOverrideEarlierOnes() {
        // The script puts the dry-run sizes first; what the caller adds after them wins.
        DeviceCheck.Run run = parse("run", "--out", "o", "--dry-run", "--rows", "1000", "--batches", "1,8",
                "--rows", "5000", "--contract", "PASS", "--contract-detail", "12 tests");
        assertTrue(run.dryRun);
        assertEquals(5_000, run.rows);
        assertEquals(List.of(1, 8), run.batches);
        assertEquals(Status.PASS, run.contract);
        assertEquals("12 tests", run.contractDetail);
    }

    @Test
    void outIsRequired() {
        assertThrows(CommandLine.MissingParameterException.class, () -> parse("run"));
    }

    @Test
    void settingsRejectImpossibleSizes() {
        assertThrows(IllegalArgumentException.class,
                () -> new CheckSettings(128, 1_000, 10, 10, 1_000, List.of(1, 0), 100, 10, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new CheckSettings(128, 1_000, 10, 10, 1_000, List.of(1), 100, 200, 1, 1, 1, 1));
        assertEquals(1024, new CheckSettings(128, 1_000, 10, 10, 1_000, List.of(64, 1024, 1), 100, 10, 1, 1, 1, 1)
                .maxBatch());
    }

    @Test
    void rateIsShort() {
        assertEquals("812", ThroughputCheck.rate(812.4));
        assertEquals("12.4k", ThroughputCheck.rate(12_400));
        assertEquals("3.10M", ThroughputCheck.rate(3_100_000));
    }
}
