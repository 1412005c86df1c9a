package dev.sealdex.engine.store;

/**
 * Counters and sizes of a {@link DiskStore}, for metrics and the health route.
 *
 * @param keys                live keys in all namespaces
 * @param namespaces          namespaces that ever held a key since the store opened
 * @param segments            segment files listed in the manifest
 * @param fileBytes           bytes in those files
 * @param liveBytes           bytes the live entries account for (the rest is garbage for compaction)
 * @param indexMemoryBytes    approximate heap held by the key index
 * @param batches             write batches committed since open
 * @param commitGroups        appends that carried them (fewer than batches when group commit shares work)
 * @param syncs               fdatasync calls made for {@link Durability#SYNC} writes
 * @param compactions         compactions completed since open
 * @param corruptionsDetected damaged records or values found (at open, on reads and in compaction)
 * @param tornTailBytes       bytes of an interrupted write cut off at open
 */
public record StoreStats(long keys, int namespaces, int segments, long fileBytes, long liveBytes,
                         long indexMemoryBytes, long batches, long commitGroups, long syncs, long compactions,
                         long corruptionsDetected, long tornTailBytes) {
}
