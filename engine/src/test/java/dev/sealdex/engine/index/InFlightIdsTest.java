package dev.sealdex.engine.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class InFlightIdsTest {

    private static byte[][] ids(int... values) {
        byte[][] tokens = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            tokens[i] = new byte[] {(byte) values[i], 7, 7};
        }
        return tokens;
    }

    @Test
    void batchesWithDifferentIdsHoldTheirClaimsTogether() {
        InFlightIds registry = new InFlightIds();
        // Two large batches whose tokens share every first byte: striped locks would serialise them.
        byte[][] first = new byte[1000][];
        byte[][] second = new byte[1000][];
        for (int i = 0; i < 1000; i++) {
            first[i] = new byte[] {(byte) i, (byte) (i >> 8), 1};
            second[i] = new byte[] {(byte) i, (byte) (i >> 8), 2};
        }
        InFlightIds.Claim a = registry.claim(first);
        InFlightIds.Claim b = registry.claim(second);
        assertEquals(2000, registry.claimedCount());
        a.close();
        b.close();
        assertEquals(0, registry.claimedCount());
    }

    @Test
    void aSharedIdWaitsUntilTheFirstClaimIsReleased() throws Exception {
        InFlightIds registry = new InFlightIds();
        InFlightIds.Claim first = registry.claim(ids(1, 2, 3));
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean claimed = new AtomicBoolean();
        Thread writer = Thread.ofPlatform().start(() -> {
            started.countDown();
            InFlightIds.Claim second = registry.claim(ids(3, 4));
            claimed.set(true);
            second.close();
        });
        started.await();
        writer.join(200);
        assertFalse(claimed.get(), "id 3 is claimed by the first batch");
        assertTrue(writer.isAlive());
        first.close();
        writer.join(TimeUnit.SECONDS.toMillis(10));
        assertTrue(claimed.get(), "the second batch claims its ids once the first lets go");
        assertEquals(0, registry.claimedCount());
    }

    @Test
    void aWaitingClaimTakesNothingUntilItCanTakeEverything() throws Exception {
        InFlightIds registry = new InFlightIds();
        InFlightIds.Claim first = registry.claim(ids(5));
        Thread writer = Thread.ofPlatform().start(() -> registry.claim(ids(6, 5)).close());
        writer.join(200);
        // Id 6 is free, but the waiting batch must not hold it while it waits for 5.
        InFlightIds.Claim other = registry.claim(ids(6));
        assertEquals(2, registry.claimedCount());
        other.close();
        first.close();
        writer.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(writer.isAlive());
        assertEquals(0, registry.claimedCount());
    }
}
