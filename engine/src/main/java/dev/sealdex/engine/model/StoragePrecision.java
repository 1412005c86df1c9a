package dev.sealdex.engine.model;

import java.util.Locale;

/** The precision at which vectors are kept for the exact rerank and returned by {@code get}. */
public enum StoragePrecision {
    /** 4 bytes per component, exact. */
    FLOAT32("float32", 4),
    /** 2 bytes per component (IEEE half), about 3 decimal digits. */
    FLOAT16("float16", 2);

    private final String wireName;
    private final int bytes;

    StoragePrecision(String wireName, int bytes) {
        this.wireName = wireName;
        this.bytes = bytes;
    }

    /** The name on the wire. */
    public String wireName() {
        return wireName;
    }

    /** Bytes per component. */
    public int bytesPerComponent() {
        return bytes;
    }

    /** Parses a wire name; {@code null} means {@link #FLOAT32}. */
    public static StoragePrecision parse(String name) {
        if (name == null) {
            return FLOAT32;
        }
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "float32" -> FLOAT32;
            case "float16" -> FLOAT16;
            default -> throw new IllegalArgumentException(
                    "storage_precision must be float32 or float16; got '" + name + "'");
        };
    }
}
