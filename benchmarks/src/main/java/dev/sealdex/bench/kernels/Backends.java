package dev.sealdex.bench.kernels;

import dev.sealdex.accel.cpu.PanamaKernelsProvider;
import dev.sealdex.engine.kernel.KernelProbe;
import dev.sealdex.engine.kernel.KernelWarmup;
import dev.sealdex.engine.kernel.ScalarKernels;
import dev.sealdex.engine.kernel.VectorKernels;
import java.lang.reflect.Field;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.lucene.util.VectorUtil;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The backends the benchmarks compare, loaded the way the engine loads them. A backend that does
 * not load fails the benchmark: a number measured on a silent fallback would be a lie.
 */
final class Backends {

    /** Held so that the level set on it sticks: java.util.logging keeps loggers weakly. */
    private static final Logger LUCENE_VECTORIZATION_LOG = Logger.getLogger("org.apache.lucene.internal.vectorization");

    private Backends() {
    }

    /** The scalar reference kernels. */
    static VectorKernels scalar() {
        return ScalarKernels.INSTANCE;
    }

    /** The Panama kernels, through their provider's probe; throws with the probe's reason if it fails. */
    static VectorKernels panama() {
        KernelProbe probe = new PanamaKernelsProvider().probe();
        return switch (probe) {
            case KernelProbe.Loaded loaded -> loaded.kernels().vectors();
            case KernelProbe.Unavailable unavailable -> throw new IllegalStateException(
                    "Panama kernels did not load: " + unavailable.reason() + "; " + unavailable.fix());
        };
    }

    /**
     * The simple name of the class behind Lucene's {@code VectorUtil}: {@code PanamaVectorUtilSupport}
     * when Lucene uses the Vector API, {@code DefaultVectorUtilSupport} when it fell back to scalar.
     */
    static String luceneImplementation() {
        try {
            // VectorizationProvider.getInstance() refuses callers outside Lucene, so read the
            // implementation VectorUtil itself holds.
            Field impl = VectorUtil.class.getDeclaredField("IMPL");
            impl.setAccessible(true);
            return impl.get(null).getClass().getSimpleName();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "unknown (" + e + ")";
        }
    }

    /** Fails unless Lucene's {@code VectorUtil} runs on its Panama implementation. */
    static void requireLuceneVectorized() {
        // Every fork checks the implementation itself, so Lucene's INFO line would only interleave
        // with the progress lines; the launching JVM prints it once. A fallback warning still shows.
        LUCENE_VECTORIZATION_LOG.setLevel(Level.WARNING);
        String implementation = luceneImplementation();
        if (!implementation.equals("PanamaVectorUtilSupport")) {
            throw new IllegalStateException("Lucene's VectorUtil runs on " + implementation
                    + ", not PanamaVectorUtilSupport; start the JVM with --add-modules jdk.incubator.vector");
        }
    }

    /**
     * Warms the backend that {@code params} measures, the way the server warms its kernels at
     * start-up ({@link KernelWarmup}); Lucene's three float functions get the same number of
     * rounds. The Vector API runs hundreds of times slower until C2 compiles it, and on a busy
     * two-core machine the compiler threads get little CPU: without this, JMH's short warm-up
     * sometimes measured interpreted code.
     */
    static double warmMeasuredBackend(BenchmarkParams params) {
        String benchmark = params.getBenchmark();
        if (benchmark.endsWith("Panama")) {
            return KernelWarmup.warm(panama());
        }
        if (benchmark.endsWith("Scalar")) {
            return KernelWarmup.warm(scalar());
        }
        if (benchmark.endsWith("Lucene")) {
            return warmLucene();
        }
        throw new IllegalStateException("a benchmark method must end in Scalar, Panama or Lucene: " + benchmark);
    }

    private static double warmLucene() {
        double checksum = 0;
        for (int dimension : new int[] {128, 768}) {
            float[] a = SeededData.floats(dimension, 11);
            float[] b = SeededData.floats(dimension, 12);
            for (int round = 0; round < 3_000; round++) {
                checksum += VectorUtil.dotProduct(a, b) + VectorUtil.squareDistance(a, b) + VectorUtil.cosine(a, b);
            }
        }
        return checksum;
    }
}
