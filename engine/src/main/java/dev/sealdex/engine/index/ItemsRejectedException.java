package dev.sealdex.engine.index;

import java.util.List;

/**
 * An upsert batch that the index refuses before anything is written: items without a vector, of
 * the wrong dimension or with a NaN or infinite component. Lists every rejected item (up to
 * {@link #MAX_REJECTIONS}) by its position in the batch, so a caller can point at each.
 */
public final class ItemsRejectedException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** Rejections reported at most; a batch with more is still refused whole. */
    public static final int MAX_REJECTIONS = 50;

    /** Item {@code item} of the batch (0-based) was refused because of its vector: {@code message}. */
    public record Rejection(int item, String message) {
    }

    private final transient List<Rejection> rejections;

    ItemsRejectedException(List<Rejection> rejections) {
        super(rejections.getFirst().message());
        this.rejections = List.copyOf(rejections);
    }

    /** The rejected items, in batch order. */
    public List<Rejection> rejections() {
        return rejections;
    }
}
