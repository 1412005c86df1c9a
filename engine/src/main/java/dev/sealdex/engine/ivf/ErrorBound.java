package dev.sealdex.engine.ivf;

/**
 * One byte that bounds a row's stage-1 reconstruction error {@code ||x - decode(code)||} from
 * above, stored beside the row's code in its list block. The rerank uses it to skip candidates
 * whose best case cannot reach the top k: with a per-row bound instead of the layout's largest
 * error, one clamped outlier no longer weakens the bound of every other row.
 *
 * <p>Code 0 is an exact row; codes 1 to 254 are powers of {@code 2^(1/8)} from about
 * {@code 1.6e-5} to {@code 5.5e4}, so a bound overstates the error by less than 9%; code 255
 * ({@link #UNKNOWN}, also the tag of candidates offered without a bound) says nothing, and the
 * layout's largest error stands in for it.
 */
public final class ErrorBound {

    /** The code of a row whose error is not recorded (or too large to record). */
    public static final byte UNKNOWN = (byte) 0xFF;
    private static final int STEPS_PER_OCTAVE = 8;
    private static final int CENTRE = 128;
    private static final float[] BOUNDS = new float[256];

    static {
        for (int code = 1; code < 255; code++) {
            BOUNDS[code] = (float) Math.pow(2, (code - CENTRE) / (double) STEPS_PER_OCTAVE);
        }
        BOUNDS[255] = Float.POSITIVE_INFINITY;
    }

    private ErrorBound() {
    }

    /** The smallest code whose bound is at least {@code error}; {@link #UNKNOWN} if none is. */
    static byte encode(float error) {
        if (!(error > 0f)) {
            return error == 0f ? 0 : UNKNOWN;
        }
        if (error > BOUNDS[254]) {
            return UNKNOWN;
        }
        int code = CENTRE + (int) Math.ceil(STEPS_PER_OCTAVE * (Math.log(error) / Math.log(2)));
        code = Math.max(1, Math.min(255, code));
        // The logarithm may round either way; step to the exact smallest bound that covers the error.
        while (code > 1 && BOUNDS[code - 1] >= error) {
            code--;
        }
        while (code < 255 && BOUNDS[code] < error) {
            code++;
        }
        return (byte) code;
    }

    /** The bound of {@code code}: at least the error it was encoded from; +infinity for {@link #UNKNOWN}. */
    public static float decode(byte code) {
        return BOUNDS[code & 0xFF];
    }
}
