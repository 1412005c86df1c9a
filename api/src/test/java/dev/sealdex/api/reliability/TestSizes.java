package dev.sealdex.api.reliability;

import java.util.Locale;

/**
 * CI or long sizes for the reliability suite. {@code ./sealdex test --long} exports
 * {@code SEALDEX_TEST_LONG=true}; {@code mvn verify -Dsealdex.test.long=true} does the same.
 */
public final class TestSizes {

    /** Whether the long sizes run. */
    public static final boolean LONG = flag("sealdex.test.long", "SEALDEX_TEST_LONG");

    private TestSizes() {
    }

    /** {@code ci} in a normal run, {@code long} with {@link #LONG}. */
    public static int pick(int ci, int longSize) {
        return LONG ? longSize : ci;
    }

    /** A boolean from the system property {@code property} or else the variable {@code variable}. */
    static boolean flag(String property, String variable) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(variable);
        }
        return value != null && switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            default -> false;
        };
    }
}
