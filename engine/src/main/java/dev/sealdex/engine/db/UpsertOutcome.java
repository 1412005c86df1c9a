package dev.sealdex.engine.db;

/**
 * What an upsert did.
 *
 * @param count             items written
 * @param trainingTriggered whether it queued an automatic training
 * @param trainingMessage   the message for {@code training_message}, or null
 */
public record UpsertOutcome(int count, boolean trainingTriggered, String trainingMessage) {
}
