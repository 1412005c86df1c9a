package dev.sealdex.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads typed fields out of a JSON object the way pydantic does for FastAPI: unknown fields are
 * ignored, {@code null} counts as absent, and every problem is collected as a {@link FieldError}
 * with its location, so one 422 can name them all. Call {@link #check()} before using the values.
 */
public final class BodyReader {

    private final JsonNode node;
    private final List<Object> location;
    private final List<FieldError> errors;

    private BodyReader(JsonNode node, List<Object> location, List<FieldError> errors) {
        this.node = node;
        this.location = List.copyOf(location);
        this.errors = errors;
    }

    /**
     * A reader over a whole request body.
     *
     * @throws ValidationException when the body is missing or not a JSON object
     */
    public static BodyReader body(JsonNode body) {
        if (body == null || body.isMissingNode()) {
            throw ValidationException.of(new FieldError("missing", List.of("body"), "Field required", null));
        }
        if (!body.isObject()) {
            throw ValidationException.of(new FieldError("model_attributes_type", List.of("body"),
                    "Input should be a valid dictionary or object to extract fields from", summary(body)));
        }
        return new BodyReader(body, List.of("body"), new ArrayList<>());
    }

    /** The location of {@code name} (and further steps) under this reader. */
    public List<Object> at(Object... steps) {
        List<Object> loc = new ArrayList<>(location);
        Collections.addAll(loc, steps);
        return loc;
    }

    /** Records an error. */
    public void error(String type, List<Object> loc, String message, JsonNode input) {
        errors.add(new FieldError(type, loc, message, input));
    }

    /** Whether any error was recorded so far (by this reader or its children). */
    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** How many errors were recorded so far. */
    public int errorCount() {
        return errors.size();
    }

    /** Throws the collected errors, if any. */
    public void check() {
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    /** The raw value of {@code name}, or null when absent or JSON null. */
    public JsonNode value(String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    /** Whether {@code name} is present and not null. */
    public boolean has(String name) {
        return value(name) != null;
    }

    /** A required string. */
    public String requiredString(String name) {
        JsonNode value = value(name);
        if (value == null) {
            error("missing", at(name), "Field required", null);
            return null;
        }
        return string(value, at(name), true);
    }

    /** An optional string, or null. */
    public String optionalString(String name) {
        JsonNode value = value(name);
        return value == null ? null : string(value, at(name), true);
    }

    /** An optional string whose value must not be echoed in errors (a key), or null. */
    public String optionalSecret(String name) {
        JsonNode value = value(name);
        return value == null ? null : string(value, at(name), false);
    }

    /** A string value at {@code loc}, or null (and an error) when it is not a string. */
    public String string(JsonNode value, List<Object> loc, boolean echo) {
        if (!value.isTextual()) {
            error("string_type", loc, "Input should be a valid string", echo ? summary(value) : null);
            return null;
        }
        return value.textValue();
    }

    /** An optional integer in {@code [min, max]}, or {@code fallback} when absent. */
    public Integer integer(String name, Integer fallback, long min, long max) {
        JsonNode value = value(name);
        if (value == null) {
            return fallback;
        }
        return integer(value, at(name), min, max);
    }

    /** An integer in {@code [min, max]} (within int range) at {@code loc}, or null (and an error). */
    public Integer integer(JsonNode value, List<Object> loc, long min, long max) {
        if (!value.isNumber()) {
            error("int_type", loc, "Input should be a valid integer", summary(value));
            return null;
        }
        double d = value.doubleValue();
        if (!value.isIntegralNumber() && (!Double.isFinite(d) || d != Math.rint(d))) {
            error("int_from_float", loc, "Input should be a valid integer, got a number with a fractional part",
                    summary(value));
            return null;
        }
        if (d < min) {
            error("greater_than_equal", loc, "Input should be greater than or equal to " + min, summary(value));
            return null;
        }
        if (d > max) {
            error("less_than_equal", loc, "Input should be less than or equal to " + max, summary(value));
            return null;
        }
        return (int) value.longValue();
    }

    /** An optional finite number in {@code [min, max]}, or {@code fallback} when absent. */
    public Double number(String name, Double fallback, double min, double max) {
        JsonNode value = value(name);
        if (value == null) {
            return fallback;
        }
        if (!value.isNumber()) {
            error("float_type", at(name), "Input should be a valid number", summary(value));
            return null;
        }
        double d = value.doubleValue();
        if (!Double.isFinite(d)) {
            error("finite_number", at(name), "Input should be a finite number", summary(value));
            return null;
        }
        if (d < min) {
            error("greater_than_equal", at(name), "Input should be greater than or equal to " + min, summary(value));
            return null;
        }
        if (d > max) {
            error("less_than_equal", at(name), "Input should be less than or equal to " + max, summary(value));
            return null;
        }
        return d;
    }

    /** An optional boolean, or {@code fallback} when absent. */
    public boolean bool(String name, boolean fallback) {
        JsonNode value = value(name);
        if (value == null) {
            return fallback;
        }
        if (!value.isBoolean()) {
            error("bool_type", at(name), "Input should be a valid boolean", summary(value));
            return fallback;
        }
        return value.booleanValue();
    }

    /** An optional JSON object, or null when absent (an error when it is not an object). */
    public ObjectNode object(String name) {
        JsonNode value = value(name);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            error("dict_type", at(name), "Input should be a valid dictionary", summary(value));
            return null;
        }
        return (ObjectNode) value;
    }

    /** A reader over the object in {@code name}, or null when absent or not an object (an error then). */
    public BodyReader child(String name, boolean required) {
        JsonNode value = value(name);
        if (value == null) {
            if (required) {
                error("missing", at(name), "Field required", null);
            }
            return null;
        }
        if (!value.isObject()) {
            error("model_attributes_type", at(name),
                    "Input should be a valid dictionary or object to extract fields from", summary(value));
            return null;
        }
        return new BodyReader(value, at(name), errors);
    }

    /** A reader over {@code value}, an element at {@code loc}; null (and an error) when not an object. */
    public BodyReader element(JsonNode value, List<Object> loc) {
        if (value == null || !value.isObject()) {
            error("model_attributes_type", loc, "Input should be a valid dictionary or object to extract fields from",
                    summary(value));
            return null;
        }
        return new BodyReader(value, loc, errors);
    }

    /**
     * A list of strings, each at most {@code maxItemBytes} UTF-8 bytes, at most {@code maxSize}
     * long; null when absent ({@code required}: an error) or invalid.
     */
    public List<String> strings(String name, boolean required, int maxSize, int maxItemBytes) {
        JsonNode value = value(name);
        if (value == null) {
            if (required) {
                error("missing", at(name), "Field required", null);
            }
            return null;
        }
        if (!value.isArray()) {
            error("list_type", at(name), "Input should be a valid list", summary(value));
            return null;
        }
        if (value.size() > maxSize) {
            error("too_long", at(name), "List should have at most " + maxSize + " items after validation, not "
                    + value.size(), null);
            return null;
        }
        List<String> out = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            String s = string(value.get(i), at(name, i), true);
            if (s != null && s.getBytes(StandardCharsets.UTF_8).length > maxItemBytes) {
                error("string_too_long", at(name, i), "String should have at most " + maxItemBytes + " bytes", null);
            }
            out.add(s);
        }
        return out;
    }

    /** An array of finite float32 numbers at {@code loc}, or null (and an error). */
    public float[] floats(JsonNode value, List<Object> loc, int maxLength) {
        if (!value.isArray()) {
            error("list_type", loc, "Input should be a valid list", summary(value));
            return null;
        }
        if (value.size() > maxLength) {
            error("too_long", loc, "List should have at most " + maxLength + " items after validation, not "
                    + value.size(), null);
            return null;
        }
        float[] out = new float[value.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode component = value.get(i);
            if (!component.isNumber()) {
                error("float_type", listLoc(loc, i), "Input should be a valid number", summary(component));
                return null;
            }
            float f = component.floatValue();
            if (!Float.isFinite(f)) {
                error("finite_number", listLoc(loc, i), "Input should be a finite number (float32)", summary(component));
                return null;
            }
            out[i] = f;
        }
        return out;
    }

    private static List<Object> listLoc(List<Object> loc, int index) {
        List<Object> out = new ArrayList<>(loc);
        out.add(index);
        return out;
    }

    /** A short stand-in for an offending value: scalars as they are, long strings cut, containers elided. */
    public static JsonNode summary(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isTextual() && value.textValue().length() > 100) {
            return TextNode.valueOf(value.textValue().substring(0, 100) + "...");
        }
        if (value.isContainerNode()) {
            return TextNode.valueOf(value.isArray() ? "[...]" : "{...}");
        }
        return value;
    }
}
