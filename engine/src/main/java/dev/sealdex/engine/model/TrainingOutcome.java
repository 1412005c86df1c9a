package dev.sealdex.engine.model;

/**
 * What a training did.
 *
 * @param trained whether a new layout is in use
 * @param failed  whether training broke (as opposed to being skipped below the thresholds)
 * @param message what happened, for logs and the API
 */
public record TrainingOutcome(boolean trained, boolean failed, String message) {

    /** A completed or skipped training. */
    public TrainingOutcome(boolean trained, String message) {
        this(trained, false, message);
    }

    /** A training that broke; the cause goes to the log, not to the client. */
    public static TrainingOutcome failure() {
        return new TrainingOutcome(false, true, "internal error during training");
    }
}
