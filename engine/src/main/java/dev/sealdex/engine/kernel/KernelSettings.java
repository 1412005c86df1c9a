package dev.sealdex.engine.kernel;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How the kernel backend is chosen, read once at start-up.
 *
 * @param mode       {@code auto} tries GPU, Panama, scalar in turn; any other value forces that backend
 * @param required   a backend id that must end up chosen, or start-up fails ({@code SEALDEX_KERNELS_REQUIRE})
 * @param gpuQueries whether {@code GPU_OPERATIONS} lets queries run on the GPU
 */
public record KernelSettings(String mode, Optional<String> required, boolean gpuQueries) {

    /** The values {@code SEALDEX_KERNELS} accepts. */
    public static final Set<String> MODES = Set.of("auto", "scalar", "panama", "gpu");

    /** Validates the settings. */
    public KernelSettings {
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException(
                    "SEALDEX_KERNELS must be one of auto, scalar, panama, gpu; got '" + mode + "'");
        }
        required.ifPresent(id -> {
            if (!MODES.contains(id) || id.equals("auto")) {
                throw new IllegalArgumentException(
                        "SEALDEX_KERNELS_REQUIRE must be one of scalar, panama, gpu; got '" + id + "'");
            }
        });
    }

    /** Automatic choice, nothing required, GPU allowed for queries. */
    public static KernelSettings auto() {
        return new KernelSettings("auto", Optional.empty(), true);
    }

    /**
     * Reads {@code SEALDEX_KERNELS}, {@code SEALDEX_KERNELS_REQUIRE} and {@code GPU_OPERATIONS}
     * from {@code env}. Forcing the GPU with {@code SEALDEX_KERNELS=gpu} lets queries use it
     * whatever {@code GPU_OPERATIONS} says.
     */
    public static KernelSettings fromEnvironment(Map<String, String> env) {
        String mode = normalise(env.get("SEALDEX_KERNELS")).orElse("auto");
        Optional<String> required = normalise(env.get("SEALDEX_KERNELS_REQUIRE"));
        boolean gpuQueries = mode.equals("gpu") || GpuOperations.parse(env.get("GPU_OPERATIONS")).query();
        return new KernelSettings(mode, required, gpuQueries);
    }

    private static Optional<String> normalise(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(value.trim().toLowerCase(Locale.ROOT));
    }
}
