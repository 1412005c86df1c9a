package dev.sealdex.api.routes;

import dev.sealdex.engine.db.Access;
import dev.sealdex.engine.db.Database;
import dev.sealdex.engine.db.Permission;
import dev.sealdex.engine.db.UserGrant;
import dev.sealdex.engine.db.UserInfo;
import java.util.List;
import java.util.Set;

/**
 * RBAC users and key rotation: the engine calls behind {@code /v1/indexes/{index_name}/users}
 * and {@code /v1/indexes/rotate-key}. Each opens the index with the caller's key first, so a
 * missing index is a 404 and a wrong key a 401 exactly as on every other route.
 */
final class KeyAdministration {

    private KeyAdministration() {
    }

    /** Creates a user of {@code name} with {@code permissions}; returns its id and its one-time token. */
    static UserGrant createUser(Database database, String name, Access access, Set<Permission> permissions) {
        return database.open(name, access).createUser(permissions);
    }

    /** The users of {@code name}. */
    static List<UserInfo> listUsers(Database database, String name, Access access) {
        return database.open(name, access).users();
    }

    /** Revokes user {@code userId} of {@code name}; unknown ids are not an error. */
    static void deleteUser(Database database, String name, Access access, String userId) {
        database.open(name, access).deleteUser(userId);
    }

    /** Re-wraps the data key of {@code name} under {@code newKey}; the old key stops working. */
    static void rotateKey(Database database, String name, Access access, byte[] newKey) {
        database.rotateKey(name, access, newKey);
    }
}
