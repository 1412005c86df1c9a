package dev.sealdex.accel.gpu;

import java.util.Locale;

/**
 * Reads {@code SEALDEX_GPU_MEMORY_BUDGET}: how much device memory resident blocks may take.
 * Bytes ({@code 8589934592}), with a binary suffix ({@code 512m}, {@code 8g}), or a share of the
 * device memory free at start-up ({@code 40%}). Unset means {@value #DEFAULT_PERCENT}% of the free
 * memory: the rest is left for the batch scratch buffers and for other processes on the GPU.
 */
final class MemoryBudget {

    /** The share of free device memory used when the variable is unset. */
    static final int DEFAULT_PERCENT = 50;

    private MemoryBudget() {
    }

    /**
     * The budget in bytes for {@code value} and {@code freeBytes} of free device memory.
     *
     * @throws IllegalArgumentException when the value is not a size or a percentage in 1..100
     */
    static long resolve(String value, long freeBytes) {
        if (value == null || value.isBlank()) {
            return Math.multiplyExact(freeBytes, DEFAULT_PERCENT) / 100;
        }
        String text = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (text.endsWith("%")) {
                int percent = Integer.parseInt(text.substring(0, text.length() - 1).trim());
                if (percent < 1 || percent > 100) {
                    throw new IllegalArgumentException(
                            "SEALDEX_GPU_MEMORY_BUDGET must be a percentage in 1..100, got '" + value + "'");
                }
                return Math.multiplyExact(freeBytes, percent) / 100;
            }
            int shift = switch (text.charAt(text.length() - 1)) {
                case 'k' -> 10;
                case 'm' -> 20;
                case 'g' -> 30;
                case 't' -> 40;
                default -> 0;
            };
            String digits = shift == 0 ? text : text.substring(0, text.length() - 1).trim();
            long number = Long.parseLong(digits);
            if (number < 0 || number > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException(digits);
            }
            return number << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("SEALDEX_GPU_MEMORY_BUDGET takes bytes (with k, m, g or t) or a "
                    + "percentage of free device memory such as 50%; got '" + value + "'", e);
        }
    }
}
