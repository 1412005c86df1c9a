package dev.sealdex.api.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * HTTPS from PEM files: {@code SSL_CERT_PATH} (the certificate chain, leaf first) and
 * {@code SSL_KEY_PATH} (its private key, PKCS#8 or PKCS#1/SEC1, unencrypted).
 *
 * @param certificatePath the certificate chain
 * @param keyPath         the private key
 */
public record TlsSettings(Path certificatePath, Path keyPath) {

    /** Checks the parts. */
    public TlsSettings {
        Objects.requireNonNull(certificatePath, "certificatePath");
        Objects.requireNonNull(keyPath, "keyPath");
    }
}
