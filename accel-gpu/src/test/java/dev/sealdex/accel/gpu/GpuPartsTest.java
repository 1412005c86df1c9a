package dev.sealdex.accel.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealdex.engine.kernel.BlockHits;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.api.Test;

/** The host-side pieces of the GPU backend that need no device. */
class GpuPartsTest {

    private static final long GIB = 1L << 30;

    @Test
    void memoryBudgetReadsBytesSuffixesAndPercentages() {
        assertEquals(8 * GIB, MemoryBudget.resolve(null, 16 * GIB), "default: half the free memory");
        assertEquals(8 * GIB, MemoryBudget.resolve(" ", 16 * GIB));
        assertEquals(4 * GIB, MemoryBudget.resolve("25%", 16 * GIB));
        assertEquals(512L << 20, MemoryBudget.resolve("512m", 16 * GIB));
        assertEquals(3 * GIB, MemoryBudget.resolve("3G", 16 * GIB));
        assertEquals(12_345, MemoryBudget.resolve("12345", 16 * GIB));
        for (String bad : new String[] {"lots", "0%", "101%", "-5", "12q", "%"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> MemoryBudget.resolve(bad, GIB), bad);
            assertTrue(e.getMessage().contains("SEALDEX_GPU_MEMORY_BUDGET"), e.getMessage());
        }
    }

    @Test
    void backoffDoublesUpToItsCapAndResetsOnSuccess() {
        AtomicLong now = new AtomicLong(1_000);
        Backoff backoff = new Backoff(now::get);
        assertFalse(backoff.active());
        assertEquals(Backoff.FIRST_DELAY_NANOS, backoff.failed());
        assertTrue(backoff.active());
        now.addAndGet(Backoff.FIRST_DELAY_NANOS - 1);
        assertTrue(backoff.active(), "still inside the first delay");
        now.addAndGet(1);
        assertFalse(backoff.active(), "the delay is over: try the GPU again");
        assertEquals(2 * Backoff.FIRST_DELAY_NANOS, backoff.failed(), "a second failure in a row doubles");
        for (int i = 0; i < 20; i++) {
            backoff.failed();
        }
        assertEquals(Backoff.MAX_DELAY_NANOS, backoff.failed());
        backoff.succeeded();
        assertFalse(backoff.active());
        assertEquals(Backoff.FIRST_DELAY_NANOS, backoff.failed(), "success resets the delay");
    }

    @Test
    void ownersReleaseExactlyOnce() {
        AtomicInteger frees = new AtomicInteger();
        DeviceBuffer device = new DeviceBuffer(new CUdeviceptr(), 0x1000, 64, buffer -> frees.incrementAndGet());
        assertEquals(0x1000, device.address());
        device.close();
        device.close();
        assertEquals(1, frees.get());
        assertThrows(IllegalStateException.class, device::pointer, "use after close is a bug");

        AtomicInteger hostFrees = new AtomicInteger();
        ByteBuffer memory = ByteBuffer.allocateDirect(16);
        PinnedBuffer pinned = new PinnedBuffer(new Pointer(), memory, 16, buffer -> hostFrees.incrementAndGet());
        pinned.view().putInt(42);
        pinned.close();
        pinned.close();
        assertEquals(1, hostFrees.get());
        assertThrows(IllegalStateException.class, pinned::view);
    }

    @Test
    void searchPlanCoversEveryRowOnceAndKeepsSegmentsDense() {
        int[] rows = {1, 5000, 0, 2048, 300};
        long[] rowsAddress = {1_000_000, 2_000_000, 3_000_000, 4_000_000, 5_000_000};
        long[] idsAddress = {10_000_000, 20_000_000, 30_000_000, 40_000_000, 50_000_000};
        int k = 100;
        int dimension = 3;
        int[][] plan = {{0, 1}, {}, {2, 3, 4}, {1}};
        SearchPlan searchPlan = SearchPlan.of(plan, rowsAddress, idsAddress, rows, 4L * dimension, k);
        ByteBuffer items = searchPlan.items.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int[] rowsSeen = new int[plan.length];
        int expectedOut = 0;
        int previousQuery = 0;
        for (int i = 0; i < searchPlan.itemCount; i++) {
            long rowsAt = items.getLong();
            long idsAt = items.getLong();
            int count = items.getInt();
            int query = items.getInt();
            int out = items.getInt();
            items.getInt();
            assertTrue(count >= 1 && count <= SearchPlan.TILE, "item rows " + count);
            assertTrue(query >= previousQuery, "items are grouped by query");
            previousQuery = query;
            assertEquals(expectedOut, out, "outputs are dense");
            expectedOut += Math.min(k, count);
            rowsSeen[query] += count;
            long rowOffset = -1;
            for (int b = 0; b < rows.length; b++) {
                if (rowsAt >= rowsAddress[b] && rowsAt < rowsAddress[b] + 4L * dimension * Math.max(1, rows[b])) {
                    rowOffset = (rowsAt - rowsAddress[b]) / (4L * dimension);
                    assertEquals(idsAddress[b] + 4 * rowOffset, idsAt, "ids follow the same row");
                }
            }
            assertTrue(rowOffset >= 0 && rowOffset % SearchPlan.TILE == 0, "items start at a tile boundary");
        }
        assertEquals(5001, rowsSeen[0]);
        assertEquals(0, rowsSeen[1]);
        assertEquals(2348, rowsSeen[2]);
        assertEquals(5000, rowsSeen[3]);
        assertEquals(expectedOut, searchPlan.candidates);
        assertEquals(0, searchPlan.segmentLength[1]);
        // 0: 1 + 100 + 100 + 100 (5000 rows = 2048 + 2048 + 904), 2: 100 + 100, 3: 300.
        assertEquals(301, searchPlan.segmentLength[0]);
        assertEquals(200, searchPlan.segmentLength[2]);
        assertEquals(300, searchPlan.segmentLength[3]);
        assertEquals(301, searchPlan.segmentStart[1]);
        assertEquals(301, searchPlan.segmentStart[2]);
    }

    @Test
    void mergePassesShrinkEverySegmentToKWithinAFewPasses() {
        int k = 1024;
        int[] lengths = {0, 1, 1024, 2048, 2049, 1 << 25};
        int passes = 0;
        while (SearchPlan.longest(lengths) > 0) {
            boolean last = SearchPlan.longest(lengths) <= SearchPlan.TILE;
            lengths = SearchPlan.afterMerge(lengths, k);
            passes++;
            if (last) {
                break;
            }
        }
        assertEquals(new int[] {0, 1, 1024, 1024, 1024, 1024}.length, lengths.length);
        assertEquals(java.util.List.of(0, 1, 1024, 1024, 1024, 1024),
                java.util.Arrays.stream(lengths).boxed().toList());
        assertTrue(passes <= 16, "passes " + passes);
        assertEquals(java.util.List.of(0, 0, 1, 1025), java.util.Arrays.stream(SearchPlan.starts(new int[] {0, 1, 1024, 5}))
                .boxed().toList());
    }

    @Test
    void roundsMergeByDistanceThenId() {
        BlockHits a = new BlockHits(2, 3, new int[] {3, 0}, new int[] {5, 9, 2, 0, 0, 0},
                new float[] {0.1f, 0.2f, 0.5f, 0, 0, 0});
        BlockHits b = new BlockHits(2, 3, new int[] {2, 1}, new int[] {4, 1, 0, 7, 0, 0},
                new float[] {0.2f, 0.3f, 0, 0.9f, 0, 0});
        BlockHits merged = HitMerge.merge(a, b);
        assertEquals(3, merged.count(0));
        assertEquals(java.util.List.of(5, 4, 9), java.util.List.of(merged.id(0, 0), merged.id(0, 1), merged.id(0, 2)),
                "0.2 ties: id 4 before id 9");
        assertEquals(1, merged.count(1));
        assertEquals(7, merged.id(1, 0));
    }
}
