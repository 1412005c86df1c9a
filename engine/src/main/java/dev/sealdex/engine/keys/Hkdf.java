package dev.sealdex.engine.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.KDF;
import javax.crypto.spec.HKDFParameterSpec;

/** HKDF-SHA-256 (RFC 5869) through the JDK 25 {@link KDF} API. */
final class Hkdf {

    private Hkdf() {
    }

    /** HKDF(ikm, salt, info) to {@code length} bytes. */
    static byte[] derive(byte[] ikm, byte[] salt, String info, int length) {
        try {
            return KDF.getInstance("HKDF-SHA256").deriveData(HKDFParameterSpec.ofExtract()
                    .addIKM(ikm).addSalt(salt).thenExpand(info.getBytes(StandardCharsets.US_ASCII), length));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HKDF-SHA256 is not available in this JDK", e);
        }
    }
}
