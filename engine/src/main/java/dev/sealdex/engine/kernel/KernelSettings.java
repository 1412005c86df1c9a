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
 * @param gpuOperations which work {@code GPU_OPERATIONS} lets the GPU take; the GPU backend is
 *                      only chosen in {@code auto} mode when this allows something
 */
public record KernelSettings(String mode, Optional<String> required, GpuOperations gpuOperations) {

    /** The values {@code SEALDEX_KERNELS} accepts. */
    public static final Set<String> MODES = Set.of("auto", "scalar", "panama", "gpu");

    /** Validates the settings. */
    public KernelSettings {
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException(
                    "SEALDEX_KERNELS must be one of auto, scalar, panama, gpu; got '" + mode + "'");
        }
        java.util.Objects.requireNonNull(gpuOperations, "gpuOperations");
        required.ifPresent(id -> {
            if (!MODES.contains(id) || id.equals("auto")) {
                throw new IllegalArgumentException(
                        "SEALDEX_KERNELS_REQUIRE must be one of scalar, panama, gpu; got '" + id + "'");
            }
        });
    }

    /** {@code gpuQueries} alone decides: queries on the GPU, or nothing on it (tests). */
    public KernelSettings(String mode, Optional<String> required, boolean gpuQueries) {
        this(mode, required, gpuQueries ? new GpuOperations(false, false, true) : GpuOperations.NONE);
    }

    /** Automatic choice, nothing required, the GPU allowed for everything (benchmarks, tests). */
    public static KernelSettings auto() {
        return new KernelSettings("auto", Optional.empty(), GpuOperations.ALL);
    }

    /** Whether queries may be scored on the GPU. */
    public boolean gpuQueries() {
        return gpuOperations.query();
    }

    /**
     * Reads {@code SEALDEX_KERNELS}, {@code SEALDEX_KERNELS_REQUIRE} and {@code GPU_OPERATIONS}
     * from {@code env}. Forcing the GPU with {@code SEALDEX_KERNELS=gpu} lets queries use it
     * whatever {@code GPU_OPERATIONS} says, and everything when {@code GPU_OPERATIONS} is unset.
     */
    public static KernelSettings fromEnvironment(Map<String, String> env) {
        String mode = normalise(env.get("SEALDEX_KERNELS")).orElse("auto");
        Optional<String> required = normalise(env.get("SEALDEX_KERNELS_REQUIRE"));
        String raw = env.get("GPU_OPERATIONS");
        GpuOperations operations = GpuOperations.parse(raw);
        if (mode.equals("gpu")) {
            operations = raw == null || raw.isBlank() ? GpuOperations.ALL
                    : new GpuOperations(operations.upsert(), operations.train(), true);
        }
        return new KernelSettings(mode, required, operations);
    }

    private static Optional<String> normalise(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(value.trim().toLowerCase(Locale.ROOT));
    }
}
