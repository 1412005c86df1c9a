package dev.sealdex.engine.db;

import java.util.EnumSet;
import java.util.Set;

/** Converts between the vault's permissions and the API-facing ones. */
final class Permissions {

    private Permissions() {
    }

    static Set<Permission> fromVault(Set<dev.sealdex.engine.keys.Permission> granted) {
        EnumSet<Permission> result = EnumSet.noneOf(Permission.class);
        for (dev.sealdex.engine.keys.Permission p : granted) {
            result.add(p == dev.sealdex.engine.keys.Permission.READ ? Permission.READ : Permission.WRITE);
        }
        return result;
    }

    static Set<dev.sealdex.engine.keys.Permission> toVault(Set<Permission> wanted) {
        EnumSet<dev.sealdex.engine.keys.Permission> result = EnumSet.noneOf(dev.sealdex.engine.keys.Permission.class);
        for (Permission p : wanted) {
            result.add(p == Permission.READ ? dev.sealdex.engine.keys.Permission.READ
                    : dev.sealdex.engine.keys.Permission.WRITE);
        }
        return result;
    }
}
