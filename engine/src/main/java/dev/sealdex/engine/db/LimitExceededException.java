package dev.sealdex.engine.db;

import java.util.List;

/**
 * A request that would cost more than the engine allows for one request, e.g. a {@code $regex}
 * filter that exceeded its matching budget on the stored values. Trying again as it is will fail
 * the same way; a narrower request may succeed.
 */
public final class LimitExceededException extends DatabaseException {

    private static final long serialVersionUID = 1L;

    private final transient List<Object> field;

    /** A limit exceeded by the part of the request at {@code field}, described by {@code message}. */
    public LimitExceededException(List<Object> field, String message) {
        super(message);
        this.field = List.copyOf(field);
    }

    /** The path of the part of the request that went over the limit, in the engine's terms. */
    public List<Object> field() {
        return field;
    }
}
