package dev.sealdex.api.reliability;

import java.security.SecureRandom;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * The seed of a reliability run: {@code -Dsealdex.test.seed=N} or {@code SEALDEX_TEST_SEED=N}
 * replays a run; otherwise a fresh one is drawn. Registered as an extension it puts the seed, and
 * how to replay it, in front of every failure message.
 */
public final class Seeds implements TestExecutionExceptionHandler {

    /** The base seed of this JVM's run. */
    public static final long BASE = resolve();

    /** How to replay this run. */
    public static String replay() {
        return "seed " + BASE + " (replay: ./sealdex test with SEALDEX_TEST_SEED=" + BASE
                + ", or mvn verify -Dsealdex.test.seed=" + BASE + ")";
    }

    /** The seed of one test: the base seed mixed with {@code name}, so each test draws its own stream. */
    public static long of(String name) {
        long h = BASE ^ 0x9E3779B97F4A7C15L;
        for (int i = 0; i < name.length(); i++) {
            h = (h ^ name.charAt(i)) * 0x100000001B3L;
        }
        return h;
    }

    private static long resolve() {
        String value = System.getProperty("sealdex.test.seed");
        if (value == null || value.isBlank()) {
            value = System.getenv("SEALDEX_TEST_SEED");
        }
        long seed = value == null || value.isBlank() ? new SecureRandom().nextLong() : Long.parseLong(value.trim());
        System.out.println("reliability: " + "seed " + seed);
        return seed;
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        System.err.println("reliability: " + context.getDisplayName() + " failed with " + replay());
        if (throwable instanceof org.opentest4j.TestAbortedException) {
            throw throwable;
        }
        AssertionError wrapped = new AssertionError("[" + replay() + "] " + throwable, throwable);
        wrapped.setStackTrace(throwable.getStackTrace());
        throw wrapped;
    }
}
