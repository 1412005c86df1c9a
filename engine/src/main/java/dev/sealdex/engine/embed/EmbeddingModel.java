package dev.sealdex.engine.embed;

import java.util.Objects;

/**
 * A model an {@link EmbeddingProvider} runs.
 *
 * @param name         the model name clients send ({@code embedding_model})
 * @param dimension    the length of the vectors it produces
 * @param maxSeqLength the most tokens of a text it reads; the rest is cut off
 */
public record EmbeddingModel(String name, int dimension, int maxSeqLength) {

    /** Checks the parts. */
    public EmbeddingModel {
        Objects.requireNonNull(name, "name");
        if (dimension < 1 || maxSeqLength < 1) {
            throw new IllegalArgumentException("model " + name + " needs a positive dimension and sequence length");
        }
    }
}
