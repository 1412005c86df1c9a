package dev.sealdex.bench.ann;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** Heap in use after full collections: what survives, not what happens to be allocated. */
final class HeapMeter {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private HeapMeter() {
    }

    /**
     * Heap bytes in use after full GCs. {@code System.gc()} is a full, stop-the-world collection
     * under G1 unless {@code -XX:+ExplicitGCInvokesConcurrent} or {@code -XX:+DisableExplicitGC} is
     * set; the smallest of three readings discards allocation by other threads in between.
     */
    static long usedAfterFullGc() {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            best = Math.min(best, MEMORY.getHeapMemoryUsage().getUsed());
        }
        return best;
    }
}
