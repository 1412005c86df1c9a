/**
 * The engine's one public face. The API layer (and any other embedder) uses the engine through
 * this package and the plain values of {@code engine.model}, never through the rooms behind it
 * ({@code engine.index}, {@code engine.store}, {@code engine.keys}, {@code engine.crypto}).
 *
 * <ul>
 *   <li>{@link dev.sealdex.engine.db.Storage} opens the store by kind through the
 *       {@code StoreProvider} SPI; {@link dev.sealdex.engine.db.Database} runs on it: the catalog,
 *       opening an index with a request's {@link dev.sealdex.engine.db.Access}, key rotation,
 *       training; {@link dev.sealdex.engine.db.IndexSession} is one request's handle on an open
 *       index. {@link dev.sealdex.engine.db.KeyProviderSet} is the configured KMS slots.</li>
 *   <li>What they take and return besides {@code engine.model} values is here:
 *       {@link dev.sealdex.engine.db.QueryOptions},
 *       {@link dev.sealdex.engine.db.UpsertOutcome}, {@link dev.sealdex.engine.db.IndexDescription},
 *       {@link dev.sealdex.engine.db.TrainingStatus}, {@link dev.sealdex.engine.db.DatabaseSettings}.</li>
 *   <li>Every failure a caller must hear about is a
 *       {@link dev.sealdex.engine.db.DatabaseException} named for the problem, not for how a
 *       protocol reports it: not found, exists, wrong key, wrong kind of key, access denied,
 *       invalid argument (with the field path in the engine's terms and whether the request is
 *       malformed or a value invalid), limit exceeded, storage unavailable, storage corruption,
 *       key provider failure. Failures of the rooms behind (store I/O, integrity checks, the key
 *       vault's refusals) are translated at this boundary; the API's error mapper alone turns
 *       these into statuses and bodies.</li>
 * </ul>
 *
 * <p>Why the values live in {@code engine.model} and not here: the index and the key vault work on
 * the same {@code IndexConfig}, {@code Item} and {@code Permission} the face hands out. Keeping
 * them here would make those rooms depend on the face (a package cycle); giving the face its own
 * copies would need converters and two types of each name. The model package depends on neither
 * side, so the face is this package plus the vocabulary it speaks. The one other package a server
 * touches is the kernel SPI ({@code engine.kernel}): it picks and warms a backend at start-up and
 * hands it in through {@code EngineResources}, as the accelerator modules plug in there.
 */
package dev.sealdex.engine.db;

import dev.sealdex.engine.model.QueryHit;
