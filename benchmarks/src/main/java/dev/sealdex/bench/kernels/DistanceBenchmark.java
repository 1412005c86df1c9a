package dev.sealdex.bench.kernels;

import dev.sealdex.engine.kernel.VectorKernels;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.util.VectorUtil;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Pairwise float distances on cache-resident vectors: scalar, Panama and Lucene's
 * {@code VectorUtil} (on its own Panama implementation). The three methods of each operation
 * differ only in the backend they call. Sealdex's cosine is a distance ({@code 1 - cos}), Lucene's
 * a similarity; both do the same arithmetic. Scores are per pair.
 *
 * <p>Each call scores {@value #PAIRS} pairs of separately allocated arrays, with spacers between
 * them so their data starts at different offsets within a cache line. With one pair, the result
 * depended on where the allocator happened to put it in that fork: a 256-bit load that crosses a
 * 64-byte line costs two, and the same Panama kernel measured 50-55 ns in one fork and 75-80 ns in
 * the next at d=768. Four pairs take 24 KiB at d=768 (L1) and 48 KiB at d=1536 (L2).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class DistanceBenchmark {

    /** Vector pairs scored per call. */
    static final int PAIRS = 4;

    /** Vector length; 100 has an unrolled body, no full vector tail and a 4-float scalar tail. */
    @Param({"100", "128", "384", "768", "1536"})
    public int d;

    private VectorKernels scalar;
    private VectorKernels panama;
    private final float[][] a = new float[PAIRS][];
    private final float[][] b = new float[PAIRS][];
    /** Keeps the spacers reachable, so that the pairs stay where they were allocated relative to them. */
    private final Object[] spacers = new Object[2 * PAIRS];

    /** Loads the backends, warms the measured one, then places the pairs and checks all three on them. */
    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        scalar = Backends.scalar();
        panama = Backends.panama();
        Backends.requireLuceneVectorized();
        // Warm first and collect afterwards: the warm-up's garbage (the Vector API allocates
        // until C2 compiles it) then cannot move the pairs differently in different backends' forks.
        Backends.warmMeasuredBackend(params);
        for (int k = 0; k < PAIRS; k++) {
            // Spacers of 1 to 4 longs shift the next array by 8 bytes more each time.
            spacers[2 * k] = new long[k + 1];
            a[k] = SeededData.floats(d, 2L * k + 1);
            spacers[2 * k + 1] = new long[k + 1];
            b[k] = SeededData.floats(d, 2L * k + 2);
            float dot = scalar.dot(a[k], 0, b[k], 0, d);
            ResultCheck.close("panama dot", dot, panama.dot(a[k], 0, b[k], 0, d), d);
            ResultCheck.close("lucene dot", dot, VectorUtil.dotProduct(a[k], b[k]), d);
            float l2 = scalar.squaredL2(a[k], 0, b[k], 0, d);
            ResultCheck.close("panama squaredL2", l2, panama.squaredL2(a[k], 0, b[k], 0, d), d);
            ResultCheck.close("lucene squaredL2", l2, VectorUtil.squareDistance(a[k], b[k]), d);
            float cosine = scalar.cosineDistance(a[k], 0, b[k], 0, d);
            ResultCheck.close("panama cosine", cosine, panama.cosineDistance(a[k], 0, b[k], 0, d), d);
            ResultCheck.close("lucene cosine", cosine, 1f - VectorUtil.cosine(a[k], b[k]), d);
        }
        System.gc();
    }

    /** Scalar dot product. */
    @Benchmark
    @OperationsPerInvocation(PAIRS)
    public float dotScalar() {
        return dot(scalar);
    }

    /** Panama dot product. */
    @Benchmark
    @OperationsPerInvocation(PAIRS)
    public float dotPanama() {
        return dot(panama);
    }

    /** Lucene dot product. */
    @Benchmark
    @OperationsPerInvocation(PAIRS)
    public float dotLucene() {
        float sum = 0f;
        for (int k = 0; k < PAIRS; k++) {
            sum += VectorUtil.dotProduct(a[k], b[k]);
        }
        return sum;
    }

    /** Scalar squared L2. */
    @Benchmark
    @OperationsPerInvocation(PAIRS)
    public float squaredL2Scalar() {
        return squaredL2(scalar);
    }

    /** Panama squared L2. */
    @Benchmark
    @OperationsPerInvocation(PAIRS)
    public float squaredL2Panama() {
        return squaredL2(panama);
    }

    /** Lucene squared L2. */
    @Benchmark
    @OperationsPerInvocation(PAIRS)
    public float squaredL2Lucene() {
        float sum = 0f;
        for (int k = 0; k < PAIRS; k++) {
            sum += VectorUtil.squareDistance(a[k], b[k]);
        }
        return sum;
    }

    /** Scalar cosine distance. */
    @Benchmark
    @OperationsPerInvocation(PAIRS)
    public float cosineScalar() {
        return cosine(scalar);
    }

    /** Panama cosine distance. */
    @Benchmark
    @OperationsPerInvocation(PAIRS)
    public float cosinePanama() {
        return cosine(panama);
    }

    /** Lucene cosine, turned into the same distance. */
    @Benchmark
    @OperationsPerInvocation(PAIRS)
    public float cosineLucene() {
        float sum = 0f;
        for (int k = 0; k < PAIRS; k++) {
            sum += 1f - VectorUtil.cosine(a[k], b[k]);
        }
        return sum;
    }

    private float dot(VectorKernels kernels) {
        float sum = 0f;
        for (int k = 0; k < PAIRS; k++) {
            sum += kernels.dot(a[k], 0, b[k], 0, d);
        }
        return sum;
    }

    private float squaredL2(VectorKernels kernels) {
        float sum = 0f;
        for (int k = 0; k < PAIRS; k++) {
            sum += kernels.squaredL2(a[k], 0, b[k], 0, d);
        }
        return sum;
    }

    private float cosine(VectorKernels kernels) {
        float sum = 0f;
        for (int k = 0; k < PAIRS; k++) {
            sum += kernels.cosineDistance(a[k], 0, b[k], 0, d);
        }
        return sum;
    }
}
