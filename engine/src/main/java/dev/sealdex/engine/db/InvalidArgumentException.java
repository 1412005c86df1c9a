package dev.sealdex.engine.db;

import java.util.List;

/**
 * A request the engine refuses because of what it asks for: a filter that does not parse, an id
 * that is not an id, a vector of the wrong dimension. {@link #field()} names the offending part in
 * the engine's terms ({@code ["filters"]}, {@code ["items", 3, "vector"]}, {@code ["user_id"]});
 * {@link #problem()} says whether the request as a whole is malformed or one value is invalid.
 */
public final class InvalidArgumentException extends DatabaseException {

    private static final long serialVersionUID = 1L;

    /** What is wrong with the argument. */
    public enum Problem {
        /**
         * The request is not in a form the engine can act on: a filter that does not parse, an
         * id that is not 32 hex characters, an empty set of permissions. No single value could be
         * corrected on its own; CyborgDB answers these with a plain error message.
         */
        MALFORMED,
        /**
         * The request is well formed but one value is not acceptable for this index: a vector of
         * the wrong dimension, an empty or too long name, a value the index rejects. CyborgDB
         * answers these as validation errors that point at the field.
         */
        INVALID_VALUE
    }

    /** One invalid value: where it is and what is wrong with it. */
    public record Violation(List<Object> field, String message) {

        /** Copies {@code field}. */
        public Violation {
            field = List.copyOf(field);
        }
    }

    private final Problem problem;
    private final transient List<Violation> violations;

    /** An invalid value at {@code field} (e.g. {@code ["items", 3, "vector"]}). */
    public InvalidArgumentException(List<Object> field, String message) {
        this(Problem.INVALID_VALUE, field, message);
    }

    /** An argument with {@code problem} at {@code field}, described by {@code message}. */
    public InvalidArgumentException(Problem problem, List<Object> field, String message) {
        this(problem, List.of(new Violation(field, message)));
    }

    /** Several invalid values of one request (at least one), reported together. */
    public InvalidArgumentException(List<Violation> violations) {
        this(Problem.INVALID_VALUE, violations);
    }

    private InvalidArgumentException(Problem problem, List<Violation> violations) {
        super(violations.getFirst().message());
        this.problem = problem;
        this.violations = List.copyOf(violations);
    }

    /** Whether the request is malformed or a value invalid. */
    public Problem problem() {
        return problem;
    }

    /** The path of the (first) offending field, in the engine's terms: names and item positions. */
    public List<Object> field() {
        return violations.getFirst().field();
    }

    /** Every invalid value found, the first one being {@link #field()} and the message. */
    public List<Violation> violations() {
        return violations;
    }
}
