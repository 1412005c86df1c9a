package dev.sealdex.api.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealdex.api.http.ApiException;
import org.junit.jupiter.api.Test;

class AuthPolicyTest {

    private static int status(AuthPolicy policy, RouteAccess access, String key) {
        return assertThrows(ApiException.class, () -> policy.authenticate(access, key, null)).status();
    }

    @Test
    void rbac() {
        AuthPolicy policy = AuthPolicy.rbac("root-key");
        assertSame(Caller.ROOT, policy.authenticate(RouteAccess.ADMIN, "root-key", null));
        assertSame(Caller.ROOT, policy.authenticate(RouteAccess.USERS, "root-key", null));
        assertEquals(401, status(policy, RouteAccess.ADMIN, null));
        assertEquals(401, status(policy, RouteAccess.READ, "root-ke"));
        assertEquals(401, status(policy, RouteAccess.READ, "root-keyy"));
        assertEquals(401, status(policy, RouteAccess.TRAINING_STATUS, null));
        Caller user = policy.authenticate(RouteAccess.READ, "cdbk_token", null);
        assertInstanceOf(Caller.User.class, user);
        assertFalse(user.toString().contains("cdbk_token"), user.toString());
        assertEquals("cdbk_token", user.access(new byte[32]).userToken());
        for (RouteAccess access : new RouteAccess[] {RouteAccess.ADMIN, RouteAccess.USERS, RouteAccess.TRAINING_STATUS,
                RouteAccess.METRICS}) {
            assertEquals(403, status(policy, access, "cdbk_token"), access.name());
        }
        assertEquals(401, status(policy, RouteAccess.READ, "cdbk_"), "an empty token is no token");
        assertSame(Caller.ANONYMOUS, policy.authenticate(RouteAccess.PUBLIC, null, null));
        assertSame(Caller.ROOT, policy.authenticate(RouteAccess.METRICS, null, "root-key"));
        assertEquals(401, assertThrows(ApiException.class,
                () -> policy.authenticate(RouteAccess.ADMIN, null, "root-key")).status(), "bearer on metrics only");
    }

    @Test
    void singleKey() {
        AuthPolicy policy = AuthPolicy.singleKey("service");
        assertSame(Caller.ROOT, policy.authenticate(RouteAccess.ADMIN, "service", null));
        assertEquals(401, status(policy, RouteAccess.TRAINING_STATUS, null), "training-status names indexes");
        assertSame(Caller.ROOT, policy.authenticate(RouteAccess.TRAINING_STATUS, "service", null));
        AuthPolicy reopened = policy.withTrainingStatusOpen(true);
        assertSame(Caller.ROOT, reopened.authenticate(RouteAccess.TRAINING_STATUS, null, null));
        assertEquals(401, status(reopened, RouteAccess.READ, null), "only training-status is reopened");
        assertEquals(401, status(policy, RouteAccess.READ, "cdbk_x"));
        assertEquals(403, status(policy, RouteAccess.USERS, "service"));
        assertEquals(401, status(policy, RouteAccess.USERS, null));
    }

    @Test
    void open() {
        AuthPolicy policy = AuthPolicy.open();
        assertSame(Caller.ROOT, policy.authenticate(RouteAccess.ADMIN, null, null));
        assertSame(Caller.ROOT, policy.authenticate(RouteAccess.WRITE, "anything", null));
        assertEquals(403, status(policy, RouteAccess.USERS, null));
        assertThrows(IllegalArgumentException.class, () -> AuthPolicy.singleKey(""));
    }

    /** Open mode refuses what a web page could send unasked: DNS-rebinding Host names and typeless bodies. */
    @Test
    void openModeRefusesWhatABrowserCouldSend() {
        AuthPolicy policy = AuthPolicy.open().withAllowedHosts(java.util.Set.of("Sealdex.internal"));
        for (String host : new String[] {"localhost", "localhost:8000", "127.0.0.1:8000", "[::1]:8000", "10.0.0.5",
                "api.localhost", "sealdex.internal:8443", "SEALDEX.INTERNAL"}) {
            policy.checkBrowserSafe(host, true, true);
        }
        for (String host : new String[] {"evil.example", "evil.example:8000", "127.0.0.1.nip.io", "", ":8000"}) {
            ApiException refused = assertThrows(ApiException.class, () -> policy.checkBrowserSafe(host, false, false),
                    host);
            assertEquals(403, refused.status(), host);
            assertTrue(refused.detail().contains("SEALDEX_ALLOWED_HOSTS"), refused.detail());
        }
        assertEquals(403, assertThrows(ApiException.class, () -> policy.checkBrowserSafe(null, false, false)).status());
        assertEquals(415, assertThrows(ApiException.class,
                () -> policy.checkBrowserSafe("localhost:8000", true, false)).status(), "a body without a type");
        policy.checkBrowserSafe("localhost:8000", false, false);
        // With a key required, no page can send X-API-Key cross-origin without a preflight.
        AuthPolicy.singleKey("service").checkBrowserSafe("evil.example", true, false);
    }
}
