package dev.sealdex.bench.gpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The device check's results: one row per check or measurement, rendered as the short text table
 * the script prints at the end and kept for the JSON file. Only {@link Status#FAIL} fails the run;
 * a {@link Status#MISS} is a performance target not reached, which is a measurement, not a failure.
 */
final class CheckTable {

    /** A row's outcome. */
    enum Status {
        /** A correctness check passed, or a performance target was reached. */
        PASS,
        /** A correctness check failed: the run exits non-zero. */
        FAIL,
        /** A performance target was not reached (reported, not a failure). */
        MISS,
        /** Not run, with the reason in the result column. */
        SKIP,
        /** A measurement without a target. */
        INFO
    }

    /**
     * One row.
     *
     * @param check  what was checked or measured
     * @param result what came out
     * @param target what it is held against, or empty
     * @param status the outcome
     */
    record Row(String check, String result, String target, Status status) {
    }

    private static final String[] HEADER = {"check", "result", "target", "status"};

    private final List<Row> rows = new ArrayList<>();

    /** Adds a row. */
    synchronized void add(String check, String result, String target, Status status) {
        rows.add(new Row(check, result, target, status));
    }

    /** The rows so far. */
    synchronized List<Row> rows() {
        return List.copyOf(rows);
    }

    /** Whether any row failed. */
    synchronized boolean failed() {
        return rows.stream().anyMatch(row -> row.status() == Status.FAIL);
    }

    /** One line: {@code PASSED}, or {@code FAILED} with the count, plus the targets missed. */
    synchronized String verdict() {
        long failures = rows.stream().filter(row -> row.status() == Status.FAIL).count();
        long misses = rows.stream().filter(row -> row.status() == Status.MISS).count();
        String outcome = failures == 0 ? "PASSED" : String.format(Locale.ROOT, "FAILED (%d check%s failed)", failures,
                failures == 1 ? "" : "s");
        return misses == 0 ? outcome : outcome + String.format(Locale.ROOT, "; %d performance target%s missed", misses,
                misses == 1 ? "" : "s");
    }

    /** The table under {@code title}, columns padded to their widest cell, then the verdict. */
    synchronized String render(String title) {
        int[] widths = new int[HEADER.length];
        List<String[]> cells = new ArrayList<>();
        cells.add(HEADER);
        for (Row row : rows) {
            cells.add(new String[] {row.check(), row.result(), row.target(), row.status().name()});
        }
        for (String[] line : cells) {
            for (int c = 0; c < line.length; c++) {
                widths[c] = Math.max(widths[c], line[c].length());
            }
        }
        StringBuilder out = new StringBuilder(title).append('\n');
        for (int i = 0; i < cells.size(); i++) {
            String[] line = cells.get(i);
            for (int c = 0; c < line.length; c++) {
                out.append(c == 0 ? "" : " | ").append(c == line.length - 1 ? line[c] : pad(line[c], widths[c]));
            }
            out.append('\n');
            if (i == 0) {
                for (int c = 0; c < widths.length; c++) {
                    out.append(c == 0 ? "" : "-+-").append("-".repeat(widths[c]));
                }
                out.append('\n');
            }
        }
        return out.append(verdict()).append('\n').toString();
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }
}
