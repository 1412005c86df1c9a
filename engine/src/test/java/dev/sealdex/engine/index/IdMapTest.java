package dev.sealdex.engine.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdMapTest {

    /** A token as a map key: equal when the bytes are equal. */
    private record Token(long high, long low) {
        byte[] bytes() {
            return ByteBuffer.allocate(16).putLong(high).putLong(low).array();
        }
    }

    /**
     * Random puts, overwrites, removes and re-puts against a {@link HashMap}. Few distinct tokens
     * keep the table small and crowded, so probe chains wrap around its end and backward-shift
     * deletion moves entries across it; many tokens grow it through several rehashes and pages.
     */
    @ParameterizedTest
    @ValueSource(ints = {5, 40, 1_000, 200_000})
    void behavesLikeAHashMap(int distinctTokens) {
        Random random = new Random(distinctTokens);
        Token[] universe = new Token[distinctTokens];
        for (int i = 0; i < universe.length; i++) {
            // Low bits only for some tokens, so tokens differing in one half only are compared too.
            universe[i] = new Token(i % 3 == 0 ? 7 : random.nextLong(), random.nextLong());
        }
        IdMap map = new IdMap();
        Map<Token, Integer> model = new HashMap<>();
        List<Integer> freed = new ArrayList<>();
        int nextOrdinal = 0;
        int operations = Math.max(20_000, distinctTokens * 4);
        for (int op = 0; op < operations; op++) {
            Token token = universe[random.nextInt(universe.length)];
            int choice = random.nextInt(10);
            if (choice < 5) {
                // Insert or overwrite: a fresh ordinal, or one no token holds any more.
                int ordinal = !freed.isEmpty() && random.nextBoolean() ? freed.remove(freed.size() - 1) : nextOrdinal++;
                map.put(token.bytes(), ordinal);
                Integer previous = model.put(token, ordinal);
                if (previous != null) {
                    freed.add(previous);
                }
            } else if (choice < 6 && model.containsKey(token)) {
                // Putting the ordinal a token already has changes nothing.
                map.put(token.bytes(), model.get(token));
            } else if (choice < 9) {
                Integer removed = model.remove(token);
                assertEquals(removed == null ? -1 : removed, map.remove(token.bytes()));
                if (removed != null) {
                    freed.add(removed);
                }
            } else {
                assertEquals(model.getOrDefault(token, -1), map.get(token.bytes()));
            }
            assertEquals(model.size(), map.size());
            if (op % Math.max(1, operations / 20) == 0) {
                assertSame(model, universe, map);
            }
        }
        assertSame(model, universe, map);
        for (Token token : universe) {
            map.remove(token.bytes());
        }
        assertEquals(0, map.size());
        for (Token token : universe) {
            assertEquals(-1, map.get(token.bytes()));
        }
    }

    @Test
    void growsToKeepTheTableAtMostHalfFull() {
        IdMap map = new IdMap();
        assertEquals(16, map.capacity());
        for (int i = 0; i < 8; i++) {
            map.put(new Token(i, i).bytes(), i);
        }
        assertEquals(16, map.capacity());
        map.put(new Token(8, 8).bytes(), 8);
        assertEquals(32, map.capacity());
        for (int i = 9; i < 100_000; i++) {
            map.put(new Token(i, ~i).bytes(), i);
        }
        assertEquals(1 << 18, map.capacity());
        for (int i = 9; i < 100_000; i++) {
            assertEquals(i, map.get(new Token(i, ~i).bytes()));
        }
    }

    @Test
    void anOrdinalBelongsToOneTokenAtATime() {
        IdMap map = new IdMap();
        byte[] a = new Token(1, 2).bytes();
        byte[] b = new Token(3, 4).bytes();
        map.put(a, 5);
        assertThrows(IllegalStateException.class, () -> map.put(b, 5));
        assertEquals(-1, map.get(b));
        assertEquals(5, map.get(a));
        assertEquals(1, map.size());
        // Once a moves on (or is removed), b may take its ordinal.
        map.put(a, 6);
        map.put(b, 5);
        assertEquals(6, map.get(a));
        assertEquals(5, map.get(b));
        assertThrows(IllegalStateException.class, () -> map.put(a, 5));
        assertEquals(6, map.get(a));
        assertEquals(5, map.get(b));
        assertEquals(5, map.remove(b));
        map.put(a, 5);
        assertEquals(5, map.get(a));
        assertEquals(1, map.size());
    }

    @Test
    void theAllZeroTokenIsAnOrdinaryToken() {
        IdMap map = new IdMap();
        byte[] zero = new byte[16];
        assertEquals(-1, map.get(zero));
        map.put(new Token(9, 9).bytes(), 0);
        map.put(zero, 70_000);
        assertEquals(70_000, map.get(zero));
        assertThrows(IllegalStateException.class, () -> map.put(new Token(1, 1).bytes(), 70_000));
        map.put(new Token(1, 1).bytes(), 3);
        assertEquals(0, map.get(new Token(9, 9).bytes()));
        assertEquals(70_000, map.remove(zero));
        assertEquals(-1, map.get(zero));
        map.put(new Token(2, 2).bytes(), 70_000);
        assertEquals(70_000, map.get(new Token(2, 2).bytes()));
    }

    @Test
    void refusesBadArguments() {
        IdMap map = new IdMap();
        assertThrows(IllegalArgumentException.class, () -> map.put(new byte[16], -1));
        assertThrows(IllegalArgumentException.class, () -> map.get(new byte[15]));
        assertThrows(IllegalArgumentException.class, () -> map.remove(new byte[17]));
    }

    private static void assertSame(Map<Token, Integer> model, Token[] universe, IdMap map) {
        assertEquals(model.size(), map.size());
        Set<Integer> ordinals = new HashSet<>();
        for (Token token : universe) {
            int expected = model.getOrDefault(token, -1);
            assertEquals(expected, map.get(token.bytes()), () -> "ordinal of " + token);
            if (expected >= 0) {
                assertEquals(true, ordinals.add(expected), "two tokens share ordinal " + expected);
            }
        }
    }
}
