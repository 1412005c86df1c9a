package dev.sealdex.engine.filter;

/**
 * The encoded columns of one chunk, as {@link ColumnEvaluator} reads them. An implementation
 * typically opens (decrypts) the sealed column on demand; the evaluator asks for each field at
 * most once per {@link ColumnEvaluator#evaluate} call and only when a condition needs it (an AND
 * that is already false for every row stops asking).
 */
@FunctionalInterface
public interface ColumnSource {

    /** The encoded column of {@code field} in this chunk, or null when no row of the chunk has it. */
    byte[] column(String field);
}
