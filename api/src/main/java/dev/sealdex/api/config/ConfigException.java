package dev.sealdex.api.config;

/** Configuration that cannot work: start-up stops with this one-sentence message. */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A configuration error described by {@code message}. */
    public ConfigException(String message) {
        super(message);
    }

    /** A configuration error with its cause. */
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
