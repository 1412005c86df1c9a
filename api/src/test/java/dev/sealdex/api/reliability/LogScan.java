package dev.sealdex.api.reliability;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** Looks for secrets (keys, tokens) in a server's log output. */
final class LogScan {

    private LogScan() {
    }

    /**
     * Asserts that no line of {@code log} contains any of {@code secrets} (compared without case,
     * so a hex key in capitals is found too); secrets shorter than 16 characters are too common to
     * look for and are skipped.
     */
    static void assertNoSecrets(String log, Collection<String> secrets) {
        String lower = log.toLowerCase(Locale.ROOT);
        List<String> found = new ArrayList<>();
        for (String secret : secrets) {
            if (secret.length() < 16) {
                continue;
            }
            int at = lower.indexOf(secret.toLowerCase(Locale.ROOT));
            if (at >= 0) {
                int start = log.lastIndexOf('\n', at) + 1;
                int end = log.indexOf('\n', at);
                found.add(log.substring(start, end < 0 ? log.length() : end));
            }
        }
        if (!found.isEmpty()) {
            throw new AssertionError(found.size() + " log lines hold a key or token, e.g.:\n"
                    + String.join("\n", found.subList(0, Math.min(5, found.size()))));
        }
        if (log.isEmpty()) {
            throw new AssertionError("the server log is empty: nothing was scanned");
        }
    }
}
