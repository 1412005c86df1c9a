package dev.sealdex.bench.kernels;

import dev.sealdex.engine.kernel.DistanceFunction;
import dev.sealdex.engine.kernel.VectorKernels;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Bulk block scoring the way the searcher does it: {@code q} queries against one 64 KiB block per
 * call, walking a {@value #BUFFER_MIB} MiB buffer (twice the 32 MiB L3 here) so every block comes
 * from memory. One operation is one block; {@link KernelBenchTable} turns that into rows scored
 * per second per query. Float rows, SQ8 codes and PQ codes each have their own buffer.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
public class BulkScoringBenchmark {

    /** Size of each walked buffer. */
    static final int BUFFER_MIB = 64;
    /** Size of one block, the unit the searcher decrypts and scores. */
    static final int BLOCK_BYTES = 64 * 1024;
    /** PQ centroids per sub-quantizer. */
    static final int CENTROIDS = 256;

    /** Whole rows of {@code rowBytes} that fit in one block. */
    static int rowsPerBlock(int rowBytes) {
        return Math.max(1, BLOCK_BYTES / rowBytes);
    }

    /** The walk over one buffer: which block the next call scores. */
    @State(Scope.Benchmark)
    public abstract static class Walk {
        /** Queries scored per pass over a block. */
        @Param({"1", "4", "16"})
        public int q;

        /** Vector length (PQ: {@code d / 8} sub-quantizers). */
        @Param({"768"})
        public int d;

        int rowsPerBlock;
        int blocks;
        int block;
        float[] out;

        /** Sets up the walk for rows of {@code rowBytes}, returns the buffer length in rows. */
        int plan(int rowBytes) {
            rowsPerBlock = rowsPerBlock(rowBytes);
            blocks = (int) ((long) BUFFER_MIB * 1024 * 1024 / ((long) rowsPerBlock * rowBytes));
            out = new float[q * rowsPerBlock];
            return blocks * rowsPerBlock;
        }

        /** The first row of the next block, advancing the walk. */
        int nextRow() {
            int row = block * rowsPerBlock;
            block = block + 1 == blocks ? 0 : block + 1;
            return row;
        }
    }

    /** Float rows, scored with {@link VectorKernels#scoreBlock}. */
    @State(Scope.Benchmark)
    public static class FloatRows extends Walk {
        /** Distance function. */
        @Param({"SQUARED_L2"})
        public DistanceFunction function;

        VectorKernels scalar;
        VectorKernels panama;
        float[] rows;
        float[] queries;

        /** Fills the buffer, checks Panama against scalar on the first block, warms the measured backend. */
        @Setup(Level.Trial)
        public void setUp(BenchmarkParams params) {
            scalar = Backends.scalar();
            panama = Backends.panama();
            rows = SeededData.floats(plan(d * Float.BYTES) * d, 1);
            queries = SeededData.floats(q * d, 2);
            float[] expected = new float[out.length];
            scalar.scoreBlock(function, rows, 0, rowsPerBlock, d, queries, q, expected);
            panama.scoreBlock(function, rows, 0, rowsPerBlock, d, queries, q, out);
            ResultCheck.close("panama scoreBlock", expected, out, d);
            Backends.warmMeasuredBackend(params);
        }
    }

    /** SQ8 codes, scored with {@link VectorKernels#scoreBlockSq8}. */
    @State(Scope.Benchmark)
    public static class Sq8Rows extends Walk {
        /** Distance function. */
        @Param({"SQUARED_L2"})
        public DistanceFunction function;

        VectorKernels scalar;
        VectorKernels panama;
        byte[] codes;
        float[] scale;
        float[] offset;
        float[] queries;

        /** Fills the buffer, checks Panama against scalar on the first block, warms the measured backend. */
        @Setup(Level.Trial)
        public void setUp(BenchmarkParams params) {
            scalar = Backends.scalar();
            panama = Backends.panama();
            codes = SeededData.bytes(plan(d) * d, 1);
            scale = SeededData.floats(d, 3, 0.001f, 0.01f);
            offset = SeededData.floats(d, 4, -1f, 0f);
            queries = SeededData.floats(q * d, 2);
            float[] expected = new float[out.length];
            scalar.scoreBlockSq8(function, codes, 0, rowsPerBlock, d, scale, offset, queries, q, expected);
            panama.scoreBlockSq8(function, codes, 0, rowsPerBlock, d, scale, offset, queries, q, out);
            ResultCheck.close("panama scoreBlockSq8", expected, out, d);
            Backends.warmMeasuredBackend(params);
        }
    }

    /** PQ codes, scored with {@link VectorKernels#scoreBlockPq}. */
    @State(Scope.Benchmark)
    public static class PqRows extends Walk {
        VectorKernels scalar;
        VectorKernels panama;
        int subquantizers;
        byte[] codes;
        float[] tables;

        /** Fills the buffer, checks Panama against scalar on the first block, warms the measured backend. */
        @Setup(Level.Trial)
        public void setUp(BenchmarkParams params) {
            scalar = Backends.scalar();
            panama = Backends.panama();
            subquantizers = d / 8;
            codes = SeededData.bytes(plan(subquantizers) * subquantizers, 1);
            tables = SeededData.floats(q * subquantizers * CENTROIDS, 2, 0f, 1f);
            float[] expected = new float[out.length];
            scalar.scoreBlockPq(codes, 0, rowsPerBlock, subquantizers, CENTROIDS, tables, q, expected);
            panama.scoreBlockPq(codes, 0, rowsPerBlock, subquantizers, CENTROIDS, tables, q, out);
            ResultCheck.close("panama scoreBlockPq", expected, out, subquantizers);
            Backends.warmMeasuredBackend(params);
        }
    }

    /** Scalar float block. */
    @Benchmark
    public float[] scoreBlockScalar(FloatRows s) {
        return scoreBlock(s.scalar, s);
    }

    /** Panama float block. */
    @Benchmark
    public float[] scoreBlockPanama(FloatRows s) {
        return scoreBlock(s.panama, s);
    }

    /** Scalar SQ8 block. */
    @Benchmark
    public float[] scoreBlockSq8Scalar(Sq8Rows s) {
        return scoreBlockSq8(s.scalar, s);
    }

    /** Panama SQ8 block. */
    @Benchmark
    public float[] scoreBlockSq8Panama(Sq8Rows s) {
        return scoreBlockSq8(s.panama, s);
    }

    /** Scalar PQ block. */
    @Benchmark
    public float[] scoreBlockPqScalar(PqRows s) {
        return scoreBlockPq(s.scalar, s);
    }

    /** Panama PQ block. */
    @Benchmark
    public float[] scoreBlockPqPanama(PqRows s) {
        return scoreBlockPq(s.panama, s);
    }

    private static float[] scoreBlock(VectorKernels kernels, FloatRows s) {
        kernels.scoreBlock(s.function, s.rows, s.nextRow() * s.d, s.rowsPerBlock, s.d, s.queries, s.q, s.out);
        return s.out;
    }

    private static float[] scoreBlockSq8(VectorKernels kernels, Sq8Rows s) {
        kernels.scoreBlockSq8(s.function, s.codes, s.nextRow() * s.d, s.rowsPerBlock, s.d, s.scale, s.offset,
                s.queries, s.q, s.out);
        return s.out;
    }

    private static float[] scoreBlockPq(VectorKernels kernels, PqRows s) {
        kernels.scoreBlockPq(s.codes, s.nextRow() * s.subquantizers, s.rowsPerBlock, s.subquantizers, CENTROIDS,
                s.tables, s.q, s.out);
        return s.out;
    }
}
