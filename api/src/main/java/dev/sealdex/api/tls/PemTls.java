package dev.sealdex.api.tls;

import dev.sealdex.api.config.ConfigException;
import dev.sealdex.api.config.TlsSettings;
import io.helidon.common.tls.Tls;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * HTTPS from the PEM files of {@code SSL_CERT_PATH} (certificate chain, leaf first) and
 * {@code SSL_KEY_PATH} (an unencrypted PKCS#8, PKCS#1 RSA or SEC1 EC private key), read with
 * BouncyCastle's PEM parser. Any problem is a {@link ConfigException} naming the file, never a
 * silent fall-back to plain HTTP.
 */
public final class PemTls {

    private PemTls() {
    }

    /** The server TLS configuration for {@code settings}. */
    public static Tls load(TlsSettings settings) {
        List<X509Certificate> chain = certificates(settings.certificatePath());
        PrivateKey key = privateKey(settings.keyPath());
        return Tls.builder()
                .privateKey(key)
                .privateKeyCertChain(chain)
                .build();
    }

    /** The certificates in {@code path}, in file order. */
    public static List<X509Certificate> certificates(Path path) {
        List<X509Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (Reader reader = open(path, "SSL_CERT_PATH"); PEMParser parser = new PEMParser(reader)) {
            Object object;
            while ((object = parser.readObject()) != null) {
                if (object instanceof X509CertificateHolder holder) {
                    chain.add(converter.getCertificate(holder));
                }
            }
        } catch (ConfigException e) {
            throw e;
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new ConfigException("SSL_CERT_PATH " + path + " is not a readable PEM certificate chain: "
                    + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new ConfigException("SSL_CERT_PATH " + path + " holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
        }
        return chain;
    }

    /** The private key in {@code path}. */
    public static PrivateKey privateKey(Path path) {
        // BouncyCastle's own provider reads every EC encoding (a SEC1 key names its curve only in the
        // key structure, which the JDK's KeyFactory refuses); the key is then re-read by the JDK from
        // its PKCS#8 encoding, so TLS signs with the JDK's providers.
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(new BouncyCastleProvider());
        try (Reader reader = open(path, "SSL_KEY_PATH"); PEMParser parser = new PEMParser(reader)) {
            Object object;
            while ((object = parser.readObject()) != null) {
                switch (object) {
                    case PEMKeyPair pair -> {
                        return jdkKey(converter.getPrivateKey(pair.getPrivateKeyInfo()));
                    }
                    case PrivateKeyInfo info -> {
                        return jdkKey(converter.getPrivateKey(info));
                    }
                    case PEMEncryptedKeyPair ignored -> throw new ConfigException("SSL_KEY_PATH " + path
                            + " is encrypted; Sealdex needs an unencrypted key (openssl pkey -in key.pem -out plain.pem).");
                    case PKCS8EncryptedPrivateKeyInfo ignored -> throw new ConfigException("SSL_KEY_PATH " + path
                            + " is encrypted; Sealdex needs an unencrypted key (openssl pkey -in key.pem -out plain.pem).");
                    default -> {
                        // EC parameters or other blocks may precede the key.
                    }
                }
            }
        } catch (ConfigException e) {
            throw e;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new ConfigException("SSL_KEY_PATH " + path + " is not a readable PEM private key: " + e.getMessage(), e);
        }
        throw new ConfigException("SSL_KEY_PATH " + path + " holds no PEM private key (-----BEGIN PRIVATE KEY-----).");
    }

    private static PrivateKey jdkKey(PrivateKey key) throws GeneralSecurityException {
        String algorithm = key.getAlgorithm().equals("ECDSA") ? "EC" : key.getAlgorithm();
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
    }

    private static Reader open(Path path, String variable) {
        if (!Files.isRegularFile(path)) {
            throw new ConfigException(variable + " points at " + path + ", which does not exist or is not a file.");
        }
        if (!Files.isReadable(path)) {
            throw new ConfigException(variable + " points at " + path + ", which this user cannot read.");
        }
        try {
            return Files.newBufferedReader(path, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new ConfigException(variable + " points at " + path + ", which cannot be read: " + e.getMessage(), e);
        }
    }
}
