package dev.sealdex.engine.kernel;

import java.util.Map;

/**
 * The outcome of {@link KernelSelector#select}: the backend in use and, for every backend
 * that was passed over, why.
 *
 * @param id       the chosen backend's id ({@code gpu}, {@code panama}, {@code scalar})
 * @param kernels  the chosen backend: its kernels and its batch search
 * @param rejected backend id to {@code "unavailable: <reason>"} (or why it was skipped), in probe order
 */
public record KernelSelection(String id, KernelBackend kernels, Map<String, String> rejected) {

    /** Copies the rejection map. */
    public KernelSelection {
        rejected = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rejected));
    }
}
