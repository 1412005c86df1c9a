package dev.sealdex.bench.stageone;

import dev.sealdex.bench.stageone.FastScanCodes.QuantizedLut;
import dev.sealdex.bench.stageone.FastScanKernels.Lookup;
import dev.sealdex.engine.kernel.DistanceFunction;
import dev.sealdex.engine.kernel.VectorKernels;
import java.util.SplittableRandom;
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

/**
 * Stage-1 scoring of ONE query against a run of coded rows, for three candidate codes: today's SQ8
 * ({@code PanamaKernels.scoreBlockSq8}, the real kernel through its provider), 4-bit PQ fast-scan
 * ({@link FastScanKernels}, four lookup formulations) and SQ4 ({@link Sq4Codes}). One operation is
 * one call over {@link #rows(int)} rows; divide by the rows for ns per row.
 *
 * <p>{@code residency=L2}: every call scores the same rows (256 KiB of SQ8 codes at most, less for
 * the 4-bit codes), as the searcher scores a block it has just decrypted. {@code MEMORY}: calls walk
 * a {@value #BUFFER_MIB} MiB buffer per code, twice the L3, so the rows come from memory.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main StageOneBenchmark</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
public class StageOneBenchmark {

    /** Size of each walked buffer in the memory-resident variant. */
    static final int BUFFER_MIB = 64;
    /** SQ8 bytes one call scores at most in the L2 variant (the L2 is 1 MiB per core here). */
    static final int HOT_SQ8_BYTES = 256 * 1024;
    /** Rows one call scores at most. */
    static final int MAX_ROWS = 2048;

    /** Rows one call scores at dimension {@code d}: the same for every code, a multiple of 32. */
    static int rows(int d) {
        return Math.min(MAX_ROWS, HOT_SQ8_BYTES / d / FastScanCodes.BLOCK_ROWS * FastScanCodes.BLOCK_ROWS);
    }

    /** Where the rows of one code live and which run the next call scores. */
    @State(Scope.Benchmark)
    public abstract static class Walk {
        /** Vector length. */
        @Param({"128", "384", "784", "1536"})
        public int d;

        /** {@code L2}: the same rows every call; {@code MEMORY}: a walk over a 64 MiB buffer. */
        @Param({"L2", "MEMORY"})
        public String residency;

        int rows;
        int callBytes;
        int calls;
        int call;
        byte[] buffer;
        float[] query;
        float[] out;

        /** Fills the buffer with random codes (every byte is a valid code), {@code callBytes} per call. */
        void plan(int bytesPerCall, int outputs) {
            rows = rows(d);
            callBytes = bytesPerCall;
            calls = switch (residency) {
                case "L2" -> 1;
                case "MEMORY" -> (int) ((long) BUFFER_MIB * 1024 * 1024 / callBytes);
                default -> throw new IllegalArgumentException("residency must be L2 or MEMORY: " + residency);
            };
            SplittableRandom random = new SplittableRandom(d);
            buffer = StageOneCheck.bytes(random, calls * callBytes);
            query = StageOneCheck.floats(random, d, -1f, 1f);
            out = new float[outputs];
        }

        /** Byte offset of the next call's rows, advancing the walk. */
        int next() {
            int at = call * callBytes;
            call = call + 1 == calls ? 0 : call + 1;
            return at;
        }
    }

    /** SQ8 codes, d bytes a row. */
    public static class Sq8 extends Walk {
        VectorKernels panama;
        float[] scale;
        float[] offset;

        /** Checks the kernels on awkward sizes and on this trial's rows, then fills the walk. */
        @Setup(Level.Trial)
        public void setUp() {
            panama = StageOneCheck.panama();
            StageOneCheck.awkwardSq8(panama);
            plan(rows(d) * d, rows(d));
            SplittableRandom random = new SplittableRandom(3);
            scale = StageOneCheck.floats(random, d, 0.001f, 0.01f);
            offset = StageOneCheck.floats(random, d, -1f, 0f);
            StageOneCheck.sq8(panama, buffer, (calls - 1) * callBytes, rows, d, scale, offset, query);
            System.err.println("stage-one: " + panama.name() + ", " + rows + " rows a call, " + callBytes
                    + " bytes a call, " + calls + " calls a walk");
        }
    }

    /** SQ4 codes, d / 2 bytes a row. */
    public static class Sq4 extends Walk {
        float[] scale;
        float[] offset;

        /** Checks the kernels on awkward sizes and on this trial's rows, then fills the walk. */
        @Setup(Level.Trial)
        public void setUp() {
            StageOneCheck.awkwardSq4();
            plan(rows(d) * Sq4Codes.rowBytes(d), rows(d));
            SplittableRandom random = new SplittableRandom(3);
            scale = StageOneCheck.floats(random, d, 0.01f, 0.1f);
            offset = StageOneCheck.floats(random, d, -1f, 0f);
            StageOneCheck.sq4(buffer, (calls - 1) * callBytes, rows, d, scale, offset, query);
        }
    }

    /** 4-bit PQ fast-scan codes, M = d / {@code dimsPerSubquantizer}: M / 2 bytes a row. */
    public static class Pq4 extends Walk {
        /** Dimensions per sub-quantizer: 2 gives M = d / 2, 4 gives M = d / 4. */
        @Param({"2"})
        public int dimsPerSubquantizer;

        int m;
        int blocks;
        float[] centroids;
        float[] centroidsByDimension;
        QuantizedLut lut;

        /** Checks every formulation on awkward sizes and on this trial's rows, then fills the walk. */
        @Setup(Level.Trial)
        public void setUp() {
            StageOneCheck.awkwardPq4();
            m = d / dimsPerSubquantizer;
            blocks = FastScanCodes.blocks(rows(d));
            plan(blocks * FastScanCodes.blockBytes(m), blocks * FastScanCodes.BLOCK_ROWS);
            centroids = StageOneCheck.floats(new SplittableRandom(5), m * FastScanCodes.CENTROIDS
                    * dimsPerSubquantizer, -1f, 1f);
            centroidsByDimension = FastScanCodes.byDimension(centroids, m, dimsPerSubquantizer);
            lut = buildLut();
            StageOneCheck.sameLut(lut, buildLutPanama());
            StageOneCheck.pq4(buffer, (calls - 1) * callBytes, blocks, lut);
        }

        /** The per-query set-up, scalar: float tables, then bytes. */
        QuantizedLut buildLut() {
            return FastScanCodes.quantize(FastScanCodes.distanceTables(query, centroids, m * dimsPerSubquantizer, m),
                    m);
        }

        /** The per-query set-up with the Panama Vector API. */
        QuantizedLut buildLutPanama() {
            return FastScanTables.build(query, centroidsByDimension, m * dimsPerSubquantizer, m);
        }
    }

    /** Today's stage 1: {@code PanamaKernels.scoreBlockSq8}, squared L2, one query. */
    @Benchmark
    public float[] sq8Panama(Sq8 s) {
        s.panama.scoreBlockSq8(DistanceFunction.SQUARED_L2, s.buffer, s.next(), s.rows, s.d, s.scale, s.offset,
                s.query, 1, s.out);
        return s.out;
    }

    /** SQ4 prototype, squared L2, one query. */
    @Benchmark
    public float[] sq4Panama(Sq4 s) {
        Sq4Codes.scorePanama(s.buffer, s.next(), s.rows, s.d, s.scale, s.offset, s.query, s.out);
        return s.out;
    }

    /** PQ4 fast-scan, 128-bit tables, {@code selectFrom}. */
    @Benchmark
    public float[] pq4Select128(Pq4 s) {
        FastScanKernels.score128(s.buffer, s.next(), s.blocks, s.lut, s.out, Lookup.SELECT_FROM);
        return s.out;
    }

    /** PQ4 fast-scan, 128-bit tables, {@code rearrange(toShuffle())}. */
    @Benchmark
    public float[] pq4Rearrange128(Pq4 s) {
        FastScanKernels.score128(s.buffer, s.next(), s.blocks, s.lut, s.out, Lookup.REARRANGE);
        return s.out;
    }

    /** PQ4 fast-scan, four tables in a 512-bit vector, {@code selectFrom}. */
    @Benchmark
    public float[] pq4Select512(Pq4 s) {
        FastScanKernels.score512(s.buffer, s.next(), s.blocks, s.lut, s.out, Lookup.SELECT_FROM);
        return s.out;
    }

    /** PQ4 fast-scan, four tables in a 512-bit vector, {@code rearrange(toShuffle())}. */
    @Benchmark
    public float[] pq4Rearrange512(Pq4 s) {
        FastScanKernels.score512(s.buffer, s.next(), s.blocks, s.lut, s.out, Lookup.REARRANGE);
        return s.out;
    }

    /** PQ4's per-query cost, paid once per query: the M x 16 float tables and their quantisation, scalar. */
    @Benchmark
    public QuantizedLut pq4BuildLut(Pq4 s) {
        return s.buildLut();
    }

    /** The same tables with the Panama Vector API ({@link FastScanTables}). */
    @Benchmark
    public QuantizedLut pq4BuildLutPanama(Pq4 s) {
        return s.buildLutPanama();
    }
}
