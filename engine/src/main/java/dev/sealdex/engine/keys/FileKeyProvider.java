package dev.sealdex.engine.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The {@code file} provider: a 32-byte key in a file (32 raw bytes, or 64 hex characters) that
 * only its owner may read or write. A file that group or others can access is refused, as is a
 * missing or malformed one; the file is read on every use, so replacing it takes effect at once.
 */
public final class FileKeyProvider extends LocalKeyProvider {

    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final Path path;

    /** Provider {@code name} reading its key from {@code path}. */
    public FileKeyProvider(String name, Path path) {
        super(name);
        this.path = path;
    }

    @Override
    public String type() {
        return "file";
    }

    /** The key file. */
    public Path path() {
        return path;
    }

    @Override
    byte[] loadKey() {
        try {
            if (Files.getFileStore(path).supportsFileAttributeView("posix")) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
                if (!Collections.disjoint(permissions, OTHERS)) {
                    throw new KeyProviderUnavailableException(name(), "its key file " + path + " is accessible to group or"
                            + " others (" + PosixFilePermissions.toString(permissions) + "); make it readable only by the"
                            + " service user: chmod 600 " + path);
                }
            }
            if (Files.size(path) > 1024) {
                throw new KeyProviderUnavailableException(name(), "its key file " + path
                        + " must hold 32 raw bytes or 64 hex characters");
            }
            byte[] bytes = Files.readAllBytes(path);
            if (bytes.length == 32) {
                return bytes;
            }
            byte[] key = bytes.length < 100 ? parseHex(new String(bytes, StandardCharsets.US_ASCII)) : null;
            Arrays.fill(bytes, (byte) 0);
            if (key == null) {
                throw new KeyProviderUnavailableException(name(), "its key file " + path
                        + " must hold 32 raw bytes or 64 hex characters");
            }
            return key;
        } catch (NoSuchFileException e) {
            throw new KeyProviderUnavailableException(name(), "its key file " + path + " does not exist");
        } catch (IOException e) {
            throw new KeyProviderUnavailableException(name(), "its key file " + path + " cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
