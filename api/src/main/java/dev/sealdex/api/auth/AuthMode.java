package dev.sealdex.api.auth;

/** How {@code X-API-Key} is checked (README "Authentication"). */
public enum AuthMode {
    /** {@code REQUIRE_API_KEY=false}: every request is accepted as the root. */
    OPEN,
    /** {@code REQUIRE_API_KEY=true} (the default): {@code X-API-Key} must equal the one service key. */
    SINGLE_KEY,
    /** {@code CYBORGDB_SERVICE_ROOT_KEY} set: the root key, or a {@code cdbk_} user token on its one index. */
    RBAC
}
