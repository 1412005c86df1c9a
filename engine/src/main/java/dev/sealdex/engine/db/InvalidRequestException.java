package dev.sealdex.engine.db;

import java.util.List;

/**
 * The request is well-formed JSON but asks for something invalid: a vector of the wrong
 * dimension, a bad filter, an impossible parameter (HTTP 422 by default, as CyborgDB 0.17 does
 * for dimension mismatches; 400 where the API says so).
 */
public final class InvalidRequestException extends DatabaseException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient List<Object> location;

    /** A 422 about the field at {@code location} (e.g. {@code ["body", "items", 3, "vector"]}). */
    public InvalidRequestException(List<Object> location, String message) {
        this(422, location, message);
    }

    /** An error with an explicit status (400 or 422). */
    public InvalidRequestException(int status, List<Object> location, String message) {
        super(message);
        this.status = status;
        this.location = List.copyOf(location);
    }

    /** 400 or 422. */
    public int status() {
        return status;
    }

    /** The FastAPI-style location of the offending field. */
    public List<Object> location() {
        return location;
    }
}
