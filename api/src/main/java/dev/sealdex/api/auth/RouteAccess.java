package dev.sealdex.api.auth;

/** Who may call a route; {@link AuthPolicy} turns this and the request's key into a {@link Caller}. */
public enum RouteAccess {
    /** No credential ever: health, OpenAPI, docs, probes. */
    PUBLIC,
    /**
     * The root (or single) key; open in open mode, and in single-key mode when
     * {@code SEALDEX_TRAINING_STATUS_OPEN} reopens it for SDKs that send no key there.
     */
    TRAINING_STATUS,
    /** Any valid credential, a user token included. */
    ANY,
    /** The root (or single) key: index administration. */
    ADMIN,
    /** The root key or a user token with {@code read}. */
    READ,
    /** The root key or a user token with {@code write}. */
    WRITE,
    /** RBAC user management: root key, RBAC mode only. */
    USERS,
    /** Prometheus scrapes: the root key (also as {@code Authorization: Bearer}) unless auth is off. */
    METRICS
}
