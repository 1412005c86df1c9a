package dev.sealdex.engine.model;

import java.util.Objects;

/**
 * One item as clients send and get it.
 *
 * @param id       the item id, 1..65535 UTF-8 bytes
 * @param vector   the vector (original, not normalised), or null when not requested/stored
 * @param metadata the metadata as compact JSON text, or null
 * @param contents the contents, verbatim, or null
 */
public record Item(String id, float[] vector, String metadata, String contents) {

    /** Checks the id. */
    public Item {
        Objects.requireNonNull(id, "id");
    }
}
