package dev.sealdex.engine.keys;

import java.util.HexFormat;

/** No key material is stored for the index (the index is gone or its keys were lost). */
public final class IndexKeysNotFoundException extends KeyVaultException {

    private static final long serialVersionUID = 1L;

    /** Nothing is stored for {@code indexId}. */
    public IndexKeysNotFoundException(byte[] indexId) {
        super("no keys are stored for index " + HexFormat.of().formatHex(indexId));
    }
}
