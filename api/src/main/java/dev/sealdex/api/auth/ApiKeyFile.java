package dev.sealdex.api.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/**
 * The service key Sealdex generates on first start when a key is required but none is configured:
 * 32 random bytes as {@code sdx_} plus URL-safe base64, kept in a file only its owner may read
 * (POSIX mode 600, in a folder created with mode 700). Later starts read it back; a file that
 * group or others can read is refused, since anyone who can read it holds the whole database.
 */
public final class ApiKeyFile {

    /** The file name inside the data folder. */
    public static final String FILE_NAME = "api-key";
    /** The prefix of generated keys. */
    public static final String PREFIX = "sdx_";

    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    /**
     * The key and whether it was generated just now (so the banner shows it once).
     *
     * @param key       the service key
     * @param path      where it is kept
     * @param generated whether this start created it
     */
    public record Loaded(String key, Path path, boolean generated) {
        @Override
        public String toString() {
            return "Loaded[" + path + ", generated=" + generated + "]";
        }
    }

    private ApiKeyFile() {
    }

    /**
     * Reads the key at {@code path}, or generates and stores one when the file does not exist.
     *
     * @throws IllegalStateException with one sentence when the file cannot be read, is empty, is
     *                               readable by others, or cannot be written
     */
    public static Loaded loadOrCreate(Path path) {
        Path file = path.toAbsolutePath().normalize();
        if (Files.exists(file)) {
            return new Loaded(read(file), file, false);
        }
        String key = generate();
        try {
            Path parent = file.getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                if (posix(parent)) {
                    Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(parent);
                }
            }
            FileAttribute<?>[] attributes = posix(file)
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                    : new FileAttribute<?>[0];
            Files.createFile(file, attributes);
            if (attributes.length > 0) {
                // The umask may have narrowed the mode further, never widened it; set it exactly.
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
            Files.writeString(file, key + "\n", StandardCharsets.US_ASCII);
            return new Loaded(key, file, true);
        } catch (FileAlreadyExistsException e) {
            // Another process created it between the check and here: use theirs.
            return new Loaded(read(file), file, false);
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalStateException("Cannot store the generated API key at " + file + " (" + e.getMessage()
                    + "); set CYBORGDB_API_KEY, or point CYBORGDB_DISK_PATH at a writable folder", e);
        }
    }

    /** A new random key. */
    public static String generate() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String read(Path file) {
        try {
            if (posix(file)) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
                permissions.removeAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                        PosixFilePermission.OWNER_EXECUTE));
                if (!permissions.isEmpty()) {
                    throw new IllegalStateException("The API key file " + file + " can be read by others ("
                            + PosixFilePermissions.toString(Files.getPosixFilePermissions(file))
                            + "); make it private with: chmod 600 " + file);
                }
            }
            String key = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (key.isEmpty() || key.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
                throw new IllegalStateException("The API key file " + file
                        + " is empty or holds more than one printable word; delete it to generate a new key");
            }
            return key;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the API key file " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean posix(Path path) {
        try {
            Path existing = path;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            return existing != null && Files.getFileStore(existing).supportsFileAttributeView("posix");
        } catch (IOException e) {
            return false;
        }
    }
}
