package dev.sealdex.api.routes;

/**
 * An error that goes back to the client as {@code {"status_code": N, "detail": "..."}}. The
 * detail is for the client: it names the problem and never carries a secret.
 */
public class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    /** An error with an HTTP status and a client-facing detail. */
    public ApiException(int status, String detail) {
        super(detail);
        this.status = status;
    }

    /** The HTTP status code. */
    public int status() {
        return status;
    }

    /** The client-facing detail. */
    public String detail() {
        return getMessage();
    }
}
