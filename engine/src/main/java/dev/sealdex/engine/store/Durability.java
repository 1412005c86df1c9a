package dev.sealdex.engine.store;

/** How durable a write must be before {@link Store#write} returns. */
public enum Durability {
    /** On stable storage (fsync) before returning: for anything acknowledged to a client. */
    SYNC,
    /** Written, but possibly lost by a power failure: for data that can be rebuilt. */
    ASYNC
}
