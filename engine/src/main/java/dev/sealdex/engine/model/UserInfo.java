package dev.sealdex.engine.model;

import java.util.HexFormat;
import java.util.Set;

/** An RBAC user of an index as listed: id and permissions. */
public record UserInfo(byte[] userId, Set<Permission> permissions) {

    /** Copies the parts. */
    public UserInfo {
        userId = userId.clone();
        permissions = Set.copyOf(permissions);
    }

    /** The user id as 32 lowercase hex characters. */
    public String userIdHex() {
        return HexFormat.of().formatHex(userId);
    }

    /** A copy of the user id. */
    @Override
    public byte[] userId() {
        return userId.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UserInfo u && java.util.Arrays.equals(userId, u.userId) && permissions.equals(u.permissions);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(userId) * 31 + permissions.hashCode();
    }

    @Override
    public String toString() {
        return "UserInfo[" + userIdHex() + ", " + permissions + "]";
    }
}
