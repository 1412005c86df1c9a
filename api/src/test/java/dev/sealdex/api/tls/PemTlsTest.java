package dev.sealdex.api.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealdex.api.config.ConfigException;
import dev.sealdex.api.config.TlsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemTlsTest {

    @Test
    void readsPkcs8AndSec1Keys(@TempDir Path dir) throws Exception {
        for (boolean pkcs8 : new boolean[] {true, false}) {
            TestCertificates files = TestCertificates.write(dir, pkcs8);
            assertEquals(files.certificate(), PemTls.certificates(files.certificatePath()).get(0));
            assertEquals("EC", PemTls.privateKey(files.keyPath()).getAlgorithm());
            assertNotNull(PemTls.load(new TlsSettings(files.certificatePath(), files.keyPath())));
        }
    }

    @Test
    void unusableFilesStopStartUpWithOneSentence(@TempDir Path dir) throws Exception {
        TestCertificates files = TestCertificates.write(dir, true);
        Path missing = dir.resolve("missing.pem");
        String noCert = assertThrows(ConfigException.class,
                () -> PemTls.load(new TlsSettings(missing, files.keyPath()))).getMessage();
        assertTrue(noCert.startsWith("SSL_CERT_PATH points at") && noCert.contains("does not exist"), noCert);
        String noKey = assertThrows(ConfigException.class,
                () -> PemTls.load(new TlsSettings(files.certificatePath(), missing))).getMessage();
        assertTrue(noKey.startsWith("SSL_KEY_PATH"), noKey);
        Path garbage = dir.resolve("garbage.pem");
        Files.writeString(garbage, "not a pem file\n");
        assertTrue(assertThrows(ConfigException.class, () -> PemTls.certificates(garbage)).getMessage()
                .contains("no PEM certificate"));
        assertTrue(assertThrows(ConfigException.class, () -> PemTls.privateKey(garbage)).getMessage()
                .contains("no PEM private key"));
        assertTrue(assertThrows(ConfigException.class, () -> PemTls.privateKey(files.certificatePath())).getMessage()
                .startsWith("SSL_KEY_PATH"), "a certificate is not a key");
        Path encrypted = dir.resolve("encrypted.pem");
        Files.writeString(encrypted, """
                -----BEGIN ENCRYPTED PRIVATE KEY-----
                MIGjMF8GCSqGSIb3DQEFDTBSMDEGCSqGSIb3DQEFDDAkBBBsb2NhbGhvc3RzYWx0
                c2FsdAICCAAwDAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEEGl2aXZpdml2aXZp
                dml2aXZpBEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
                AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
                -----END ENCRYPTED PRIVATE KEY-----
                """);
        String message = assertThrows(ConfigException.class, () -> PemTls.privateKey(encrypted)).getMessage();
        assertTrue(message.startsWith("SSL_KEY_PATH"), message);
    }
}
