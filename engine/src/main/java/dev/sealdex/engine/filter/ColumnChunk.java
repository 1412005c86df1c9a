package dev.sealdex.engine.filter;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The metadata of one chunk of rows (row ordinals {@code 0..capacity-1} relative to the chunk's
 * base), decoded and mutable: the engine decodes a chunk's columns, patches rows on upsert and
 * delete, and re-encodes. One column per field path; the byte format is {@link ColumnFormat}'s.
 *
 * <p>{@link #setRow} flattens metadata as {@link MetadataPaths} describes: nested objects become
 * dot paths, numbers float64, lists of strings (numbers and booleans too) are multi-valued, null
 * is absent, and an empty list or object is present without values. Not thread-safe.
 *
 * <p>Everything here, and the encoded bytes, is plaintext metadata: keep a chunk only as long as
 * an update takes, and wipe the arrays {@link #encodeColumns} returns once they are sealed (they
 * are fresh copies; the chunk keeps no reference to them).
 */
public final class ColumnChunk {

    /** Largest chunk capacity; the engine uses up to 4096 rows. */
    public static final int MAX_CAPACITY = 1 << 16;

    private final int capacity;
    private final Map<String, Column> columns = new TreeMap<>();

    /** An empty chunk of {@code capacity} rows, all without metadata. */
    public ColumnChunk(int capacity) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity must be 1.." + MAX_CAPACITY + ", got " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Decodes the columns of a chunk (field path to encoded bytes). To patch rows and re-encode,
     * pass every column of the chunk: a column left out is treated as absent and would be lost.
     */
    public static ColumnChunk decode(int capacity, Map<String, byte[]> columns) {
        ColumnChunk chunk = new ColumnChunk(capacity);
        for (Map.Entry<String, byte[]> column : columns.entrySet()) {
            Object[] cells = ColumnFormat.decode(Objects.requireNonNull(column.getValue(), column.getKey()), capacity,
                    column.getKey());
            int present = 0;
            for (Object cell : cells) {
                present += cell == null ? 0 : 1;
            }
            if (present > 0) {
                chunk.columns.put(column.getKey(), new Column(cells, present));
            }
        }
        return chunk;
    }

    /** The number of rows this chunk holds. */
    public int capacity() {
        return capacity;
    }

    /**
     * Replaces row {@code row}'s metadata; null, JSON null or {@code {}} leave the row without
     * metadata. Throws IllegalArgumentException, leaving the row unchanged, for metadata that is
     * not an object or is nested deeper than 64 levels (validate upserts before they get here).
     */
    public void setRow(int row, JsonNode metadata) {
        Objects.checkIndex(row, capacity);
        // Flatten first: metadata that is refused leaves the row as it was.
        Map<String, List<Object>> paths = MetadataPaths.flatten(metadata);
        clearRow(row);
        for (Map.Entry<String, List<Object>> path : paths.entrySet()) {
            Column column = columns.computeIfAbsent(path.getKey(), p -> new Column(new Object[capacity], 0));
            column.cells[row] = path.getValue().toArray();
            column.present++;
        }
    }

    /** Removes row {@code row}'s metadata (a delete). */
    public void clearRow(int row) {
        Objects.checkIndex(row, capacity);
        Iterator<Column> iterator = columns.values().iterator();
        while (iterator.hasNext()) {
            Column column = iterator.next();
            if (column.cells[row] != null) {
                column.cells[row] = null;
                // Drop columns no row has any more, so deleted fields do not linger as empty columns.
                if (--column.present == 0) {
                    iterator.remove();
                }
            }
        }
    }

    /** Whether row {@code row} has any metadata field. */
    public boolean hasMetadata(int row) {
        Objects.checkIndex(row, capacity);
        for (Column column : columns.values()) {
            if (column.cells[row] != null) {
                return true;
            }
        }
        return false;
    }

    /** The field paths some row of this chunk has, sorted. */
    public Set<String> fields() {
        return Collections.unmodifiableSet(columns.keySet());
    }

    /**
     * Field path to encoded column, sorted by path, one entry per field some row has. A field
     * missing from the map is absent from every row: the engine drops its sealed column.
     */
    public Map<String, byte[]> encodeColumns() {
        Map<String, byte[]> encoded = new TreeMap<>();
        for (Map.Entry<String, Column> column : columns.entrySet()) {
            encoded.put(column.getKey(), ColumnFormat.encode(column.getValue().cells));
        }
        return encoded;
    }

    /** The encoded column of {@code field}, or null when no row has it. */
    public byte[] encodeColumn(String field) {
        Column column = columns.get(field);
        return column == null ? null : ColumnFormat.encode(column.cells);
    }

    /** One field's cells (null = missing, else the row's values) and how many rows have it. */
    private static final class Column {
        final Object[] cells;
        int present;

        Column(Object[] cells, int present) {
            this.cells = cells;
            this.present = present;
        }
    }
}
