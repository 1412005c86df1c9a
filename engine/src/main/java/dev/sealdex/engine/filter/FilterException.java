package dev.sealdex.engine.filter;

import java.io.Serial;
import java.util.List;

/**
 * A metadata filter that cannot be parsed or evaluated: the caller's mistake, never a bug.
 * The message is {@code "<path>: <reason>"}, for example
 * {@code "filters.price: $gt needs a number, got string"}. Messages name shapes and types but
 * never echo filter values, which are user data that may be sensitive.
 */
public final class FilterException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    // Transient: a location of strings and integers is for building the reply, not for
    // serialization, and List is not Serializable as a declared type.
    private final transient List<Object> location;
    private final String reason;

    FilterException(List<Object> location, String reason) {
        super(render(location) + ": " + reason);
        this.location = List.copyOf(location);
        this.reason = reason;
    }

    /** Location of the problem as JSON path steps: strings for keys, integers for array indexes. */
    public List<Object> location() {
        return location == null ? List.of() : location;
    }

    /** The problem without its location. */
    public String reason() {
        return reason;
    }

    /** The location as text, such as {@code filters.$and[1].price}. */
    public String path() {
        return render(location());
    }

    static String render(List<Object> location) {
        StringBuilder text = new StringBuilder();
        for (Object step : location) {
            if (step instanceof Integer index) {
                text.append('[').append(index).append(']');
            } else {
                if (!text.isEmpty()) {
                    text.append('.');
                }
                text.append(step);
            }
        }
        return text.toString();
    }
}
