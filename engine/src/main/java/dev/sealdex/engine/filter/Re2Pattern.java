package dev.sealdex.engine.filter;

import java.io.Serial;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An RE2 pattern ({@code $regex}) run on {@link java.util.regex}: the RE2 syntax is checked and
 * translated so that accepted patterns mean what they mean in RE2, and matching is bounded.
 *
 * <p>Rejected, as RE2 rejects them: lookahead and lookbehind, backreferences ({@code \1},
 * {@code \k<n>}, {@code (?P=n)}), atomic groups and possessive quantifiers, repeat counts above
 * {@value #MAX_REPEAT}, flags other than {@code i m s}, the escapes RE2 lacks ({@code \Z \G \R \X
 * \h \e \C} ...). Translated, where Java differs: {@code $} without {@code (?m)} is {@code \z} (Java
 * would also match before a final newline); {@code \s} is RE2's {@code [\t\n\f\r ]}; {@code \v} is
 * vertical tab only; POSIX classes {@code [[:alpha:]]} become {@code \p{Alpha}}; {@code [}, and
 * {@code &} inside a class are literals (Java would nest or intersect); named groups become plain
 * groups; {@code \p{Greek}} becomes {@code \p{IsGreek}}; octal {@code \123} becomes {@code \x{53}}.
 * {@code .} never matches {@code \n} (UNIX_LINES) and {@code (?i)} folds Unicode case.
 *
 * <p>Java's matcher backtracks, so a pattern such as {@code (.*a){12}b} can take polynomial or
 * exponential time where RE2 is linear (on 30 characters: 16 s on JDK 25). Each match may read
 * {@value #BASE_STEPS} characters, plus {@value #STEPS_PER_CHAR} and the input length per input
 * character (so that an ordinary pattern that backtracks quadratically, like
 * {@code [a-z]+y}, still answers on values of some thousands of characters), at most
 * {@value #MAX_STEPS} in all (about a tenth of a second). A match over budget, or one that
 * overflows the stack (JDK-8260866: quantified alternation recurses once per repetition), throws
 * {@link TooExpensive}. A leading {@code .*} is dropped before compiling: it never changes whether
 * an unanchored pattern occurs, and it makes a failed search quadratic.
 */
final class Re2Pattern {

    /** Largest repeat count RE2 accepts in {@code {n,m}}. */
    static final int MAX_REPEAT = Re2Translator.MAX_REPEAT;
    /** Character reads every match may spend, whatever the input length. */
    static final long BASE_STEPS = 1_000_000;
    /** Further character reads allowed per input character. */
    static final long STEPS_PER_CHAR = 1_000;
    /** Most character reads any one match may spend. */
    static final long MAX_STEPS = 100_000_000;

    private final Pattern compiled;

    private Re2Pattern(Pattern compiled) {
        this.compiled = compiled;
    }

    /** Checks and translates an RE2 pattern, or throws IllegalArgumentException with the reason. */
    static Re2Pattern compile(String source) {
        String java = new Re2Translator(source).translate();
        if (java.startsWith(".*?")) {
            java = java.substring(3);
        } else if (java.startsWith(".*")) {
            java = java.substring(2);
        }
        try {
            return new Re2Pattern(Pattern.compile(java, Pattern.UNIX_LINES | Pattern.UNICODE_CASE));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid pattern: " + e.getDescription());
        }
    }

    /** Whether the pattern occurs anywhere in {@code text}; throws TooExpensive over budget. */
    boolean find(String text) {
        long length = text.length();
        long budget = Math.min(MAX_STEPS, BASE_STEPS + length * (STEPS_PER_CHAR + length));
        BudgetedText budgeted = new BudgetedText(text, budget);
        try {
            return compiled.matcher(budgeted).find();
        } catch (StackOverflowError e) {
            throw new TooExpensive();
        }
    }

    /** A match that ran past its budget. Stackless: it is control flow, not a bug. */
    static final class TooExpensive extends RuntimeException {
        @Serial
        private static final long serialVersionUID = 1L;

        TooExpensive() {
            super("regex match over budget", null, false, false);
        }
    }

    /** The text, counting every character read against a budget. */
    private static final class BudgetedText implements CharSequence {
        private final String text;
        private long stepsLeft;

        BudgetedText(String text, long steps) {
            this.text = text;
            this.stepsLeft = steps;
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            if (--stepsLeft < 0) {
                throw new TooExpensive();
            }
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
