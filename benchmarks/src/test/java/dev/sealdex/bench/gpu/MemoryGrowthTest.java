package dev.sealdex.bench.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealdex.bench.gpu.MemoryGrowth.Sample;
import dev.sealdex.bench.gpu.MemoryGrowth.Verdict;
import org.junit.jupiter.api.Test;

class MemoryGrowthTest {

    private static final long MIB = 1L << 20;

    @Test
    void noGrowthPasses() {
        Verdict verdict = MemoryGrowth.judge(new Sample(100 * MIB, 90 * MIB, 1_000 * MIB),
                new Sample(100 * MIB, 90 * MIB, 1_000 * MIB), 0, 32 * MIB);
        assertTrue(verdict.passed());
        assertEquals("backend +0.00 MiB, resident +0.00 MiB, device +0.00 MiB (cuMemGetInfo)", verdict.detail());
    }

    @Test
    void anyBackendGrowthFailsWithAZeroBound() {
        Verdict verdict = MemoryGrowth.judge(new Sample(100, 90, -1), new Sample(101, 90, -1), 0, 32 * MIB);
        assertFalse(verdict.passed());
    }

    @Test
    void residentGrowthFails() {
        assertFalse(MemoryGrowth.judge(new Sample(100, 90, -1), new Sample(100, 91, -1), 0, 32 * MIB).passed());
    }

    @Test
    void deviceGrowthWithinTheBoundPassesAndBeyondItFails() {
        Sample before = new Sample(0, 0, 500 * MIB);
        assertTrue(MemoryGrowth.judge(before, new Sample(0, 0, 532 * MIB), 0, 32 * MIB).passed());
        assertFalse(MemoryGrowth.judge(before, new Sample(0, 0, 534 * MIB), 0, 32 * MIB).passed());
    }

    @Test
    void shrinkingIsNotGrowth() {
        Verdict verdict = MemoryGrowth.judge(new Sample(10 * MIB, 5 * MIB, 600 * MIB), new Sample(0, 0, 500 * MIB), 0,
                32 * MIB);
        assertTrue(verdict.passed());
        assertEquals("backend -10.00 MiB, resident -5.00 MiB, device -100.00 MiB (cuMemGetInfo)", verdict.detail());
    }

    @Test
    void anUnknownDeviceSampleIsNotJudged() {
        Verdict verdict = MemoryGrowth.judge(new Sample(0, 0, -1), new Sample(0, 0, 900 * MIB), 0, 32 * MIB);
        assertTrue(verdict.passed());
        assertTrue(verdict.detail().endsWith("device not measured"));
    }
}
