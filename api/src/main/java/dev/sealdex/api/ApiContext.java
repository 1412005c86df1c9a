package dev.sealdex.api;

import dev.sealdex.api.auth.AuthPolicy;
import dev.sealdex.api.http.Limits;
import dev.sealdex.api.metrics.ApiMetrics;
import dev.sealdex.engine.db.Database;
import dev.sealdex.engine.kernel.KernelSelection;
import java.util.Objects;

/**
 * What the routes need, built once at start-up and passed to each service's constructor.
 *
 * @param version     this build's version
 * @param kernels     the kernel backend in use and why the others were passed over
 * @param storageType the storage in use ({@code disk} or {@code memory})
 * @param database    the engine
 * @param auth        how requests authenticate
 * @param limits      request limits
 * @param metrics     the Prometheus metrics
 */
public record ApiContext(String version, KernelSelection kernels, String storageType, Database database,
                         AuthPolicy auth, Limits limits, ApiMetrics metrics) {

    /** Checks the parts. */
    public ApiContext {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(kernels, "kernels");
        Objects.requireNonNull(storageType, "storageType");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(metrics, "metrics");
    }
}
