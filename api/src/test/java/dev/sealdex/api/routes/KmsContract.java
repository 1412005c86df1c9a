package dev.sealdex.api.routes;

import static dev.sealdex.api.testing.Api.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealdex.api.ApiContext;
import dev.sealdex.api.auth.AuthPolicy;
import dev.sealdex.api.http.Limits;
import dev.sealdex.api.testing.Api;
import dev.sealdex.api.testing.TestApi;
import dev.sealdex.engine.db.DatabaseSettings;
import dev.sealdex.engine.db.KeyModeException;
import dev.sealdex.engine.keys.EnvKeyProvider;
import dev.sealdex.engine.keys.KeyProviders;
import io.helidon.webclient.http1.Http1Client;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * KMS-backed indexes ({@code kms_name} at create): no {@code index_key} afterwards, the exact 400
 * when one is sent anyway, and the refusals of unknown slots. The provider here is an {@code env}
 * slot named {@code test-kms}.
 */
abstract class KmsContract {

    private final Api api;

    KmsContract(Http1Client client) {
        this.api = new Api(client).withKey(TestApi.SERVICE_KEY);
    }

    static ApiContext context() {
        KeyProviders providers = KeyProviders.of(new EnvKeyProvider("test-kms", "SEALDEX_TEST_KMS_KEY",
                Map.of("SEALDEX_TEST_KMS_KEY", TestApi.key(61))));
        return TestApi.context(AuthPolicy.singleKey(TestApi.SERVICE_KEY), Limits.defaults(), DatabaseSettings.defaults(),
                providers);
    }

    @Test
    void kmsBackedIndexNeedsNoIndexKey() {
        String name = "kms_" + System.nanoTime();
        Api.Response created = api.post("/v1/indexes/create", json("index_name", name, "kms_name", "test-kms",
                "dimension", 2));
        assertEquals(200, created.status(), created.toString());
        Api.Response info = api.post("/v1/indexes/describe", json("index_name", name));
        assertEquals(200, info.status(), info.toString());
        assertEquals("test-kms", info.body().get("kms_name").asText());
        assertEquals(200, api.post("/v1/vectors/upsert", json("index_name", name, "items",
                List.of(json("id", "a", "vector", List.of(1, 2))))).status());
        Api.Response hits = api.post("/v1/vectors/query", json("index_name", name, "query_vectors", List.of(1, 2),
                "index_key", null));
        assertEquals("a", hits.body().get("results").get(0).get("id").asText(), hits.toString());

        Api.Response withKey = api.post("/v1/indexes/describe", json("index_name", name, "index_key", TestApi.key(1)));
        assertEquals(400, withKey.status());
        assertEquals(KeyModeException.KMS_BACKED, withKey.detail());
        assertEquals(400, api.post("/v1/vectors/upsert", json("index_name", name, "index_key", TestApi.key(1), "items",
                List.of(json("id", "b", "vector", List.of(1, 2))))).status());
        assertEquals(200, api.post("/v1/indexes/delete", json("index_name", name)).status());
    }

    @Test
    void unknownSlotsAreRefused() {
        Api.Response unknown = api.post("/v1/indexes/create", json("index_name", "kms_unknown", "kms_name", "nowhere"));
        assertEquals(400, unknown.status());
        assertTrue(unknown.detail().contains("nowhere"), unknown.toString());
        Api.Response both = api.post("/v1/indexes/create", json("index_name", "kms_both", "kms_name", "test-kms",
                "index_key", TestApi.key(1)));
        assertEquals(400, both.status());
        assertEquals("index_key and kms_name are mutually exclusive", both.detail());
    }
}
