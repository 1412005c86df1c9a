package dev.sealdex.engine.embed;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Finds the {@link EmbeddingProvider} for a model in one place. No provider is not an error:
 * it is {@link Lookup.Unavailable} with a sentence saying why and what to add, the way a missing
 * GPU is a value rather than a crash.
 */
public final class Embeddings {

    private final List<EmbeddingProvider> providers;

    private Embeddings(List<EmbeddingProvider> providers) {
        this.providers = List.copyOf(providers);
    }

    /** What a lookup found: a provider, or why there is none. */
    public sealed interface Lookup {

        /** {@code provider} runs the model. */
        record Available(EmbeddingProvider provider, EmbeddingModel model) implements Lookup {
        }

        /** No provider runs the model; {@code reason} says why and how to fix it. */
        record Unavailable(String reason) implements Lookup {
        }
    }

    /** The providers {@link ServiceLoader} finds on the class path. */
    public static Embeddings onClassPath() {
        return new Embeddings(ServiceLoader.load(EmbeddingProvider.class).stream()
                .map(ServiceLoader.Provider::get).toList());
    }

    /** Exactly these providers (tests). */
    public static Embeddings of(List<EmbeddingProvider> providers) {
        return new Embeddings(providers);
    }

    /** The provider of {@code model} on the class path, or why there is none. */
    public static Lookup lookup(String model) {
        return onClassPath().find(model);
    }

    /** The first provider that runs {@code model}, or why there is none. */
    public Lookup find(String model) {
        if (providers.isEmpty()) {
            return new Lookup.Unavailable("no embedding provider is on the class path; add an embedding module"
                    + " (such as the ONNX one) to embed text with model '" + model + "'");
        }
        List<String> known = new ArrayList<>();
        for (EmbeddingProvider provider : providers) {
            for (EmbeddingModel candidate : provider.models()) {
                if (candidate.name().equals(model)) {
                    return new Lookup.Available(provider, candidate);
                }
                known.add(candidate.name());
            }
        }
        return new Lookup.Unavailable("no embedding provider runs model '" + model + "'; the models available are "
                + (known.isEmpty() ? "none" : String.join(", ", known)));
    }

    /** Every model the providers run, in provider order. */
    public List<EmbeddingModel> models() {
        return providers.stream().flatMap(provider -> provider.models().stream()).toList();
    }
}
