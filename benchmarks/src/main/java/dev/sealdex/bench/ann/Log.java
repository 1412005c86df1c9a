package dev.sealdex.bench.ann;

import java.io.PrintStream;

/** Progress lines on stderr, so stdout carries only the result tables. */
final class Log {

    private final PrintStream out;
    private final long started = System.nanoTime();

    /** Writes to {@code out}. */
    Log(PrintStream out) {
        this.out = out;
    }

    /** One progress line, prefixed with the seconds since the run started. */
    void info(String message) {
        out.printf(java.util.Locale.ROOT, "[%7.1fs] %s%n", (System.nanoTime() - started) / 1e9, message);
        out.flush();
    }
}
