package dev.sealdex.bench.kernels;

import dev.sealdex.accel.cpu.PanamaKernelsProvider;
import dev.sealdex.engine.kernel.KernelProbe;
import dev.sealdex.engine.kernel.ScalarKernels;
import dev.sealdex.engine.kernel.VectorKernels;
import java.lang.reflect.Field;
import org.apache.lucene.util.VectorUtil;

/**
 * The backends the benchmarks compare, loaded the way the engine loads them. A backend that does
 * not load fails the benchmark: a number measured on a silent fallback would be a lie.
 */
final class Backends {

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
            case KernelProbe.Loaded loaded -> loaded.kernels();
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
        String implementation = luceneImplementation();
        if (!implementation.equals("PanamaVectorUtilSupport")) {
            throw new IllegalStateException("Lucene's VectorUtil runs on " + implementation
                    + ", not PanamaVectorUtilSupport; start the JVM with --add-modules jdk.incubator.vector");
        }
    }
}
