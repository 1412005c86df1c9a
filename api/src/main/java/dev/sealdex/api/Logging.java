package dev.sealdex.api;

import java.lang.System.Logger.Level;

/** Applies {@code CYBORGDB_SERVICE_LOG_LEVEL} to the JUL loggers of Sealdex (Helidon stays at WARNING). */
final class Logging {

    private Logging() {
    }

    /** Sets the level of every {@code dev.sealdex} logger. */
    static void apply(Level level) {
        java.util.logging.Level jul = switch (level) {
            case DEBUG, TRACE, ALL -> java.util.logging.Level.FINE;
            case INFO -> java.util.logging.Level.INFO;
            case WARNING -> java.util.logging.Level.WARNING;
            case ERROR, OFF -> java.util.logging.Level.SEVERE;
        };
        java.util.logging.Logger.getLogger("dev.sealdex").setLevel(jul);
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        if (root.getLevel() == null || root.getLevel().intValue() > jul.intValue()) {
            root.setLevel(jul);
        }
        for (java.util.logging.Handler handler : root.getHandlers()) {
            if (handler.getLevel().intValue() > jul.intValue()) {
                handler.setLevel(jul);
            }
        }
    }
}
