/**
 * The quantizer math, free of encryption and storage: {@code KMeans} (mini-batch k-means with its
 * assignment step on the kernels' batch search, for the coarse quantizer and PQ codebooks),
 * {@code Sq8Codec} (per-dimension 8-bit scalar quantization), {@code PqCodec} (product
 * quantization) and {@code Float16}.
 */
package dev.sealdex.engine.quant;
