package dev.sealdex.engine.kernel;

/**
 * What an accelerator backend (the GPU) reports for metrics and device checks. Values are read
 * at the moment of the call; none carries data.
 */
public interface AcceleratorStats {

    /** Batch operations that met a device error and were answered from the CPU instead. */
    long fallbacks();

    /** Device bytes held by resident blocks now. */
    long residentBytes();

    /** Blocks resident on the device now. */
    int residentBlocks();

    /** The most device bytes resident blocks may take ({@code SEALDEX_GPU_MEMORY_BUDGET}). */
    long budgetBytes();

    /** Whether the device is in its back-off after an error, so batches run on the CPU for now. */
    boolean backingOff();
}
