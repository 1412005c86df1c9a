package dev.sealdex.engine.db;

/**
 * How a request proposes to open an index: with the client's {@code index_key} (a 32-byte key
 * encryption key), with nothing (a KMS-backed index, opened through its key provider), or with
 * an RBAC user token ({@code cdbk_...}), which carries its own key.
 *
 * @param indexKey  the 32-byte index key, or null
 * @param userToken the user token, or null
 */
public record Access(byte[] indexKey, String userToken) {

    /** Checks that at most one of the two is given and the key has 32 bytes. */
    public Access {
        if (indexKey != null && userToken != null) {
            throw new IllegalArgumentException("an index key and a user token cannot be combined");
        }
        if (indexKey != null && indexKey.length != 32) {
            throw new IllegalArgumentException("index_key must be 32 bytes (64 hex characters)");
        }
        indexKey = indexKey == null ? null : indexKey.clone();
    }

    /** Root (or single-key / open mode) access with an optional index key. */
    public static Access withKey(byte[] indexKey) {
        return new Access(indexKey, null);
    }

    /** Access as an RBAC user. */
    public static Access user(String token) {
        return new Access(null, token);
    }

    /** Whether this is an RBAC user's access. */
    public boolean isUser() {
        return userToken != null;
    }

    @Override
    public byte[] indexKey() {
        return indexKey == null ? null : indexKey.clone();
    }

    @Override
    public String toString() {
        // Never print key material.
        return isUser() ? "Access[user]" : indexKey != null ? "Access[index key]" : "Access[no key]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Access access && java.util.Arrays.equals(indexKey, access.indexKey)
                && java.util.Objects.equals(userToken, access.userToken);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(indexKey) * 31 + java.util.Objects.hashCode(userToken);
    }
}
