/**
 * What every stored or sealed Sealdex format shares: a header of a magic and a format version,
 * written and checked in one place ({@link dev.sealdex.engine.format.FormatHeader}), in the spirit
 * of Lucene's {@code CodecUtil}. The formats themselves (segments, manifest, catalog entries, list
 * blocks, key records, sealed objects) stay with the classes that write them.
 */
package dev.sealdex.engine.format;
