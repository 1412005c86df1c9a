package dev.sealdex.engine.keys;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/** What a caller brings to create or open an index's keys. */
public sealed interface Credential {

    /** The client's 32-byte {@code index_key}, a key-encryption key that is never stored. */
    record ClientKey(byte[] key) implements Credential {

        /** Copies and checks the key. */
        public ClientKey {
            Objects.requireNonNull(key, "key");
            if (key.length != 32) {
                throw new IllegalArgumentException("an index key is 32 bytes (64 hex characters)");
            }
            key = key.clone();
        }

        /** The key from its 64 hex characters; {@link IllegalArgumentException} otherwise. */
        public static ClientKey ofHex(String hex) {
            if (hex == null || hex.length() != 64) {
                throw new IllegalArgumentException("an index key is 64 hex characters");
            }
            try {
                return new ClientKey(HexFormat.of().parseHex(hex));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("an index key is 64 hex characters");
            }
        }

        /** A copy of the key. */
        @Override
        public byte[] key() {
            return key.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ClientKey k && Arrays.equals(key, k.key);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(key);
        }

        @Override
        public String toString() {
            return "ClientKey[redacted]";
        }
    }

    /** An RBAC user's {@code cdbk_...} token, which carries its own secret. */
    record UserToken(String token) implements Credential {

        /** Checks the token is present. */
        public UserToken {
            Objects.requireNonNull(token, "token");
        }

        /** Whether {@code apiKey} looks like a user token (starts with {@code cdbk_}). */
        public static boolean looksLikeOne(String apiKey) {
            return apiKey != null && apiKey.startsWith(UserTokens.PREFIX);
        }

        @Override
        public String toString() {
            return "UserToken[redacted]";
        }
    }

    /** The key provider named {@code providerName} in configuration ({@code kms_name}). */
    record Kms(String providerName) implements Credential {

        /** Checks the name is present. */
        public Kms {
            Objects.requireNonNull(providerName, "providerName");
        }
    }
}
