package dev.sealdex.engine.kernel;

import java.util.Locale;

/**
 * Which operations may run on the GPU, from {@code GPU_OPERATIONS}: {@code none} (the default),
 * {@code all}, or a comma list of {@code upsert}, {@code train} and {@code query}.
 *
 * @param upsert encode upserted vectors on the GPU
 * @param train  run k-means training on the GPU
 * @param query  score queries on the GPU
 */
public record GpuOperations(boolean upsert, boolean train, boolean query) {

    /** Nothing on the GPU. */
    public static final GpuOperations NONE = new GpuOperations(false, false, false);

    /** Everything on the GPU. */
    public static final GpuOperations ALL = new GpuOperations(true, true, true);

    /** Parses the variable; blank means {@code none}. Unknown words are a start-up error. */
    public static GpuOperations parse(String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        boolean upsert = false;
        boolean train = false;
        boolean query = false;
        boolean none = false;
        for (String raw : value.split(",")) {
            String word = raw.trim().toLowerCase(Locale.ROOT);
            switch (word) {
                case "none" -> none = true;
                case "all" -> {
                    upsert = true;
                    train = true;
                    query = true;
                }
                case "upsert" -> upsert = true;
                case "train" -> train = true;
                case "query" -> query = true;
                default -> throw new IllegalArgumentException("GPU_OPERATIONS takes none, all, or a comma list of "
                        + "upsert, train, query; '" + word + "' is none of these");
            }
        }
        if (none && (upsert || train || query)) {
            throw new IllegalArgumentException("GPU_OPERATIONS cannot combine 'none' with other operations: '"
                    + value + "'");
        }
        return new GpuOperations(upsert, train, query);
    }

    /** Whether anything at all runs on the GPU. */
    public boolean any() {
        return upsert || train || query;
    }
}
