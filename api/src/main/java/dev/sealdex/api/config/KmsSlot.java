package dev.sealdex.api.config;

import java.util.Map;
import java.util.Objects;

/**
 * One {@code kms.registry} slot of {@code cyborgdb.yaml}: a named key provider that KMS-backed
 * indexes ({@code kms_name}) wrap their key with.
 *
 * @param name       the slot name ({@code kms_name} in requests)
 * @param provider   the provider type ({@code aws-kms}, {@code aws}, or a Sealdex provider)
 * @param properties every other setting of the slot ({@code key_id}, {@code region}, {@code role_arn}, ...)
 */
public record KmsSlot(String name, String provider, Map<String, String> properties) {

    /** Checks and copies. */
    public KmsSlot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(provider, "provider");
        properties = Map.copyOf(properties);
    }

    @Override
    public String toString() {
        // Slot settings may include secrets for some providers: print only the shape.
        return "KmsSlot[" + name + ", provider=" + provider + ", settings=" + properties.keySet() + "]";
    }
}
