package dev.sealdex.engine.filter;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * Checks RE2 syntax and writes the equivalent {@link java.util.regex} pattern, in one pass over
 * the source: see {@link Re2Pattern} for what is refused and what is translated. Errors are
 * IllegalArgumentExceptions whose message starts with "invalid pattern: " and never repeats the
 * pattern (it is user data).
 */
final class Re2Translator {

    /** Largest repeat count RE2 accepts in {@code {n,m}}. */
    static final int MAX_REPEAT = 1000;

    // RE2's ASCII POSIX classes ([[:alpha:]]) and Java's names for the same sets.
    private static final Map<String, String> POSIX_CLASSES = Map.ofEntries(
            Map.entry("alnum", "Alnum"), Map.entry("alpha", "Alpha"), Map.entry("ascii", "ASCII"),
            Map.entry("blank", "Blank"), Map.entry("cntrl", "Cntrl"), Map.entry("digit", "Digit"),
            Map.entry("graph", "Graph"), Map.entry("lower", "Lower"), Map.entry("print", "Print"),
            Map.entry("punct", "Punct"), Map.entry("space", "Space"), Map.entry("upper", "Upper"),
            Map.entry("xdigit", "XDigit"));

    private final String re;
    private final int n;
    private final StringBuilder out;
    // Multiline flag of each open group's enclosing scope, restored at its ')'.
    private final Deque<Boolean> scopes = new ArrayDeque<>();
    private boolean multiline;
    private boolean canRepeat;
    private boolean afterRepeat;

    Re2Translator(String re) {
        this.re = re;
        this.n = re.length();
        this.out = new StringBuilder(n + 16);
    }

    String translate() {
        int i = 0;
        while (i < n) {
            char c = re.charAt(i);
            switch (c) {
                case '\\' -> i = escape(i, false);
                case '[' -> i = charClass(i);
                case '(' -> i = group(i);
                case ')' -> {
                    if (scopes.isEmpty()) {
                        throw bad("unexpected )");
                    }
                    multiline = scopes.pop();
                    out.append(')');
                    atom();
                    i++;
                }
                case '*', '+', '?' -> i = repeat(i, String.valueOf(c));
                case '{' -> i = brace(i);
                case '$' -> {
                    out.append(multiline ? "$" : "\\z");
                    atom();
                    i++;
                }
                case '|' -> {
                    out.append('|');
                    boundary();
                    i++;
                }
                default -> {
                    out.append(c);
                    atom();
                    i++;
                    if (Character.isHighSurrogate(c) && i < n && Character.isLowSurrogate(re.charAt(i))) {
                        out.append(re.charAt(i++));
                    }
                }
            }
        }
        if (!scopes.isEmpty()) {
            throw bad("missing )");
        }
        return out.toString();
    }

    private void atom() {
        canRepeat = true;
        afterRepeat = false;
    }

    private void boundary() {
        canRepeat = false;
        afterRepeat = false;
    }

    private char peek(int i) {
        return i < n ? re.charAt(i) : '\0';
    }

    private int repeat(int i, String quantifier) {
        if (!canRepeat) {
            throw bad(afterRepeat ? "bad repetition operator" : "missing argument to repetition operator");
        }
        out.append(quantifier);
        int next = i + quantifier.length();
        if (peek(next) == '?') {
            out.append('?');
            next++;
        } else if (peek(next) == '+') {
            throw bad("possessive quantifiers are not supported (RE2 has none)");
        }
        canRepeat = false;
        afterRepeat = true;
        return next;
    }

    /** A {@code {n}}, {@code {n,}} or {@code {n,m}} repeat, or else a literal brace as in RE2. */
    private int brace(int i) {
        int j = i + 1;
        int min = 0;
        int digits = 0;
        while (j < n && Character.isDigit(re.charAt(j)) && digits < 8) {
            min = min * 10 + (re.charAt(j++) - '0');
            digits++;
        }
        int max = min;
        boolean valid = digits > 0 && j < n;
        if (valid && re.charAt(j) == ',') {
            j++;
            int maxDigits = 0;
            max = 0;
            while (j < n && Character.isDigit(re.charAt(j)) && maxDigits < 8) {
                max = max * 10 + (re.charAt(j++) - '0');
                maxDigits++;
            }
            if (maxDigits == 0) {
                max = -1;
            }
        }
        valid &= j < n && re.charAt(j) == '}';
        if (!valid) {
            out.append("\\{");
            atom();
            return i + 1;
        }
        if (min > MAX_REPEAT || max > MAX_REPEAT) {
            throw bad("repeat count above " + MAX_REPEAT);
        }
        if (max >= 0 && max < min) {
            throw bad("invalid repeat count");
        }
        return repeat(i, re.substring(i, j + 1));
    }

    private int group(int i) {
        scopes.push(multiline);
        if (peek(i + 1) != '?') {
            out.append('(');
            boundary();
            return i + 1;
        }
        char kind = peek(i + 2);
        switch (kind) {
            case ':' -> {
                out.append("(?:");
                boundary();
                return i + 3;
            }
            case '=', '!' -> throw bad("lookahead is not supported (RE2 has none)");
            case '>' -> throw bad("atomic groups are not supported (RE2 has none)");
            case 'P' -> {
                char next = peek(i + 3);
                if (next == '=') {
                    throw bad("backreferences are not supported (RE2 has none)");
                }
                if (next != '<') {
                    throw bad("invalid named group");
                }
                return namedGroup(i + 4);
            }
            case '<' -> {
                char next = peek(i + 3);
                if (next == '=' || next == '!') {
                    throw bad("lookbehind is not supported (RE2 has none)");
                }
                return namedGroup(i + 3);
            }
            default -> {
                return flags(i + 2);
            }
        }
    }

    /** A named group from its name at {@code i}; the name is dropped, only the match matters. */
    private int namedGroup(int i) {
        int j = i;
        while (j < n && (Character.isLetterOrDigit(re.charAt(j)) || re.charAt(j) == '_') && re.charAt(j) < 128) {
            j++;
        }
        if (j == i || peek(j) != '>') {
            throw bad("invalid named group");
        }
        out.append("(?:");
        boundary();
        return j + 1;
    }

    /** {@code (?flags)} or {@code (?flags:...)}, flags from {@code i m s} with an optional '-'. */
    private int flags(int i) {
        int j = i;
        boolean negate = false;
        boolean sawFlag = false;
        boolean newMultiline = multiline;
        StringBuilder flags = new StringBuilder();
        while (j < n && re.charAt(j) != ')' && re.charAt(j) != ':') {
            char f = re.charAt(j++);
            switch (f) {
                case 'i', 's' -> sawFlag = true;
                case 'm' -> {
                    sawFlag = true;
                    newMultiline = !negate;
                }
                case '-' -> {
                    if (negate) {
                        throw bad("invalid flags");
                    }
                    negate = true;
                    sawFlag = false;
                }
                case 'U' -> throw bad("flag U (ungreedy) is not supported");
                default -> throw bad("unsupported group or flag (?" + (Character.isLetter(f) ? f : "") + ")");
            }
            flags.append(f);
        }
        if (j >= n) {
            throw bad("missing )");
        }
        if (!sawFlag) {
            throw bad("invalid flags");
        }
        if (re.charAt(j) == ')') {
            scopes.pop();
            multiline = newMultiline;
            out.append("(?").append(flags).append(')');
            boundary();
        } else {
            multiline = newMultiline;
            out.append("(?").append(flags).append(':');
            boundary();
        }
        return j + 1;
    }

    private int charClass(int i) {
        out.append('[');
        int j = i + 1;
        if (peek(j) == '^') {
            out.append('^');
            j++;
        }
        if (peek(j) == ']') {
            out.append("\\]");
            j++;
        }
        while (true) {
            if (j >= n) {
                throw bad("missing ]");
            }
            char c = re.charAt(j);
            if (c == ']') {
                out.append(']');
                atom();
                return j + 1;
            }
            if (c == '[' && peek(j + 1) == ':') {
                int close = re.indexOf(":]", j + 2);
                if (close >= 0) {
                    j = posixClass(re.substring(j + 2, close), close + 2);
                    continue;
                }
            }
            switch (c) {
                case '[' -> out.append("\\[");
                case '&' -> out.append("\\&");
                case '\\' -> {
                    j = escape(j, true);
                    continue;
                }
                default -> out.append(c);
            }
            j++;
        }
    }

    private int posixClass(String name, int next) {
        boolean negate = name.startsWith("^");
        String bare = negate ? name.substring(1) : name;
        if (bare.equals("word")) {
            out.append(negate ? "\\W" : "\\w");
            return next;
        }
        String java = POSIX_CLASSES.get(bare);
        if (java == null) {
            throw bad("invalid character class range [:" + (bare.chars().allMatch(Character::isLetter) ? bare : "")
                    + ":]");
        }
        out.append(negate ? "\\P{" : "\\p{").append(java).append('}');
        return next;
    }

    private int escape(int i, boolean inClass) {
        if (i + 1 >= n) {
            throw bad("trailing backslash");
        }
        char c = re.charAt(i + 1);
        int next = i + 2;
        switch (c) {
            case 'a', 'f', 't', 'n', 'r', 'd', 'D', 'w', 'W' -> out.append('\\').append(c);
            case 'v' -> out.append("\\x0B");
            case 's' -> out.append(inClass ? "\\t\\n\\f\\r " : "[\\t\\n\\f\\r ]");
            case 'S' -> out.append("[^\\t\\n\\f\\r ]");
            case 'A', 'z', 'b', 'B' -> {
                if (inClass) {
                    throw bad("\\" + c + " is not allowed in a character class");
                }
                out.append('\\').append(c);
            }
            case 'x' -> next = hex(i + 2);
            case 'p', 'P' -> next = unicodeClass(i + 2, c == 'P');
            case 'Q' -> {
                if (inClass) {
                    throw bad("\\Q is not allowed in a character class");
                }
                return quoted(i + 2);
            }
            case '0', '1', '2', '3', '4', '5', '6', '7' -> next = octal(i + 1);
            case '8', '9' -> throw bad("backreferences are not supported (RE2 has none)");
            default -> {
                if (c >= 128 || Character.isLetterOrDigit(c)) {
                    throw bad("invalid escape sequence" + (c < 128 ? " \\" + c : ""));
                }
                out.append('\\').append(c);
            }
        }
        if (!inClass) {
            atom();
        }
        return next;
    }

    private int hex(int i) {
        int value;
        int next;
        if (peek(i) == '{') {
            int close = re.indexOf('}', i);
            String digits = close < 0 ? "" : re.substring(i + 1, close);
            if (digits.isEmpty() || digits.length() > 8 || !digits.chars().allMatch(d -> Character.digit(d, 16) >= 0)) {
                throw bad("invalid escape sequence \\x");
            }
            value = Integer.parseInt(digits, 16);
            next = close + 1;
        } else {
            if (i + 2 > n || Character.digit(peek(i), 16) < 0 || Character.digit(peek(i + 1), 16) < 0) {
                throw bad("invalid escape sequence \\x");
            }
            value = Integer.parseInt(re.substring(i, i + 2), 16);
            next = i + 2;
        }
        return codePoint(value, next);
    }

    /** RE2 octal: a digit and up to two more; a lone non-zero digit is a backreference. */
    private int octal(int i) {
        char first = re.charAt(i);
        if (first != '0' && (peek(i + 1) < '0' || peek(i + 1) > '7')) {
            throw bad("backreferences are not supported (RE2 has none)");
        }
        int j = i + 1;
        int value = first - '0';
        while (j < i + 3 && peek(j) >= '0' && peek(j) <= '7') {
            value = value * 8 + (re.charAt(j++) - '0');
        }
        return codePoint(value, j);
    }

    private int codePoint(int value, int next) {
        if (value > Character.MAX_CODE_POINT) {
            throw bad("invalid escape sequence: code point too large");
        }
        out.append("\\x{").append(Integer.toHexString(value)).append('}');
        return next;
    }

    private int unicodeClass(int i, boolean negate) {
        String name;
        int next;
        if (peek(i) == '{') {
            int close = re.indexOf('}', i);
            if (close < 0) {
                throw bad("invalid character class range: missing }");
            }
            name = re.substring(i + 1, close);
            next = close + 1;
            if (name.startsWith("^")) {
                negate = !negate;
                name = name.substring(1);
            }
        } else if (i < n) {
            name = String.valueOf(re.charAt(i));
            next = i + 1;
        } else {
            throw bad("invalid character class range");
        }
        if (name.isEmpty() || !name.chars().allMatch(ch -> ch < 128 && (Character.isLetter(ch) || ch == '_'))) {
            throw bad("invalid character class range");
        }
        if (name.equals("Any")) {
            out.append(negate ? "[^\\x{0}-\\x{10FFFF}]" : "[\\x{0}-\\x{10FFFF}]");
        } else {
            out.append(negate ? "\\P{Is" : "\\p{Is").append(name).append('}');
        }
        return next;
    }

    private int quoted(int i) {
        int end = re.indexOf("\\E", i);
        String literal = end < 0 ? re.substring(i) : re.substring(i, end);
        if (!literal.isEmpty()) {
            out.append("\\Q").append(literal).append("\\E");
            atom();
        }
        return end < 0 ? n : end + 2;
    }

    private IllegalArgumentException bad(String reason) {
        return new IllegalArgumentException("invalid pattern: " + reason);
    }
}
