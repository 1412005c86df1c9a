package dev.sealdex.api.auth;

import dev.sealdex.engine.db.Access;
import java.util.Objects;

/** Who made a request, once {@link AuthPolicy} has checked its key. */
public sealed interface Caller {

    /** The root key, the single service key, or anyone when auth is off. */
    Caller ROOT = new Root();
    /** Nobody in particular: a public route. */
    Caller ANONYMOUS = new Anonymous();

    /**
     * How this caller opens an index: the root with the request's {@code index_key} (null for
     * KMS-backed indexes), a user with its own token (which carries its key).
     */
    Access access(byte[] indexKey);

    /** The root credential. */
    record Root() implements Caller {
        @Override
        public Access access(byte[] indexKey) {
            return Access.withKey(indexKey);
        }
    }

    /** No credential (public routes only). */
    record Anonymous() implements Caller {
        @Override
        public Access access(byte[] indexKey) {
            throw new IllegalStateException("a public route opened an index: a routing bug");
        }
    }

    /** An RBAC user's {@code cdbk_} token; the engine checks it and scopes it to its index. */
    record User(String token) implements Caller {
        /** Checks the token is there. */
        public User {
            Objects.requireNonNull(token, "token");
        }

        @Override
        public Access access(byte[] indexKey) {
            return Access.user(token);
        }

        @Override
        public String toString() {
            return "User[token redacted]";
        }
    }
}
