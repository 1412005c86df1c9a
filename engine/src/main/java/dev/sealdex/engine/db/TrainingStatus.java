package dev.sealdex.engine.db;

import java.util.List;

/**
 * The training worker's state, as {@code GET /v1/indexes/training-status} reports it, plus
 * Sealdex's progress detail for the index being trained.
 *
 * @param currentlyTraining the index being trained, or null
 * @param queued            indexes waiting, in order
 * @param retrainThreshold  {@code RETRAIN_THRESHOLD}
 * @param workerRunning     whether the worker thread is alive
 * @param phase             phase of the current training, or null
 * @param percent           percent complete of the current training
 * @param vectorsDone       vectors placed so far
 * @param vectorsTotal      vectors to place
 * @param etaSeconds        estimated seconds left, -1 when unknown
 */
public record TrainingStatus(String currentlyTraining, List<String> queued, int retrainThreshold,
                             boolean workerRunning, String phase, double percent, long vectorsDone,
                             long vectorsTotal, long etaSeconds) {
}
