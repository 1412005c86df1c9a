package dev.sealdex.bench.kernels;

import dev.sealdex.engine.kernel.VectorKernels;
import java.util.concurrent.TimeUnit;
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
 * One query against one coded row at a time, SQ8 and PQ, over {@value #ROWS} cache-resident rows
 * (so PQ lookups spread over the whole table, as they do in a scan). Scores are per row. Lucene
 * has no kernel with these semantics, so only scalar and Panama run.
 *
 * <p>PQ uses {@code d / 8} sub-quantizers of 256 centroids (8 dimensions each), the usual shape.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class QuantizedBenchmark {

    /** Rows scored per invocation. */
    static final int ROWS = 64;
    /** PQ centroids per sub-quantizer. */
    static final int CENTROIDS = 256;

    /** Vector length; PQ codes have {@code d / 8} bytes. */
    @Param({"128", "768"})
    public int d;

    private VectorKernels scalar;
    private VectorKernels panama;
    private float[] query;
    private byte[] sq8Codes;
    private float[] scale;
    private float[] offset;
    private int subquantizers;
    private byte[] pqCodes;
    private float[] table;

    /** Builds the inputs, checks that Panama agrees with scalar on every row, warms the measured backend. */
    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        scalar = Backends.scalar();
        panama = Backends.panama();
        query = SeededData.floats(d, 1);
        sq8Codes = SeededData.bytes(ROWS * d, 2);
        scale = SeededData.floats(d, 3, 0.001f, 0.01f);
        offset = SeededData.floats(d, 4, -1f, 0f);
        subquantizers = d / 8;
        pqCodes = SeededData.bytes(ROWS * subquantizers, 5);
        table = SeededData.floats(subquantizers * CENTROIDS, 6, 0f, 1f);
        for (int r = 0; r < ROWS; r++) {
            ResultCheck.close("panama sq8SquaredL2",
                    scalar.sq8SquaredL2(query, sq8Codes, r * d, scale, offset, d),
                    panama.sq8SquaredL2(query, sq8Codes, r * d, scale, offset, d), d);
            ResultCheck.close("panama sq8Dot",
                    scalar.sq8Dot(query, sq8Codes, r * d, scale, offset, d),
                    panama.sq8Dot(query, sq8Codes, r * d, scale, offset, d), d);
            ResultCheck.close("panama pqDistance",
                    scalar.pqDistance(pqCodes, r * subquantizers, table, 0, subquantizers, CENTROIDS),
                    panama.pqDistance(pqCodes, r * subquantizers, table, 0, subquantizers, CENTROIDS),
                    subquantizers);
        }
        Backends.warmMeasuredBackend(params);
    }

    /** Scalar SQ8 squared L2. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public float sq8SquaredL2Scalar() {
        return sq8SquaredL2(scalar);
    }

    /** Panama SQ8 squared L2. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public float sq8SquaredL2Panama() {
        return sq8SquaredL2(panama);
    }

    /** Scalar SQ8 dot product. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public float sq8DotScalar() {
        return sq8Dot(scalar);
    }

    /** Panama SQ8 dot product. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public float sq8DotPanama() {
        return sq8Dot(panama);
    }

    /** Scalar PQ distance. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public float pqDistanceScalar() {
        return pqDistance(scalar);
    }

    /** Panama PQ distance. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public float pqDistancePanama() {
        return pqDistance(panama);
    }

    private float sq8SquaredL2(VectorKernels kernels) {
        float sum = 0f;
        for (int r = 0; r < ROWS; r++) {
            sum += kernels.sq8SquaredL2(query, sq8Codes, r * d, scale, offset, d);
        }
        return sum;
    }

    private float sq8Dot(VectorKernels kernels) {
        float sum = 0f;
        for (int r = 0; r < ROWS; r++) {
            sum += kernels.sq8Dot(query, sq8Codes, r * d, scale, offset, d);
        }
        return sum;
    }

    private float pqDistance(VectorKernels kernels) {
        float sum = 0f;
        for (int r = 0; r < ROWS; r++) {
            sum += kernels.pqDistance(pqCodes, r * subquantizers, table, 0, subquantizers, CENTROIDS);
        }
        return sum;
    }
}
