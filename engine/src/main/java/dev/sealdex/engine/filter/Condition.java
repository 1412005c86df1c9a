package dev.sealdex.engine.filter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One operator applied to one field path, such as {@code rank $gte 20}. Operand values are
 * normalized: numbers are {@link Double} (int 20 and float 20.0 are the same value, {@code -0.0}
 * is {@code 0.0}), strings {@link String}, booleans {@link Boolean}.
 *
 * <p>Besides the public view, a condition carries what evaluation needs precomputed: the operand
 * strings as sorted UTF-8 and the numbers sorted (merged with the sorted column dictionaries
 * without decoding them), the range bound, and the compiled pattern.
 */
public final class Condition implements FilterNode {

    private final String field;
    private final int fieldIndex;
    private final Operator operator;
    private final List<Object> values;
    private final List<Object> location;

    // Membership operands ($eq, $ne, $in, $nin), sorted and unique in column dictionary order.
    private final byte[][] utf8Members;
    private final double[] numberMembers;
    private final boolean trueMember;
    private final boolean falseMember;
    // $gt/$gte/$lt/$lte bound, $contains needle, $regex pattern.
    private final double bound;
    private final String needle;
    private final Re2Pattern pattern;

    Condition(String field, int fieldIndex, Operator operator, List<Object> values, List<Object> location,
            Re2Pattern pattern) {
        this.field = field;
        this.fieldIndex = fieldIndex;
        this.operator = operator;
        this.values = List.copyOf(values);
        this.location = List.copyOf(location);
        this.pattern = pattern;
        List<byte[]> strings = new ArrayList<>();
        List<Double> numbers = new ArrayList<>();
        boolean sawTrue = false;
        boolean sawFalse = false;
        if (isMembership(operator)) {
            for (Object value : values) {
                switch (value) {
                    case String s -> strings.add(s.getBytes(StandardCharsets.UTF_8));
                    case Double d -> numbers.add(d);
                    case Boolean b -> {
                        sawTrue |= b;
                        sawFalse |= !b;
                    }
                    default -> throw new IllegalArgumentException("not a scalar: " + value.getClass());
                }
            }
        }
        this.utf8Members = strings.stream().sorted(Arrays::compareUnsigned).distinct().toArray(byte[][]::new);
        this.numberMembers = numbers.stream().mapToDouble(Double::doubleValue).sorted().distinct().toArray();
        this.trueMember = sawTrue;
        this.falseMember = sawFalse;
        this.bound = values.size() == 1 && values.getFirst() instanceof Double d ? d : Double.NaN;
        this.needle = operator == Operator.CONTAINS ? (String) values.getFirst() : null;
    }

    /** The dot path of the field this condition reads, such as {@code loc.city}. */
    public String field() {
        return field;
    }

    /** The operator. */
    public Operator operator() {
        return operator;
    }

    /**
     * The normalized operands: one scalar for {@code $eq}/{@code $ne}, the list for
     * {@code $in}/{@code $nin}, one Double for ranges, one Boolean for {@code $exists}, one String
     * (pattern or substring) for {@code $regex}/{@code $contains}.
     */
    public List<Object> values() {
        return values;
    }

    /** Reads as {@code field $op <type>}; operand values are left out because they are user data. */
    @Override
    public String toString() {
        return field + " " + operator.token() + " <" + describeOperands() + ">";
    }

    int fieldIndex() {
        return fieldIndex;
    }

    /**
     * Whether a row's result is the negation of "some value satisfies the element predicate":
     * {@code $ne}, {@code $nin} and {@code $exists: true} (whose predicate is never true).
     */
    boolean negated() {
        return switch (operator) {
            case NE, NIN -> true;
            case EXISTS -> (Boolean) values.getFirst();
            default -> false;
        };
    }

    /** The result for a row where the field is missing. */
    boolean missingResult() {
        return switch (operator) {
            case NIN -> true;
            case EXISTS -> !(Boolean) values.getFirst();
            default -> false;
        };
    }

    /** Membership strings as UTF-8, sorted unsigned and distinct: the order of column dictionaries. */
    byte[][] utf8Members() {
        return utf8Members;
    }

    /** Membership numbers, ascending and distinct: the order of column dictionaries. */
    double[] numberMembers() {
        return numberMembers;
    }

    /** The bound of a range operator ($gt, $gte, $lt, $lte). */
    double bound() {
        return bound;
    }

    /** Whether a stored boolean is among the membership operands (the column path). */
    boolean matchesBoolean(boolean value) {
        return isMembership(operator) && (value ? trueMember : falseMember);
    }

    /** Whether a stored UTF-8 string satisfies $regex or $contains (the column path). */
    boolean matchesText(byte[] buf, int offset, int length) {
        String text = new String(buf, offset, length, StandardCharsets.UTF_8);
        return operator == Operator.REGEX ? find(text) : text.contains(needle);
    }

    /** Whether the pattern occurs in {@code text}; a match over budget fails the query. */
    boolean find(String text) {
        try {
            return pattern.find(text);
        } catch (Re2Pattern.TooExpensive e) {
            throw new FilterException(location, "$regex is too expensive on a stored value of " + text.length()
                    + " characters (this matcher backtracks; RE2 would not); simplify the pattern");
        }
    }

    private String describeOperands() {
        return switch (operator) {
            case IN, NIN -> values.size() + " values";
            case REGEX -> "pattern";
            default -> typeName(values.getFirst());
        };
    }

    static boolean isMembership(Operator operator) {
        return operator == Operator.EQ || operator == Operator.NE || operator == Operator.IN
                || operator == Operator.NIN;
    }

    static String typeName(Object value) {
        return switch (value) {
            case String _ -> "string";
            case Double _ -> "number";
            case Boolean _ -> "boolean";
            default -> value.getClass().getSimpleName();
        };
    }
}
