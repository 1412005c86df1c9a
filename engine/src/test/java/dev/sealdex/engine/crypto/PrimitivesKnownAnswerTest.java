package dev.sealdex.engine.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sealdex.engine.testing.Golden;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.KDF;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.HKDFParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Known answers for the primitives Sealdex uses through the JDK, and the sealed-object golden file. */
class PrimitivesKnownAnswerTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    /** AES-256-GCM, test case 16 of McGrew and Viega, "The Galois/Counter Mode of Operation" (the NIST GCM spec). */
    @Test
    void aesGcm256MatchesTheGcmSpecTestCase16() throws Exception {
        byte[] key = hex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
        byte[] iv = hex("cafebabefacedbaddecaf888");
        byte[] plaintext = hex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
        byte[] aad = hex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
        byte[] expected = hex("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"
                + "76fc6ece0f4e1768cddf8853bb2d551b");
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        cipher.updateAAD(aad);
        assertArrayEquals(expected, cipher.doFinal(plaintext));
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        cipher.updateAAD(aad);
        assertArrayEquals(plaintext, cipher.doFinal(expected));
    }

    /** HKDF-SHA-256, RFC 5869 appendix A.1 (test case 1), through javax.crypto.KDF. */
    @Test
    void hkdfMatchesRfc5869TestCase1() throws Exception {
        byte[] ikm = hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        byte[] salt = hex("000102030405060708090a0b0c");
        byte[] info = hex("f0f1f2f3f4f5f6f7f8f9");
        KDF hkdf = KDF.getInstance("HKDF-SHA256");
        byte[] prk = hkdf.deriveData(HKDFParameterSpec.ofExtract().addIKM(ikm).addSalt(salt).extractOnly());
        assertArrayEquals(hex("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5"), prk);
        byte[] okm = hkdf.deriveData(HKDFParameterSpec.ofExtract().addIKM(ikm).addSalt(salt).thenExpand(info, 42));
        assertArrayEquals(hex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
                + "34007208d5b887185865"), okm);
    }

    /** The subkeys derived from a fixed data key, pinned, so the HKDF labels can never drift. */
    @Test
    void subkeysOfAFixedDataKeyArePinned() {
        byte[] dek = new byte[32];
        for (int i = 0; i < 32; i++) {
            dek[i] = (byte) i;
        }
        byte[] indexId = "golden-index-id!".getBytes(StandardCharsets.US_ASCII);
        IndexKeys keys = new IndexKeys(dek, indexId, new NonceSequence(41, 1L << 20, limit -> { }));
        byte[] sealed = keys.cipher(KeyPurpose.ITEMS).seal(ObjectKind.ITEM, keys.idTokens().token("item-7"),
                "hello, sealed world".getBytes(StandardCharsets.UTF_8));
        Golden.check("crypto/sealed-object.bin", sealed);
        Golden.check("crypto/id-token.bin", keys.idTokens().token("item-7"));
    }

    @Test
    void theGoldenSealedObjectOpens() {
        byte[] dek = new byte[32];
        for (int i = 0; i < 32; i++) {
            dek[i] = (byte) i;
        }
        byte[] indexId = "golden-index-id!".getBytes(StandardCharsets.US_ASCII);
        IndexKeys keys = new IndexKeys(dek, indexId, new NonceSequence(0, limit -> { }));
        byte[] sealed = Golden.read("crypto/sealed-object.bin");
        assertArrayEquals(Golden.read("crypto/id-token.bin"), keys.idTokens().token("item-7"));
        assertEquals("hello, sealed world", new String(keys.cipher(KeyPurpose.ITEMS)
                .open(ObjectKind.ITEM, Golden.read("crypto/id-token.bin"), sealed), StandardCharsets.UTF_8));
        // The header: magic "SX", format 1, kind ITEM, nonce = 4 zero bytes and counter 41.
        assertArrayEquals(hex("53580102" + "00000000" + "0000000000000029"), java.util.Arrays.copyOf(sealed, 16));
    }
}
