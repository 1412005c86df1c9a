package dev.sealdex.engine.testing;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Golden files: small committed binaries under {@code src/test/resources/golden} that pin a stored
 * format byte for byte. A format change that is meant must come with a new format version and
 * regenerated files: run the tests with {@code -Dsealdex.golden.update=true} and commit the result.
 */
public final class Golden {

    private static final boolean UPDATE = Boolean.getBoolean("sealdex.golden.update");

    private Golden() {
    }

    /** The committed bytes of golden file {@code name}. */
    public static byte[] read(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/" + name)) {
            assertNotNull(in, "golden file " + name + " is missing; generate it with -Dsealdex.golden.update=true");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Checks that {@code actual} equals golden file {@code name} (or rewrites it when updating). */
    public static void check(String name, byte[] actual) {
        if (UPDATE) {
            try {
                Path path = Path.of("src/test/resources/golden", name);
                Files.createDirectories(path.getParent());
                Files.write(path, actual);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        byte[] expected = read(name);
        if (!Arrays.equals(expected, actual)) {
            int at = Arrays.mismatch(expected, actual);
            fail("golden file " + name + " differs at byte " + at + " (expected " + expected.length + " bytes, got "
                    + actual.length + "): the stored format changed. If that is intended, give the format a new"
                    + " version and regenerate with -Dsealdex.golden.update=true.\nexpected: "
                    + excerpt(expected, at) + "\nactual:   " + excerpt(actual, at));
        }
    }

    private static String excerpt(byte[] bytes, int at) {
        int from = Math.max(0, at - 8);
        int to = Math.min(bytes.length, at + 24);
        return from >= to ? "(end)" : HexFormat.ofDelimiter(" ").formatHex(bytes, from, to);
    }
}
