/**
 * The GPU device check ({@code benchmarks/gpu/device-check.sh}): GPU/CPU result parity
 * on an IVF index, device memory over 1,000 queries, and batched resident scoring and k-means
 * training on the GPU against Panama on the same node. Runs from the self-contained bundle that
 * {@code benchmarks/gpu/build-bundle.sh} builds; {@code --dry-run} runs it on Panama where there is
 * no GPU, to prove the bundle, never as a GPU figure.
 */
package dev.sealdex.bench.gpu;
