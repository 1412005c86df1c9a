package dev.sealdex.api.http;

import java.util.Map;

/**
 * An error that goes back to the client as {@code {"status_code": N, "detail": "..."}}. The
 * detail is for the client: it names the problem and never carries a secret.
 */
public class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Map<String, String> headers;

    /** An error with an HTTP status and a client-facing detail. */
    public ApiException(int status, String detail) {
        this(status, detail, Map.of());
    }

    /** An error with an HTTP status, a client-facing detail and extra response headers. */
    public ApiException(int status, String detail, Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    /** The HTTP status code. */
    public int status() {
        return status;
    }

    /** The client-facing detail. */
    public String detail() {
        return getMessage();
    }

    /** Extra response headers, such as {@code Allow} or {@code Connection}. */
    public Map<String, String> headers() {
        return headers;
    }

    /** 400 with {@code detail}. */
    public static ApiException badRequest(String detail) {
        return new ApiException(400, detail);
    }

    /** 413: the body is larger than {@code limit} bytes; the connection is closed afterwards. */
    public static ApiException tooLarge(long limit) {
        return new ApiException(413, "Request body is larger than the limit of " + limit
                + " bytes (SEALDEX_MAX_BODY_BYTES)", Map.of("Connection", "close"));
    }
}
