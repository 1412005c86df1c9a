package dev.sealdex.bench.ann;

/** A data set, store or tool the run needs is missing; the message says how to get it, in one sentence. */
final class MissingPrerequisiteException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** With a message that names what is missing and how to install it. */
    MissingPrerequisiteException(String message) {
        super(message);
    }
}
