package dev.sealdex.engine.db;

/**
 * Engine-wide settings, from the CyborgDB environment variables.
 *
 * @param retrainThreshold   {@code RETRAIN_THRESHOLD}: train automatically once an index holds
 *                           more than {@code lists * threshold} vectors; negative disables
 * @param autoTrainDisabled  {@code AUTO_TRAIN_DISABLED}
 * @param minTrainingVectors fewer vectors than this never train (CyborgDB: 10,000)
 */
public record DatabaseSettings(int retrainThreshold, boolean autoTrainDisabled, int minTrainingVectors) {

    /** CyborgDB's defaults. */
    public static DatabaseSettings defaults() {
        return new DatabaseSettings(10_000, false, dev.sealdex.engine.model.TrainingParams.MIN_VECTORS);
    }

    /** Whether automatic training is on. */
    public boolean autoTrain() {
        return !autoTrainDisabled && retrainThreshold >= 0;
    }
}
