package dev.sealdex.engine.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Without a provider every lookup is a reason, never an exception. */
class EmbeddingsTest {

    @Test
    void noProviderOnTheClassPathIsUnavailableWithAReason() {
        Embeddings.Lookup lookup = Embeddings.lookup("all-MiniLM-L6-v2");
        Embeddings.Lookup.Unavailable unavailable = assertInstanceOf(Embeddings.Lookup.Unavailable.class, lookup);
        assertTrue(unavailable.reason().contains("no embedding provider"), unavailable.reason());
        assertEquals(List.of(), Embeddings.onClassPath().models());
    }

    @Test
    void aProviderIsFoundByModelName() {
        EmbeddingModel model = new EmbeddingModel("tiny", 3, 16);
        EmbeddingProvider provider = new EmbeddingProvider() {
            @Override
            public List<EmbeddingModel> models() {
                return List.of(model);
            }

            @Override
            public List<float[]> embed(String name, List<String> texts) {
                throw new UnsupportedOperationException("not needed by the lookup");
            }
        };
        Embeddings embeddings = Embeddings.of(List.of(provider));
        Embeddings.Lookup.Available found = assertInstanceOf(Embeddings.Lookup.Available.class, embeddings.find("tiny"));
        assertSame(provider, found.provider());
        assertEquals(model, found.model());
        Embeddings.Lookup.Unavailable missing = assertInstanceOf(Embeddings.Lookup.Unavailable.class,
                embeddings.find("large"));
        assertTrue(missing.reason().contains("tiny"), missing.reason());
    }
}
