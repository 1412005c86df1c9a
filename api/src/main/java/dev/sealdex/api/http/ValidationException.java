package dev.sealdex.api.http;

import java.util.List;

/** The request body failed validation: answered 422 in FastAPI's shape with every error found. */
public final class ValidationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<FieldError> errors;

    /** A validation failure with at least one error. */
    public ValidationException(List<FieldError> errors) {
        super(errors.isEmpty() ? "invalid request" : errors.get(0).message(), null, false, false);
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a validation failure needs an error");
        }
        this.errors = List.copyOf(errors);
    }

    /** One error. */
    public static ValidationException of(FieldError error) {
        return new ValidationException(List.of(error));
    }

    /** The errors, in the order found. */
    public List<FieldError> errors() {
        return errors;
    }
}
