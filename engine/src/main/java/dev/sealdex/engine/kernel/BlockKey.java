package dev.sealdex.engine.kernel;

/**
 * Names the plaintext of one {@link BlockSource} for as long as that plaintext exists: two sources
 * with equal keys must decrypt to identical rows. A backend that keeps blocks resident (the GPU)
 * uses the key to find a block it already holds, so it does not decrypt it again.
 *
 * @param scope   who owns the block, unique in the process (the engine uses one per index layout)
 * @param object  which block of the scope (the engine packs list and block number)
 * @param version which content of that block; changes whenever the block is rewritten (the engine
 *                takes 64 bits of the sealed block's GCM tag, which differs for every seal)
 */
public record BlockKey(long scope, long object, long version) {
}
