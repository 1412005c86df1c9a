package dev.sealdex.engine.db;

/** What an RBAC user may do on its one index; the root credential may do everything. */
public enum Permission {
    /** query, get, list_ids, describe, num_vectors. */
    READ,
    /** upsert, upsert_binary, delete (vectors). */
    WRITE
}
