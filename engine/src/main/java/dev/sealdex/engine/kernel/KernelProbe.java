package dev.sealdex.engine.kernel;

import java.util.Objects;

/**
 * What a backend provider found when it tried to load: kernels ready to use, or the reason
 * they cannot be. Unavailable is a value, not an exception; only bugs throw.
 */
public sealed interface KernelProbe {

    /** The backend loaded and passed its self-check. */
    record Loaded(KernelBackend kernels) implements KernelProbe {
        /** Wraps a loaded backend. */
        public Loaded {
            Objects.requireNonNull(kernels, "kernels");
        }
    }

    /**
     * The backend cannot run here. {@code reason} says what is missing, {@code fix} what an
     * operator can do about it; both are one sentence, without secrets.
     */
    record Unavailable(String reason, String fix) implements KernelProbe {
        /** Builds an unavailable result. */
        public Unavailable {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(fix, "fix");
        }

        /** {@code "unavailable: <reason>"}, the form logs and health checks show. */
        public String describe() {
            return "unavailable: " + reason;
        }
    }

    /** A loaded probe of a backend with its own parts. */
    static KernelProbe loaded(KernelBackend kernels) {
        return new Loaded(kernels);
    }

    /** A loaded probe of a CPU backend: {@code kernels} with the CPU batch loops on top. */
    static KernelProbe loaded(VectorKernels kernels) {
        return new Loaded(KernelBackend.cpu(kernels));
    }

    /** An unavailable probe with its reason and fix. */
    static KernelProbe unavailable(String reason, String fix) {
        return new Unavailable(reason, fix);
    }
}
