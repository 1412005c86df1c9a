package dev.sealdex.bench.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GcmOpenBenchmarkTest {

    @Test
    void everyOpenReturnsThePlaintextForBothKeySizes() throws Exception {
        for (int keyBits : new int[] {128, 256}) {
            GcmOpenBenchmark benchmark = new GcmOpenBenchmark();
            benchmark.bytes = 3144;
            benchmark.keyBits = keyBits;
            benchmark.prepare(); // decrypts twice with every method and compares with the plaintext
            assertEquals(3144, benchmark.bcReady());
            assertEquals(3144, benchmark.jdkReady());
        }
    }
}
