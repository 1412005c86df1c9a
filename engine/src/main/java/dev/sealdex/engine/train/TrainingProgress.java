package dev.sealdex.engine.train;

/**
 * Live progress of one training, beyond what CyborgDB reports: the phase, a percentage, the
 * vectors placed so far and an estimated time to completion. Written by the trainer, read by
 * status requests.
 */
public final class TrainingProgress {

    /** Training phases in order. */
    public enum Phase {
        /** Waiting for the training worker. */
        QUEUED,
        /** Reading the rows to train on. */
        SAMPLING,
        /** Running k-means for the centroids. */
        CLUSTERING,
        /** Training the stage-1 codec. */
        QUANTIZING,
        /** Placing every row in its list. */
        ENCODING,
        /** Measuring recall to choose the automatic n_probes. */
        CALIBRATING,
        /** Replaying concurrent writes and publishing the layout. */
        SWITCHING,
        /** Finished. */
        DONE
    }

    private final long startedNanos = System.nanoTime();
    private volatile Phase phase = Phase.QUEUED;
    private volatile double percent;
    private volatile long vectorsDone;
    private volatile long vectorsTotal;

    /** Moves to {@code next} at {@code percentAtStart} percent. */
    public void phase(Phase next, double percentAtStart) {
        phase = next;
        percent = percentAtStart;
    }

    /** Sets the overall percentage. */
    public void percent(double value) {
        percent = Math.max(percent, Math.min(100, value));
    }

    /** Records vectors placed out of the total. */
    public void vectors(long done, long total) {
        vectorsDone = done;
        vectorsTotal = total;
    }

    /** The current phase. */
    public Phase phase() {
        return phase;
    }

    /** Percent complete, 0..100. */
    public double percent() {
        return percent;
    }

    /** Vectors placed in lists so far. */
    public long vectorsDone() {
        return vectorsDone;
    }

    /** Vectors to place in total. */
    public long vectorsTotal() {
        return vectorsTotal;
    }

    /** Estimated seconds left, or -1 before there is anything to estimate from. */
    public long etaSeconds() {
        double done = percent;
        if (done < 1 || phase == Phase.QUEUED) {
            return -1;
        }
        double elapsed = (System.nanoTime() - startedNanos) / 1e9;
        return Math.round(elapsed * (100 - done) / done);
    }
}
