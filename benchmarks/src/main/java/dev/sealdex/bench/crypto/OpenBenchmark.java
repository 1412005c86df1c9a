package dev.sealdex.bench.crypto;

import dev.sealdex.engine.crypto.BlockCipher;
import dev.sealdex.engine.crypto.NonceSequence;
import dev.sealdex.engine.crypto.ObjectKind;
import java.util.concurrent.TimeUnit;
import javax.crypto.spec.SecretKeySpec;
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
 * What one decryption costs a search: opening a sealed list block (AES-256-GCM over up to 64 KiB,
 * once per probed block) and opening one compact sealed row (once per reranked candidate), on one
 * thread. The row sizes are those of a float32 row with a 6-byte id at d = 128 and d = 784.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main OpenBenchmark</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class OpenBenchmark {

    /** Plaintext bytes: a full list block, and rows of d = 128 and d = 784 (2 + 6 + 4d). */
    @Param({"65536", "520", "3144"})
    public int bytes;

    private BlockCipher cipher;
    private byte[] block;
    private byte[] row;
    private byte[] out;

    @Setup
    public void setUp() {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (31 * i + 7);
        }
        cipher = new BlockCipher(new SecretKeySpec(key, "AES"), new byte[16], new NonceSequence(0, limit -> { }));
        byte[] plain = new byte[bytes];
        for (int i = 0; i < plain.length; i++) {
            plain[i] = (byte) i;
        }
        block = cipher.seal(ObjectKind.LIST_BLOCK, 42, plain);
        row = cipher.sealCompact(ObjectKind.RERANK_VECTORS, 42, plain, 0, plain.length);
        out = new byte[bytes];
    }

    /** {@link BlockCipher#open} of a sealed object: header checks, GCM init, AAD, decrypt and tag. */
    @Benchmark
    public int open() {
        return cipher.open(ObjectKind.LIST_BLOCK, 42, block, out, 0);
    }

    /** {@link BlockCipher#openCompact} of an in-memory row. */
    @Benchmark
    public int openCompact() {
        return cipher.openCompact(ObjectKind.RERANK_VECTORS, 42, row, out, 0);
    }
}
