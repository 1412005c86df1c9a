package dev.sealdex.engine.index;

import dev.sealdex.engine.ivf.Layout;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sealdex.engine.crypto.BlockCipher;
import dev.sealdex.engine.crypto.IntegrityException;
import dev.sealdex.engine.crypto.ObjectKind;
import dev.sealdex.engine.model.IndexConfig;
import dev.sealdex.engine.model.IndexKind;
import dev.sealdex.engine.model.Metric;
import dev.sealdex.engine.model.StoragePrecision;
import java.io.IOException;

/**
 * The sealed manifest of an index: its configuration and the current layout's shape. Written
 * whenever either changes; sealed as {@code MANIFEST} (object 0) under the metadata key. The
 * plaintext is a JSON object with the record's fields plus {@code "format": 1}.
 *
 * @param format        manifest format version, 1
 * @param dimension     vector length (0 until the first upsert)
 * @param metric        wire name of the metric
 * @param kind          the index kind's legacy name
 * @param precision     wire name of the storage precision
 * @param pqDim         PQ sub-quantizers, or 0
 * @param pqBits        PQ bits, or 0
 * @param sqBits        SQ bits, or 0
 * @param legacy        created through a {@code <=0.16} request
 * @param epoch         current layout epoch (0 = untrained)
 * @param listCount     lists in the current layout
 * @param codeKind      stage-1 code kind of the current layout
 * @param defaultProbes probes an automatic query uses
 */
record IndexState(int format, int dimension, String metric, String kind, String precision, int pqDim, int pqBits,
                  int sqBits, boolean legacy, int epoch, int listCount, int codeKind, int defaultProbes) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static IndexState of(IndexConfig config, Layout layout, byte codeKind) {
        return new IndexState(1, config.dimension(), config.metric().wireName(), config.kind().legacyName(),
                config.precision().wireName(), config.pqDim(), config.pqBits(), config.sqBits(), config.legacy(),
                layout == null ? 0 : layout.epoch(), layout == null ? 1 : layout.listCount(), codeKind,
                layout == null ? 1 : layout.defaultProbes());
    }

    IndexConfig config() {
        return new IndexConfig(dimension, Metric.parse(metric), IndexKind.parseLegacy(kind),
                StoragePrecision.parse(precision), pqDim, pqBits, sqBits, legacy);
    }

    byte[] seal(BlockCipher cipher) {
        try {
            return cipher.seal(ObjectKind.MANIFEST, 0, JSON.writeValueAsBytes(this));
        } catch (IOException e) {
            throw new IllegalStateException("manifest does not serialise", e);
        }
    }

    static IndexState open(BlockCipher cipher, byte[] sealed) {
        byte[] plain = cipher.open(ObjectKind.MANIFEST, 0, sealed);
        try {
            IndexState state = JSON.readValue(plain, IndexState.class);
            if (state.format() != 1) {
                throw new IntegrityException("index manifest format " + state.format() + " is not supported");
            }
            return state;
        } catch (IOException e) {
            throw new IntegrityException("index manifest is malformed", e);
        }
    }
}
