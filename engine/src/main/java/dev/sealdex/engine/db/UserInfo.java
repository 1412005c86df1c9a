package dev.sealdex.engine.db;

import java.util.Set;

/**
 * An RBAC user of an index.
 *
 * @param userId      the user id, hex
 * @param permissions what it may do
 */
public record UserInfo(String userId, Set<Permission> permissions) {
}
