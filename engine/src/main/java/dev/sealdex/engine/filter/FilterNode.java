package dev.sealdex.engine.filter;

import java.util.List;

/**
 * A node of a parsed, validated filter: a combinator over child nodes or a {@link Condition} on
 * one field. Immutable; the tree is what {@link MetadataFilter#root()} returns, for callers that
 * must inspect a filter (for example to refuse {@code $regex} on a field that is not a pattern
 * field).
 */
public sealed interface FilterNode permits FilterNode.And, FilterNode.Or, FilterNode.Nor, Condition {

    /** All children match; no children means true. */
    record And(List<FilterNode> children) implements FilterNode {
        /** An AND over a copy of {@code children}. */
        public And {
            children = List.copyOf(children);
        }
    }

    /** Some child matches; no children means false. */
    record Or(List<FilterNode> children) implements FilterNode {
        /** An OR over a copy of {@code children}. */
        public Or {
            children = List.copyOf(children);
        }
    }

    /** No child matches; no children means true. */
    record Nor(List<FilterNode> children) implements FilterNode {
        /** A NOR over a copy of {@code children}. */
        public Nor {
            children = List.copyOf(children);
        }
    }
}
