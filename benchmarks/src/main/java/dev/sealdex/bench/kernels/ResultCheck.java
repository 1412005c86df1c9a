package dev.sealdex.bench.kernels;

/**
 * Compares a backend's output with the scalar reference once per trial, so a benchmark never
 * reports the speed of a wrong answer. The tolerance is loose (summation order differs between
 * backends); it is there to catch a wrong offset or a dropped tail, not rounding.
 */
final class ResultCheck {

    private ResultCheck() {
    }

    /** Throws unless {@code actual} is within a length-scaled tolerance of {@code expected}. */
    static void close(String what, float expected, float actual, int length) {
        float tolerance = 1e-5f * length * (1f + Math.abs(expected));
        if (!(Math.abs(expected - actual) <= tolerance)) {
            throw new IllegalStateException(what + ": expected " + expected + " but got " + actual
                    + " (tolerance " + tolerance + ")");
        }
    }

    /** {@link #close} for every element of two equally long outputs. */
    static void close(String what, float[] expected, float[] actual, int length) {
        if (expected.length != actual.length) {
            throw new IllegalStateException(what + ": output lengths differ");
        }
        for (int i = 0; i < expected.length; i++) {
            close(what + " [" + i + "]", expected[i], actual[i], length);
        }
    }
}
