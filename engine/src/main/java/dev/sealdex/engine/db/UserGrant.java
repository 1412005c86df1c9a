package dev.sealdex.engine.db;

/**
 * A new RBAC user: its id (32 hex characters) and its token ({@code cdbk_...}), shown once.
 *
 * @param userId the user id, hex
 * @param token  the API key to give the user
 */
public record UserGrant(String userId, String token) {

    @Override
    public String toString() {
        return "UserGrant[" + userId + "]";
    }
}
