package dev.sealdex.api;

import dev.sealdex.engine.kernel.KernelSelection;
import java.util.Objects;

/**
 * What the routes need, built once at start-up and passed to each service's constructor.
 *
 * @param version     this build's version
 * @param kernels     the kernel backend in use and why the others were passed over
 * @param storageType the configured storage ({@code disk} or {@code memory})
 */
public record ApiContext(String version, KernelSelection kernels, String storageType) {

    /** Checks the parts. */
    public ApiContext {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(kernels, "kernels");
        Objects.requireNonNull(storageType, "storageType");
    }
}
