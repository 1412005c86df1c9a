package dev.sealdex.engine.model;

import java.util.HexFormat;
import java.util.Set;

/**
 * A new RBAC user: its 16-byte id and its token. The token is shown to the caller once and never
 * stored; only a key-check value derived from it is.
 */
public record UserGrant(byte[] userId, String token, Set<Permission> permissions) {

    /** Copies the parts. */
    public UserGrant {
        userId = userId.clone();
        permissions = Set.copyOf(permissions);
    }

    /** The user id as 32 lowercase hex characters, as the API returns it. */
    public String userIdHex() {
        return HexFormat.of().formatHex(userId);
    }

    /** A copy of the user id. */
    @Override
    public byte[] userId() {
        return userId.clone();
    }

    @Override
    public String toString() {
        return "UserGrant[" + userIdHex() + ", token redacted, " + permissions + "]";
    }
}
