/**
 * Metadata filters ({@code API.md} §5.6) and the encrypted-friendly columns they run on.
 *
 * <h2>How the engine uses this package</h2>
 * <ol>
 *   <li>Parse a request's {@code filters} once: {@link dev.sealdex.engine.filter.MetadataFilter#parse}
 *       gives an immutable filter, or a {@link dev.sealdex.engine.filter.FilterException} whose
 *       message ({@code "filters.price: $gt needs a number, got string"}) and location are ready
 *       for the caller's error reply.</li>
 *   <li>Keep, per chunk of up to 4096 rows, one encoded column per metadata field path
 *       ({@link dev.sealdex.engine.filter.ColumnChunk#encodeColumns}), each sealed on its own.
 *       On upsert or delete, open and decode all of the chunk's columns
 *       ({@link dev.sealdex.engine.filter.ColumnChunk#decode}), {@code setRow}/{@code clearRow},
 *       re-encode, reseal, and drop the sealed columns of fields no longer in the map.</li>
 *   <li>To filter a chunk, call {@link dev.sealdex.engine.filter.ColumnEvaluator#evaluate} with a
 *       {@link dev.sealdex.engine.filter.ColumnSource} that opens a sealed column on demand. Only
 *       fields in {@link dev.sealdex.engine.filter.MetadataFilter#fields()} are ever asked for, each
 *       at most once; AND the bitmask with the chunk's live rows.</li>
 *   <li>{@link dev.sealdex.engine.filter.MetadataFilter#matches} is the reference evaluator on one
 *       item's metadata: use it for post-filtering decrypted metadata, and in tests.</li>
 * </ol>
 *
 * <p>Semantics decided where {@code API.md} is silent are listed on
 * {@link dev.sealdex.engine.filter.MetadataFilter}; the metadata data model (nesting, lists,
 * nulls, numbers) on {@code MetadataPaths}; the byte layout on {@code ColumnFormat}; the regex
 * dialect and its matching budget on {@code Re2Pattern}.
 */
package dev.sealdex.engine.filter;
