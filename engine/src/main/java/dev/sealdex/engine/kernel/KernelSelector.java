package dev.sealdex.engine.kernel;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Chooses the kernel backend in one place, the way Lucene's {@code VectorizationProvider.lookup}
 * does: a list of guard clauses, one log line for each backend passed over, saying why and how to
 * fix it.
 */
public final class KernelSelector {

    private static final Logger LOG = System.getLogger(KernelSelector.class.getName());

    private final List<KernelBackendProvider> providers;

    /** Uses the providers {@link ServiceLoader} finds on the class path. */
    public KernelSelector() {
        this(ServiceLoader.load(KernelBackendProvider.class).stream().map(ServiceLoader.Provider::get).toList());
    }

    /** Uses exactly these providers (tests). */
    public KernelSelector(List<KernelBackendProvider> providers) {
        List<KernelBackendProvider> sorted = new ArrayList<>(providers);
        sorted.sort(Comparator.comparingInt(KernelBackendProvider::preference).reversed());
        this.providers = List.copyOf(sorted);
    }

    /**
     * Picks the backend that {@code settings} asks for.
     *
     * @throws KernelSelectionException when a forced backend cannot load or a required one was not chosen
     */
    public KernelSelection select(KernelSettings settings) {
        KernelSelection selection = settings.mode().equals("auto") ? selectAuto(settings) : selectForced(settings);
        settings.required().ifPresent(required -> {
            if (!required.equals(selection.id())) {
                String why = selection.rejected().getOrDefault(required, "not on the class path");
                throw new KernelSelectionException("SEALDEX_KERNELS_REQUIRE=" + required + " but the " + selection.id()
                        + " backend was chosen (" + required + ": " + why + ")");
            }
        });
        LOG.log(Level.INFO, "Kernel backend: {0}", selection.kernels().name());
        return selection;
    }

    private KernelSelection selectForced(KernelSettings settings) {
        String wanted = settings.mode();
        KernelBackendProvider provider = providers.stream()
                .filter(p -> p.id().equals(wanted))
                .findFirst()
                .orElseThrow(() -> new KernelSelectionException("SEALDEX_KERNELS=" + wanted + " but no " + wanted
                        + " backend is on the class path; build with ./sealdex, which packages every backend"));
        return switch (provider.probe()) {
            case KernelProbe.Loaded loaded -> new KernelSelection(wanted, loaded.kernels(), Map.of());
            case KernelProbe.Unavailable unavailable -> throw new KernelSelectionException("SEALDEX_KERNELS="
                    + wanted + " but the " + wanted + " backend is " + unavailable.describe() + "; "
                    + unavailable.fix());
        };
    }

    private KernelSelection selectAuto(KernelSettings settings) {
        Map<String, String> rejected = new LinkedHashMap<>();
        for (KernelBackendProvider provider : providers) {
            KernelProbe probe = provider.probe();
            if (probe instanceof KernelProbe.Unavailable unavailable) {
                rejected.put(provider.id(), unavailable.describe());
                LOG.log(Level.INFO, "Kernel backend {0} {1}; {2}", provider.id(), unavailable.describe(),
                        unavailable.fix());
                continue;
            }
            KernelBackend kernels = ((KernelProbe.Loaded) probe).kernels();
            if (provider.id().equals("gpu") && !settings.gpuOperations().any()) {
                closeQuietly(kernels);
                rejected.put(provider.id(), "skipped: GPU_OPERATIONS is none");
                LOG.log(Level.INFO, "Kernel backend gpu is available but skipped: GPU_OPERATIONS is none; set "
                        + "GPU_OPERATIONS=query, train (or all) to use the GPU");
                continue;
            }
            return new KernelSelection(provider.id(), kernels, rejected);
        }
        // The scalar provider lives in this module, so reaching here is a packaging bug.
        throw new IllegalStateException("no kernel backend loaded, not even scalar: " + rejected);
    }

    /** Releases what an unused backend holds (an accelerator's device); CPU kernels hold nothing. */
    private static void closeQuietly(KernelBackend kernels) {
        for (Object part : List.of(kernels.batches(), kernels.vectors())) {
            if (part instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.log(Level.WARNING, "Closing an unused kernel backend failed: {0}", e.toString());
                }
            }
        }
    }
}
