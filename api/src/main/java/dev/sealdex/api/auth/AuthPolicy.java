package dev.sealdex.api.auth;

import dev.sealdex.api.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * Checks {@code X-API-Key} against the mode's credential and the route's {@link RouteAccess}.
 * Keys are compared as SHA-256 digests with {@link MessageDigest#isEqual}, so the time taken does
 * not depend on how much of a key was right (or on its length); the keys themselves are kept only
 * as digests and are never logged.
 */
public final class AuthPolicy {

    /** The prefix of RBAC user tokens. */
    public static final String USER_TOKEN_PREFIX = "cdbk_";
    /** The detail for a missing or wrong {@code X-API-Key}, as CyborgDB words it. */
    public static final String INVALID_API_KEY = "Invalid API Key";

    private final AuthMode mode;
    private final byte[] keyDigest;
    private final java.util.function.Predicate<String> liveToken;
    private final boolean trainingStatusOpen;
    private final java.util.Set<String> allowedHosts;

    private AuthPolicy(AuthMode mode, String key) {
        this.mode = Objects.requireNonNull(mode, "mode");
        if (mode != AuthMode.OPEN && (key == null || key.isEmpty())) {
            throw new IllegalArgumentException(mode + " mode needs a key");
        }
        this.keyDigest = key == null ? null : digest(key);
        this.liveToken = null;
        this.trainingStatusOpen = false;
        this.allowedHosts = java.util.Set.of();
    }

    private AuthPolicy(AuthPolicy base, java.util.function.Predicate<String> liveToken, boolean trainingStatusOpen,
                       java.util.Set<String> allowedHosts) {
        this.mode = base.mode;
        this.keyDigest = base.keyDigest;
        this.liveToken = liveToken;
        this.trainingStatusOpen = trainingStatusOpen;
        this.allowedHosts = allowedHosts;
    }

    /** Authentication off: every request is the root. */
    public static AuthPolicy open() {
        return new AuthPolicy(AuthMode.OPEN, null);
    }

    /** One service key ({@code CYBORGDB_API_KEY} or the generated one). */
    public static AuthPolicy singleKey(String key) {
        return new AuthPolicy(AuthMode.SINGLE_KEY, key);
    }

    /** RBAC with {@code rootKey}. */
    public static AuthPolicy rbac(String rootKey) {
        return new AuthPolicy(AuthMode.RBAC, rootKey);
    }

    /**
     * This policy, telling live user tokens from revoked or invented ones with {@code liveToken}
     * on routes that do not open an index (so those answer 401 rather than 403).
     */
    public AuthPolicy withTokenCheck(java.util.function.Predicate<String> liveToken) {
        return new AuthPolicy(this, liveToken, trainingStatusOpen, allowedHosts);
    }

    /**
     * This policy, answering {@code training-status} without a key in single-key mode
     * ({@code SEALDEX_TRAINING_STATUS_OPEN}), for old SDKs that send none. It names indexes, so by
     * default it needs the key like every other route.
     */
    public AuthPolicy withTrainingStatusOpen(boolean open) {
        return new AuthPolicy(this, liveToken, open, allowedHosts);
    }

    /**
     * This policy, answering in open mode also requests whose {@code Host} is one of {@code names}
     * (the bound address and {@code SEALDEX_ALLOWED_HOSTS}) besides loopback names and IP addresses.
     */
    public AuthPolicy withAllowedHosts(java.util.Set<String> names) {
        java.util.Set<String> lower = new java.util.HashSet<>();
        names.forEach(name -> lower.add(name.toLowerCase(java.util.Locale.ROOT)));
        return new AuthPolicy(this, liveToken, trainingStatusOpen, java.util.Set.copyOf(lower));
    }

    /**
     * In open mode, refuses what a web page in a browser could send without a CORS preflight: a
     * body without {@code Content-Type} (415), and a {@code Host} that is a name other than
     * localhost or an allowed one (403), which is how DNS rebinding reaches a loopback server.
     * Other modes need {@code X-API-Key}, which no page can send cross-origin unasked.
     *
     * @param host           the {@code Host} header, or null
     * @param hasBody        whether the request carries a body
     * @param hasContentType whether it has a {@code Content-Type}
     */
    public void checkBrowserSafe(String host, boolean hasBody, boolean hasContentType) {
        if (mode != AuthMode.OPEN) {
            return;
        }
        if (host == null || !hostAllowed(host)) {
            String shown = host == null ? "" : dev.sealdex.api.http.Json.printable(host);
            throw new ApiException(403, "Host '" + shown + "' is not served with"
                    + " REQUIRE_API_KEY=false: use localhost, an IP address, or a name listed in SEALDEX_ALLOWED_HOSTS");
        }
        if (hasBody && !hasContentType) {
            throw new ApiException(415, "Content-Type must be application/json (with REQUIRE_API_KEY=false a body"
                    + " without one is refused: a web page could send it)");
        }
    }

    private boolean hostAllowed(String host) {
        String name = host.trim().toLowerCase(java.util.Locale.ROOT);
        if (name.startsWith("[")) {
            return name.indexOf(']') > 1; // an IPv6 literal, with or without a port
        }
        int colon = name.lastIndexOf(':');
        if (colon >= 0 && name.indexOf(':') == colon && name.substring(colon + 1).chars().allMatch(Character::isDigit)) {
            name = name.substring(0, colon);
        }
        if (name.isEmpty()) {
            return false;
        }
        boolean ipv4 = name.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
        return ipv4 || name.contains(":") || name.equals("localhost") || name.endsWith(".localhost")
                || allowedHosts.contains(name);
    }

    /** The mode. */
    public AuthMode mode() {
        return mode;
    }

    /**
     * The caller of a route with {@code access}, given the request's {@code X-API-Key} (null when
     * absent) and {@code bearer} ({@code Authorization: Bearer}, metrics only; null when absent).
     *
     * @throws ApiException 401 for a missing or wrong key, 403 for a valid credential that may not call the route
     */
    public Caller authenticate(RouteAccess access, String apiKey, String bearer) {
        if (access == RouteAccess.PUBLIC) {
            return Caller.ANONYMOUS;
        }
        return switch (mode) {
            case OPEN -> open(access);
            case SINGLE_KEY -> singleKey(access, access == RouteAccess.METRICS && apiKey == null ? bearer : apiKey);
            case RBAC -> rbac(access, access == RouteAccess.METRICS && apiKey == null ? bearer : apiKey);
        };
    }

    private static Caller open(RouteAccess access) {
        if (access == RouteAccess.USERS) {
            throw new ApiException(403, "User management needs RBAC: start the server with CYBORGDB_SERVICE_ROOT_KEY");
        }
        return Caller.ROOT;
    }

    private Caller singleKey(RouteAccess access, String presented) {
        if (access == RouteAccess.TRAINING_STATUS && trainingStatusOpen) {
            return Caller.ROOT;
        }
        if (!matches(presented)) {
            throw new ApiException(401, INVALID_API_KEY);
        }
        if (access == RouteAccess.USERS) {
            throw new ApiException(403, "User management needs RBAC: start the server with CYBORGDB_SERVICE_ROOT_KEY");
        }
        return Caller.ROOT;
    }

    private Caller rbac(RouteAccess access, String presented) {
        if (matches(presented)) {
            return Caller.ROOT;
        }
        if (presented != null && presented.startsWith(USER_TOKEN_PREFIX) && presented.length() > USER_TOKEN_PREFIX.length()) {
            if (access == RouteAccess.READ || access == RouteAccess.WRITE) {
                // The engine checks the token against the index it names, in constant time.
                return new Caller.User(presented);
            }
            if (liveToken != null && !liveToken.test(presented)) {
                // A revoked or invented token is no credential at all, whatever the route.
                throw new ApiException(401, INVALID_API_KEY);
            }
            if (access == RouteAccess.ANY) {
                return new Caller.User(presented);
            }
            throw new ApiException(403, "This route needs the root key; a user API key may only read or write its"
                    + " own index");
        }
        throw new ApiException(401, INVALID_API_KEY);
    }

    private boolean matches(String presented) {
        if (presented == null || keyDigest == null) {
            return false;
        }
        return MessageDigest.isEqual(keyDigest, digest(presented));
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    @Override
    public String toString() {
        return "AuthPolicy[" + mode + "]";
    }
}
