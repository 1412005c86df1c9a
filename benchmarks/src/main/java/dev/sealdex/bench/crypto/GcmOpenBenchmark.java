package dev.sealdex.bench.crypto;

import dev.sealdex.engine.crypto.BlockCipher;
import dev.sealdex.engine.crypto.NonceSequence;
import dev.sealdex.engine.crypto.ObjectKind;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * AES-GCM decryption options for the search's block and row opens, one thread: key size (256, what
 * the engine uses, against 128), provider (the JDK's SunJCE against BouncyCastle's lightweight
 * {@code GCMBlockCipher}) and what each open re-does (a new cipher object, a new nonce on a reused
 * object, or nothing: the floor, reusing one initialised cipher, which GCM allows only for
 * decryption and which a real open cannot do since every object has its own nonce).
 *
 * <p>The method names say what is paid per call: {@code blockCipherOpen} is the engine's own
 * {@link BlockCipher#open} (header checks, AAD built per call, {@code init} on a thread-local
 * {@link Cipher}); {@code jdkInit} / {@code bcInit} re-initialise a reused object with the nonce
 * (the key schedule is kept: SunJCE caches it for an equal key, BouncyCastle is passed a null key);
 * {@code jdkNew} / {@code bcNew} build the cipher per call ({@code Cipher.getInstance} + {@code init};
 * {@code new GCMBlockCipher} + key schedule + {@code init}); {@code jdkReady} / {@code bcReady} only
 * decrypt. The AAD is 36 bytes, as {@code BlockCipher}'s for a numeric object id.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main GcmOpenBenchmark</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class GcmOpenBenchmark {

    private static final int TAG_BITS = 128;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    /** Calls of the measured method before JMH's warm-up, per warm-up size (a tenth for BouncyCastle). */
    private static final int WARM_CALLS = 10_000;
    private static final int WARM_SMALL = 1024;
    private static final int WARM_LARGE = 16_384;

    /** Plaintext bytes: an SQ8 row and a float32 rerank row (8-byte header) at d = 784, and blocks. */
    @Param({"784", "3144", "4096", "16384", "65536", "262144"})
    public int bytes;

    /** AES key size in bits. */
    @Param({"256", "128"})
    public int keyBits;

    private byte[] plain;
    private byte[] keyBytes;
    private SecretKeySpec key;
    private byte[] nonce;
    private byte[] aad;
    private byte[] sealed;
    private byte[] out;
    private BlockCipher blockCipher;
    private byte[] blockSealed;
    private Cipher jdk;
    private Cipher jdkReady;
    private GCMModeCipher bc;
    private GCMModeCipher bcReady;

    /** Seals the plaintext, checks that every open returns it, warms the measured method. */
    @Setup
    public void setUp(BenchmarkParams params) throws GeneralSecurityException, InvalidCipherTextException {
        prepare();
        warm(params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1));
    }

    /** Seals the plaintext once per path and checks that every open returns it. */
    void prepare() throws GeneralSecurityException, InvalidCipherTextException {
        keyBytes = new byte[keyBits / 8];
        for (int i = 0; i < keyBytes.length; i++) {
            keyBytes[i] = (byte) (31 * i + 7);
        }
        key = new SecretKeySpec(keyBytes, "AES");
        nonce = new byte[12];
        nonce[11] = 42;
        aad = new byte[36];
        Arrays.fill(aad, (byte) 5);
        plain = new byte[bytes];
        for (int i = 0; i < plain.length; i++) {
            plain[i] = (byte) (i * 7 + 1);
        }
        out = new byte[Math.max(bytes, WARM_LARGE) + TAG_BITS / 8];
        blockCipher = new BlockCipher(key, new byte[16], new NonceSequence(0, limit -> { }));
        sealed = sealJdk(plain);
        blockSealed = blockCipher.seal(ObjectKind.LIST_BLOCK, 42, plain);

        jdk = Cipher.getInstance(TRANSFORMATION);
        jdkReady = Cipher.getInstance(TRANSFORMATION);
        jdkReady.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
        bc = GCMBlockCipher.newInstance(AESEngine.newInstance());
        bc.init(false, new AEADParameters(new KeyParameter(keyBytes), TAG_BITS, nonce, aad));
        bcReady = GCMBlockCipher.newInstance(AESEngine.newInstance());
        bcReady.init(false, new AEADParameters(new KeyParameter(keyBytes), TAG_BITS, nonce, aad));

        // Twice each: the "ready" paths must still decrypt after a first doFinal.
        for (int round = 0; round < 2; round++) {
            check("blockCipherOpen", blockCipherOpen());
            check("jdkNew", jdkNew());
            check("jdkInit", jdkInit());
            check("jdkReady", jdkReady());
            check("bcNew", bcNew());
            check("bcInit", bcInit());
            check("bcReady", bcReady());
        }
    }

    /**
     * Runs the measured method {@value #WARM_CALLS} times on a small and a large object before
     * JMH's warm-up. The JDK's AES-GCM intrinsics run only from C2-compiled callers, and at
     * 256 KiB an open is so slow before that (0.15 GB/s against 9 GB/s at 64 KiB in a trial run)
     * that three warm-up seconds hold too few calls to get there. The two sizes cover SunJCE's two
     * paths (separate AES-CTR and GHASH below 7,680 bytes, the combined intrinsic above).
     */
    private void warm(String method) throws GeneralSecurityException, InvalidCipherTextException {
        byte[] keptSealed = sealed;
        byte[] keptBlock = blockSealed;
        for (int size : new int[] {WARM_SMALL, WARM_LARGE}) {
            byte[] small = Arrays.copyOf(plain, Math.min(size, plain.length));
            sealed = sealJdk(small);
            blockSealed = blockCipher.seal(ObjectKind.LIST_BLOCK, 42, small);
            int calls = method.startsWith("bc") ? WARM_CALLS / 10 : WARM_CALLS;
            for (int i = 0; i < calls; i++) {
                switch (method) {
                    case "blockCipherOpen" -> blockCipherOpen();
                    case "jdkNew" -> jdkNew();
                    case "jdkInit" -> jdkInit();
                    case "jdkReady" -> jdkReady();
                    case "bcNew" -> bcNew();
                    case "bcInit" -> bcInit();
                    case "bcReady" -> bcReady();
                    default -> throw new IllegalStateException("no warm-up for " + method);
                }
            }
        }
        sealed = keptSealed;
        blockSealed = keptBlock;
    }

    /** JDK AES-GCM encryption under the benchmark's key, nonce and AAD. */
    private byte[] sealJdk(byte[] plaintext) throws GeneralSecurityException {
        Cipher encrypt = Cipher.getInstance(TRANSFORMATION);
        encrypt.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
        encrypt.updateAAD(aad);
        return encrypt.doFinal(plaintext);
    }

    private void check(String what, int length) {
        if (length != bytes || !Arrays.equals(plain, 0, bytes, out, 0, bytes)) {
            throw new IllegalStateException(what + " did not return the plaintext (" + length + " bytes)");
        }
        Arrays.fill(out, (byte) 0);
    }

    /** The engine's {@link BlockCipher#open} (AES key size as set: the engine itself uses 256). */
    @Benchmark
    public int blockCipherOpen() {
        return blockCipher.open(ObjectKind.LIST_BLOCK, 42, blockSealed, out, 0);
    }

    /** JDK: {@code Cipher.getInstance} and {@code init} per open. */
    @Benchmark
    public int jdkNew() throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        return decrypt(cipher, true);
    }

    /** JDK: a reused {@code Cipher}, {@code init} with the nonce per open (what {@code BlockCipher} does). */
    @Benchmark
    public int jdkInit() throws GeneralSecurityException {
        return decrypt(jdk, true);
    }

    /** JDK: a reused {@code Cipher} initialised once; the floor of an open. */
    @Benchmark
    public int jdkReady() throws GeneralSecurityException {
        return decrypt(jdkReady, false);
    }

    /** BouncyCastle: a new {@code GCMBlockCipher} and AES engine, key schedule and {@code init} per open. */
    @Benchmark
    public int bcNew() throws InvalidCipherTextException {
        GCMModeCipher cipher = GCMBlockCipher.newInstance(AESEngine.newInstance());
        cipher.init(false, new AEADParameters(new KeyParameter(keyBytes), TAG_BITS, nonce, aad));
        return decrypt(cipher);
    }

    /** BouncyCastle: a reused cipher, {@code init} with the nonce per open (null key: schedule kept). */
    @Benchmark
    public int bcInit() throws InvalidCipherTextException {
        bc.init(false, new AEADParameters(null, TAG_BITS, nonce, aad));
        return decrypt(bc);
    }

    /** BouncyCastle: a reused cipher initialised once; the floor of an open. */
    @Benchmark
    public int bcReady() throws InvalidCipherTextException {
        return decrypt(bcReady);
    }

    private int decrypt(Cipher cipher, boolean init) throws GeneralSecurityException {
        if (init) {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
        }
        cipher.updateAAD(aad);
        return cipher.doFinal(sealed, 0, sealed.length, out, 0);
    }

    private int decrypt(GCMModeCipher cipher) throws InvalidCipherTextException {
        int written = cipher.processBytes(sealed, 0, sealed.length, out, 0);
        return written + cipher.doFinal(out, written);
    }
}
