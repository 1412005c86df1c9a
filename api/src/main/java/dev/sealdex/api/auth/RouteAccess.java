package dev.sealdex.api.auth;

/** Who may call a route; {@link AuthPolicy} turns this and the request's key into a {@link Caller}. */
public enum RouteAccess {
    /** No credential ever: health, OpenAPI, docs, probes. */
    PUBLIC,
    /** Open in open and single-key modes (SDKs send no key there); root only in RBAC mode. */
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
