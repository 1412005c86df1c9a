package dev.sealdex.engine.model;

import java.util.Locale;

/** What an RBAC user may do with its index. */
public enum Permission {
    /** query, get, list_ids, describe, num_vectors. */
    READ(1),
    /** upsert and delete of vectors. */
    WRITE(2);

    private final int bit;

    Permission(int bit) {
        this.bit = bit;
    }

    /** The name on the wire: {@code read} or {@code write}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The permission named {@code name} on the wire; {@link IllegalArgumentException} otherwise. */
    public static Permission fromWire(String name) {
        for (Permission p : values()) {
            if (p.wireName().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("permissions are 'read' and 'write', not '" + name + "'");
    }

    /** The bit that stands for this permission in a stored user key record. */
    public int bit() {
        return bit;
    }
}
