package dev.sealdex.engine.kernel;

/** A forced or required kernel backend could not be used; start-up stops with this message. */
public final class KernelSelectionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Builds the exception with one sentence for the operator. */
    public KernelSelectionException(String message) {
        super(message);
    }
}
