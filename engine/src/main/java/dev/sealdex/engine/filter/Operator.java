package dev.sealdex.engine.filter;

/** A field operator of the filter language ({@code API.md} §5.6), with its JSON spelling. */
public enum Operator {
    /** Equal to a scalar; on list fields, the list contains it. */
    EQ("$eq"),
    /** Field present and not equal (no element equal, on list fields). */
    NE("$ne"),
    /** Greater than a number. */
    GT("$gt"),
    /** Greater than or equal to a number. */
    GTE("$gte"),
    /** Less than a number. */
    LT("$lt"),
    /** Less than or equal to a number. */
    LTE("$lte"),
    /** Some value (some element, on list fields) is in the list. */
    IN("$in"),
    /** Field missing, or no value in the list. */
    NIN("$nin"),
    /** Field present ({@code true}) or absent ({@code false}). */
    EXISTS("$exists"),
    /** Some string value matches an RE2 pattern, unanchored. */
    REGEX("$regex"),
    /** Some string value contains a substring. */
    CONTAINS("$contains");

    private final String token;

    Operator(String token) {
        this.token = token;
    }

    /** The operator as written in JSON, such as {@code "$gte"}. */
    public String token() {
        return token;
    }

    /** The operator spelled {@code token}, or null when it is not a field operator. */
    static Operator byToken(String token) {
        for (Operator operator : values()) {
            if (operator.token.equals(token)) {
                return operator;
            }
        }
        return null;
    }
}
