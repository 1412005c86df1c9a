package dev.sealdex.engine.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** An ordered list of puts and deletes that a {@link Store} applies atomically. */
public final class WriteBatch {

    /** One operation of a batch. */
    public sealed interface Op {
        /** The namespace the operation applies to. */
        String namespace();
    }

    /** Sets {@code key} to {@code value}. */
    public record Put(String namespace, byte[] key, byte[] value) implements Op {
    }

    /** Removes {@code key} if present. */
    public record Delete(String namespace, byte[] key) implements Op {
    }

    /** Removes every key that starts with {@code prefix} (all of the namespace when empty). */
    public record DeletePrefix(String namespace, byte[] prefix) implements Op {
    }

    private final List<Op> ops = new ArrayList<>();

    /** Adds a put; the arrays must not be changed afterwards. */
    public WriteBatch put(String namespace, byte[] key, byte[] value) {
        ops.add(new Put(checkNamespace(namespace), Objects.requireNonNull(key), Objects.requireNonNull(value)));
        return this;
    }

    /** Adds a delete. */
    public WriteBatch delete(String namespace, byte[] key) {
        ops.add(new Delete(checkNamespace(namespace), Objects.requireNonNull(key)));
        return this;
    }

    /** Adds a prefix delete. */
    public WriteBatch deletePrefix(String namespace, byte[] prefix) {
        ops.add(new DeletePrefix(checkNamespace(namespace), Objects.requireNonNull(prefix)));
        return this;
    }

    /** The operations in order. */
    public List<Op> ops() {
        return Collections.unmodifiableList(ops);
    }

    /** Whether the batch has no operations. */
    public boolean isEmpty() {
        return ops.isEmpty();
    }

    /** Number of operations. */
    public int size() {
        return ops.size();
    }

    private static String checkNamespace(String namespace) {
        if (namespace == null || namespace.isEmpty() || namespace.length() > 255) {
            throw new IllegalArgumentException("namespace must be 1..255 characters");
        }
        return namespace;
    }
}
