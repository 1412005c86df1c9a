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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Pairwise float distances on cache-resident vectors: scalar, Panama and Lucene's
 * {@code VectorUtil} (on its own Panama implementation). The three methods of each operation
 * differ only in the backend they call. Sealdex's cosine is a distance ({@code 1 - cos}), Lucene's
 * a similarity; both do the same arithmetic.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class DistanceBenchmark {

    /** Vector length; 100 has an unrolled body, no full vector tail and a 4-float scalar tail. */
    @Param({"100", "128", "384", "768", "1536"})
    public int d;

    private VectorKernels scalar;
    private VectorKernels panama;
    private float[] a;
    private float[] b;

    /** Loads the backends and checks that all three agree on these inputs. */
    @Setup(Level.Trial)
    public void setUp() {
        scalar = Backends.scalar();
        panama = Backends.panama();
        Backends.requireLuceneVectorized();
        a = SeededData.floats(d, 1);
        b = SeededData.floats(d, 2);
        float dot = scalar.dot(a, 0, b, 0, d);
        ResultCheck.close("panama dot", dot, panama.dot(a, 0, b, 0, d), d);
        ResultCheck.close("lucene dot", dot, VectorUtil.dotProduct(a, b), d);
        float l2 = scalar.squaredL2(a, 0, b, 0, d);
        ResultCheck.close("panama squaredL2", l2, panama.squaredL2(a, 0, b, 0, d), d);
        ResultCheck.close("lucene squaredL2", l2, VectorUtil.squareDistance(a, b), d);
        float cosine = scalar.cosineDistance(a, 0, b, 0, d);
        ResultCheck.close("panama cosine", cosine, panama.cosineDistance(a, 0, b, 0, d), d);
        ResultCheck.close("lucene cosine", cosine, 1f - VectorUtil.cosine(a, b), d);
    }

    /** Scalar dot product. */
    @Benchmark
    public float dotScalar() {
        return scalar.dot(a, 0, b, 0, d);
    }

    /** Panama dot product. */
    @Benchmark
    public float dotPanama() {
        return panama.dot(a, 0, b, 0, d);
    }

    /** Lucene dot product. */
    @Benchmark
    public float dotLucene() {
        return VectorUtil.dotProduct(a, b);
    }

    /** Scalar squared L2. */
    @Benchmark
    public float squaredL2Scalar() {
        return scalar.squaredL2(a, 0, b, 0, d);
    }

    /** Panama squared L2. */
    @Benchmark
    public float squaredL2Panama() {
        return panama.squaredL2(a, 0, b, 0, d);
    }

    /** Lucene squared L2. */
    @Benchmark
    public float squaredL2Lucene() {
        return VectorUtil.squareDistance(a, b);
    }

    /** Scalar cosine distance. */
    @Benchmark
    public float cosineScalar() {
        return scalar.cosineDistance(a, 0, b, 0, d);
    }

    /** Panama cosine distance. */
    @Benchmark
    public float cosinePanama() {
        return panama.cosineDistance(a, 0, b, 0, d);
    }

    /** Lucene cosine, turned into the same distance. */
    @Benchmark
    public float cosineLucene() {
        return 1f - VectorUtil.cosine(a, b);
    }
}
