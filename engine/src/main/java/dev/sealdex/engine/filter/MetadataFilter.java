package dev.sealdex.engine.filter;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A parsed, validated metadata filter ({@code API.md} §5.6): immutable and thread-safe.
 *
 * <p>{@link #parse} accepts the MongoDB subset CyborgDB serves: a top-level object is an implicit
 * AND, {@code {"field": value}} is {@code $eq}, and the operators {@code $eq $ne $gt $gte $lt $lte
 * $in $nin $exists $regex $contains $and $or $nor}. {@code $not} and {@code $type} are refused
 * with a reason, as is any unknown operator. Nested metadata is addressed by dot path
 * ({@code "loc.city"}); an object of plain keys under a field addresses nested fields too, so
 * {@code {"loc": {"city": "x"}}} means {@code {"loc.city": "x"}} (not MongoDB's whole-object
 * equality, which CyborgDB does not document; the result is a superset of it). An object mixing
 * operators and plain keys is refused, as are {@code {}} under a field, arrays as values (use
 * {@code $in} or {@code $and}) and {@code null} anywhere as an operand.
 *
 * <p>Semantics, decided where {@code API.md} is silent:
 * <ul>
 *   <li>Each field holds a set of scalar values: one for a scalar, the elements for a list, none
 *       for an empty list or an object (see {@link MetadataPaths}). {@code $eq}, {@code $in},
 *       ranges, {@code $regex} and {@code $contains} ask whether some value satisfies them, so an
 *       empty list never does. {@code $ne} and {@code $nin} ask that none does; {@code $ne} also
 *       needs the field present, {@code $nin} does not.</li>
 *   <li>Numbers compare as float64. Range operators take only numbers (refused otherwise at
 *       parse time) and are false on string and boolean values. Values of different types are
 *       never equal: {@code "20"} is not {@code 20}, {@code true} is not {@code 1}.</li>
 *   <li>{@code null} is not an operand (use {@code $exists: false}); a null in metadata is the
 *       same as an absent field.</li>
 *   <li>{@code $regex} and {@code $contains} look at string values (any element of a list); see
 *       {@link Re2Pattern} for the dialect and the matching budget.</li>
 *   <li>Lists may hold numbers and booleans as well as strings; array elements that are objects,
 *       arrays or null are ignored, and paths never index into arrays ({@code tags.0} is just a
 *       field name).</li>
 *   <li>An object value is present for {@code $exists} (and satisfies {@code $ne}/{@code $nin})
 *       but equals nothing.</li>
 * </ul>
 */
public final class MetadataFilter {

    /** Deepest nesting of JSON objects and arrays in a filter. */
    public static final int MAX_DEPTH = 32;
    /** Most values in one {@code $in}/{@code $nin} list or filters in one {@code $and}/{@code $or}/{@code $nor}. */
    public static final int MAX_OPERANDS = 4096;
    /** Most conditions (operator on a field) in one filter. */
    public static final int MAX_CONDITIONS = 4096;
    /** Longest string operand, in UTF-16 characters. */
    public static final int MAX_STRING_LENGTH = 4096;
    /** Longest field path, in characters. */
    public static final int MAX_FIELD_LENGTH = 512;
    /** Longest {@code $regex} pattern, in characters. */
    public static final int MAX_PATTERN_LENGTH = 1024;

    private static final MetadataFilter MATCH_ALL = new MetadataFilter(new FilterNode.And(List.of()), List.of());

    private final FilterNode root;
    private final List<String> fieldsByIndex;
    private final Set<String> fields;

    MetadataFilter(FilterNode root, List<String> fieldsByIndex) {
        this.root = root;
        this.fieldsByIndex = List.copyOf(fieldsByIndex);
        this.fields = Collections.unmodifiableSet(new TreeSet<>(fieldsByIndex));
    }

    /** Parses the {@code filters} of a request; null, missing or {@code {}} match everything. */
    public static MetadataFilter parse(JsonNode filter) {
        return parse(filter, "filters");
    }

    /** Parses a filter whose locations in error messages start with {@code rootName}. */
    public static MetadataFilter parse(JsonNode filter, String rootName) {
        return new FilterParser().parse(filter, rootName);
    }

    /** The filter that matches every item. */
    public static MetadataFilter matchAll() {
        return MATCH_ALL;
    }

    /** Whether this filter matches every item, so that no column needs reading. */
    public boolean isMatchAll() {
        return root instanceof FilterNode.And and && and.children().isEmpty();
    }

    /** The expression tree: an AND at the top. */
    public FilterNode root() {
        return root;
    }

    /** The field paths this filter reads, sorted: the only columns worth decrypting. */
    public Set<String> fields() {
        return fields;
    }

    /**
     * The field paths read by any of {@code operators}, sorted: for example the fields used with
     * {@code $regex} or {@code $contains}, which {@code query_metadata} allows only on pattern fields.
     */
    public Set<String> fieldsUsing(Operator... operators) {
        Set<Operator> wanted = operators.length == 0 ? Set.of() : EnumSet.copyOf(Arrays.asList(operators));
        Set<String> used = new TreeSet<>();
        collect(root, wanted, used);
        return Collections.unmodifiableSet(used);
    }

    private static void collect(FilterNode node, Set<Operator> wanted, Set<String> used) {
        switch (node) {
            case FilterNode.And and -> and.children().forEach(child -> collect(child, wanted, used));
            case FilterNode.Or or -> or.children().forEach(child -> collect(child, wanted, used));
            case FilterNode.Nor nor -> nor.children().forEach(child -> collect(child, wanted, used));
            case Condition condition -> {
                if (wanted.contains(condition.operator())) {
                    used.add(condition.field());
                }
            }
        }
    }

    /** Reference evaluation on one item's metadata object (null means no metadata). */
    public boolean matches(JsonNode metadata) {
        return matches(root, MetadataPaths.flatten(metadata));
    }

    int fieldCount() {
        return fieldsByIndex.size();
    }

    String field(int index) {
        return fieldsByIndex.get(index);
    }

    /** The tree with operand values left out (they are user data), for logs and test names. */
    @Override
    public String toString() {
        return render(root);
    }

    private static String render(FilterNode node) {
        return switch (node) {
            case FilterNode.And and -> "and(" + join(and.children()) + ")";
            case FilterNode.Or or -> "or(" + join(or.children()) + ")";
            case FilterNode.Nor nor -> "nor(" + join(nor.children()) + ")";
            case Condition condition -> condition.toString();
        };
    }

    private static String join(List<FilterNode> nodes) {
        return nodes.stream().map(MetadataFilter::render).collect(Collectors.joining(", "));
    }

    private static boolean matches(FilterNode node, Map<String, List<Object>> paths) {
        switch (node) {
            case FilterNode.And and -> {
                for (FilterNode child : and.children()) {
                    if (!matches(child, paths)) {
                        return false;
                    }
                }
                return true;
            }
            case FilterNode.Or or -> {
                for (FilterNode child : or.children()) {
                    if (matches(child, paths)) {
                        return true;
                    }
                }
                return false;
            }
            case FilterNode.Nor nor -> {
                for (FilterNode child : nor.children()) {
                    if (matches(child, paths)) {
                        return false;
                    }
                }
                return true;
            }
            case Condition condition -> {
                return matches(condition, paths.get(condition.field()));
            }
        }
    }

    /**
     * The operator semantics spelled out one by one on a field's values (null when missing). This
     * is the specification the column evaluator is tested against, so it stays deliberately plain.
     */
    private static boolean matches(Condition condition, List<Object> values) {
        boolean present = values != null;
        List<Object> operands = condition.values();
        Object operand = operands.isEmpty() ? null : operands.getFirst();
        return switch (condition.operator()) {
            case EQ -> present && anyEqual(values, operands);
            case NE -> present && !anyEqual(values, operands);
            case IN -> present && anyEqual(values, operands);
            case NIN -> !present || !anyEqual(values, operands);
            case GT, GTE, LT, LTE -> present && anyInRange(values, condition.operator(), (Double) operand);
            case EXISTS -> present == (Boolean) operand;
            case REGEX -> {
                if (present) {
                    for (Object value : values) {
                        if (value instanceof String text && condition.find(text)) {
                            yield true;
                        }
                    }
                }
                yield false;
            }
            case CONTAINS -> present && values.stream().anyMatch(v -> v instanceof String s && s.contains((String) operand));
        };
    }

    private static boolean anyEqual(List<Object> values, List<Object> operands) {
        for (Object value : values) {
            for (Object operand : operands) {
                if (sameScalar(value, operand)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean sameScalar(Object a, Object b) {
        if (a instanceof Double x && b instanceof Double y) {
            return x.doubleValue() == y.doubleValue();
        }
        return a.equals(b);
    }

    private static boolean anyInRange(List<Object> values, Operator operator, double bound) {
        for (Object value : values) {
            if (value instanceof Double number) {
                double x = number;
                boolean inRange = switch (operator) {
                    case GT -> x > bound;
                    case GTE -> x >= bound;
                    case LT -> x < bound;
                    default -> x <= bound;
                };
                if (inRange) {
                    return true;
                }
            }
        }
        return false;
    }
}
