package dev.sealdex.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * One entry of a FastAPI-style 422 body: {@code {"type", "loc", "msg", "input"?}}, with pydantic's
 * type names ({@code missing}, {@code string_type}, {@code int_type}, ...).
 *
 * @param type     the pydantic error type
 * @param location where: {@code ["body", "items", 3, "vector"]}
 * @param message  what is wrong, for a person
 * @param input    the offending value, or null (never a key: callers leave it out for secrets)
 */
public record FieldError(String type, List<Object> location, String message, JsonNode input) {

    /** Copies the location. */
    public FieldError {
        Objects.requireNonNull(type, "type");
        location = List.copyOf(location);
        Objects.requireNonNull(message, "message");
    }
}
