package dev.sealdex.engine.embed;

import java.util.List;

/**
 * Turns texts into vectors with a named model, so that clients may send text where a vector is
 * expected. Implementations live in their own modules (ONNX Runtime, for one) and register in
 * {@code META-INF/services/dev.sealdex.engine.embed.EmbeddingProvider}; the engine has none of
 * its own and finds them with {@link Embeddings#lookup(String)}.
 */
public interface EmbeddingProvider {

    /** The models this provider can run, as {@code GET /v1/embedding-models} lists them. */
    List<EmbeddingModel> models();

    /**
     * One vector per text, in order, each of {@code model}'s dimension.
     *
     * @throws IllegalArgumentException when this provider does not run {@code model}
     */
    List<float[]> embed(String model, List<String> texts);
}
