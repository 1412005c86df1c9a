package dev.sealdex.engine.filter;

import static dev.sealdex.engine.filter.FilterTestSupport.columnMatches;
import static dev.sealdex.engine.filter.FilterTestSupport.filter;
import static dev.sealdex.engine.filter.FilterTestSupport.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class Re2PatternTest {

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("^r", "red", true),
                Arguments.of("^e", "red", false),
                Arguments.of("ed", "red", true),
                Arguments.of("d$", "red\n", false),
                Arguments.of("(?m)d$", "red\nx", true),
                Arguments.of("(?m:d$)x|d$", "red\nx", false),
                Arguments.of("(?m:d$)\nx", "red\nx", true),
                Arguments.of("a.c", "a\nc", false),
                Arguments.of("(?s)a.c", "a\nc", true),
                Arguments.of("a.c", "a\rc", true),
                Arguments.of("\\s", "\u000B", false),
                Arguments.of("\\v", "\u000B", true),
                Arguments.of("\\s", "\t", true),
                Arguments.of("[^\\S]", " ", true),
                Arguments.of("[^\\S]", "a", false),
                Arguments.of("[[:alpha:]]+", "123", false),
                Arguments.of("[[:alpha:]]", "x", true),
                Arguments.of("[[:^digit:]]", "1", false),
                Arguments.of("[[:word:]]", "_", true),
                Arguments.of("[a&&b]", "&", true),
                Arguments.of("[[]", "[", true),
                Arguments.of("[]a]", "]", true),
                Arguments.of("[^]a]", "]", false),
                Arguments.of("(?P<name>ab)c", "abc", true),
                Arguments.of("(?<n>a)b", "ab", true),
                Arguments.of("\\pL", "é", true),
                Arguments.of("\\p{Greek}", "α", true),
                Arguments.of("\\P{Greek}", "α", false),
                Arguments.of("\\p{^Greek}", "a", true),
                Arguments.of("\\p{Lu}", "É", true),
                Arguments.of("\\p{Any}", "\n", true),
                Arguments.of("(?i)ÉCOLE", "école", true),
                Arguments.of("ÉCOLE", "école", false),
                Arguments.of("\\x41", "A", true),
                Arguments.of("\\x{263a}", "☺", true),
                Arguments.of("\\101", "A", true),
                Arguments.of("\\0", "\u0000", true),
                Arguments.of("a{2,3}", "aa", true),
                Arguments.of("a{2,3}", "a", false),
                Arguments.of("a{,2}", "a{,2}", true),
                Arguments.of("x{", "x{", true),
                Arguments.of(".*foo", "xxfoo", true),
                Arguments.of(".*foo", "bar", false),
                Arguments.of(".*?o", "bo", true),
                Arguments.of(".*", "", true),
                Arguments.of(".*|x", "y", true),
                Arguments.of("\\Qa.b\\E", "a.b", true),
                Arguments.of("\\Qa.b\\E", "axb", false),
                Arguments.of("a|", "zzz", true),
                Arguments.of("\\bfoo\\b", "a foo b", true),
                Arguments.of("\\bfoo\\b", "afoob", false),
                Arguments.of("\\d", "٣", false),
                Arguments.of("\\w", "é", false),
                Arguments.of("a+?b", "aab", true),
                Arguments.of("(a)(?:b)", "ab", true),
                Arguments.of("", "anything", true),
                Arguments.of("\\.", "a", false),
                Arguments.of("😀+", "😀😀", true));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("accepted")
    void acceptedPatternsKeepTheirRe2Meaning(String pattern, String text, boolean expected) {
        assertEquals(expected, Re2Pattern.compile(pattern).find(text));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "(?=a)", "(?!a)", "(?<=a)", "(?<!a)", "(a)\\1", "(?P<n>a)(?P=n)", "\\k<n>", "(?>a)",
            "a++", "a*+", "a?+", "a{2}+", "a**", "a*?*", "*a", "(*a)", "a|*", "(?i)*",
            "(?x)a", "(?U)a", "(?d)a", "(?)a", "(?-)a", "(?i-m-s)a", "(?#comment)",
            "\\Z", "\\G", "\\R", "\\X", "\\h", "\\e", "\\C", "\\N{DIGIT ONE}", "\\u0041", "\\cA", "\\8", "\\1",
            "[a", "(a", "a)", "a{1001}", "a{1,1001}", "a{2,1}", "\\", "[[:foo:]]", "\\p{Gr eek}", "\\p{NoSuchScript}",
            "[\\b]", "[\\Qa\\E]", "\\x{110000}", "\\xZZ", "\\x{}", "[z-a]", "\\é"})
    void constructsRe2LacksAreRejected(String pattern) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Re2Pattern.compile(pattern));
        assertTrue(e.getMessage().startsWith("invalid pattern: "), e.getMessage());
    }

    @Test
    void catastrophicBacktrackingIsStoppedByTheBudget() {
        // JDK 9+ memoizes simple nested loops such as (a+)+b, but not this: polynomial of degree 12.
        Re2Pattern nested = Re2Pattern.compile("(.*a){12}b");
        String text = "a".repeat(30);
        long start = System.nanoTime();
        assertThrows(Re2Pattern.TooExpensive.class, () -> nested.find(text));
        // Unbounded, this takes about 16 s on JDK 25; the budget stops it within milliseconds.
        assertTrue(System.nanoTime() - start < 5_000_000_000L);
    }

    @Test
    void deepRecursionIsStoppedNotFatal() {
        // JDK-8260866: quantified alternation recurses once per repetition.
        Re2Pattern alternation = Re2Pattern.compile("(a|b)*c");
        String text = "ab".repeat(200_000);
        try {
            assertEquals(false, alternation.find(text));
        } catch (Re2Pattern.TooExpensive expected) {
            // Either answer is acceptable; a StackOverflowError is not.
        }
    }

    @Test
    void linearPatternsOnLongValuesStayWithinBudget() {
        String text = "x".repeat(100_000) + "needle";
        assertTrue(Re2Pattern.compile("ne+dle").find(text));
        assertTrue(Re2Pattern.compile(".*needle").find(text));
        assertTrue(Re2Pattern.compile("x+needle$").find(text));
        // Quadratic in Java (each start position rescans the run of letters), linear in RE2.
        assertEquals(false, Re2Pattern.compile("[a-z]+y").find("x".repeat(5_000)));
    }

    @Test
    void anExpensiveMatchFailsTheQueryWithItsField() {
        MetadataFilter f = filter("{\"title\": {\"$regex\": \"(.*a){12}b\"}}");
        String value = "{\"title\": \"" + "a".repeat(40) + "\"}";
        FilterException reference = assertThrows(FilterException.class, () -> f.matches(json(value)));
        assertTrue(reference.getMessage().startsWith("filters.title: $regex is too expensive on a stored value of 40"),
                reference.getMessage());
        assertThrows(FilterException.class, () -> columnMatches(f, List.of(json(value))));
    }
}
