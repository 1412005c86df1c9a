/**
 * The seam for turning text into vectors: the {@link dev.sealdex.engine.embed.EmbeddingProvider}
 * SPI and its lookup, {@link dev.sealdex.engine.embed.Embeddings}. The engine ships no provider;
 * a module that runs models (ONNX Runtime) registers one with {@link java.util.ServiceLoader},
 * and without one every lookup answers "unavailable" with the reason.
 */
package dev.sealdex.engine.embed;
