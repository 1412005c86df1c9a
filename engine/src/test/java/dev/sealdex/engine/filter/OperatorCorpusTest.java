package dev.sealdex.engine.filter;

import static dev.sealdex.engine.filter.FilterTestSupport.columnMatches;
import static dev.sealdex.engine.filter.FilterTestSupport.filter;
import static dev.sealdex.engine.filter.FilterTestSupport.json;
import static dev.sealdex.engine.filter.FilterTestSupport.referenceMatches;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Go SDK's operator corpus ({@code filter_operators_test.go}, API.md §5.6), both evaluators. */
class OperatorCorpusTest {

    static final List<JsonNode> ROWS = List.of(
            json("{\"color\": \"red\",   \"rank\": 0,  \"tags\": [\"design\", \"search\"], \"author\": \"ada\"}"),
            json("{\"color\": \"green\", \"rank\": 10, \"tags\": [\"design\"],           \"author\": \"bob\"}"),
            json("{\"color\": \"blue\",  \"rank\": 20, \"tags\": [\"search\"]}"),
            json("{\"color\": \"red\",   \"rank\": 30, \"tags\": [],                    \"author\": \"ada\"}"),
            json("{\"color\": \"green\", \"rank\": 40, \"tags\": [\"design\", \"search\", \"ml\"]}"));

    static Stream<Arguments> corpus() {
        return Stream.of(
                case_("{\"color\": {\"$eq\": \"red\"}}", 0, 3),
                case_("{\"color\": {\"$ne\": \"red\"}}", 1, 2, 4),
                case_("{\"color\": {\"$in\": [\"red\", \"blue\"]}}", 0, 2, 3),
                case_("{\"color\": {\"$nin\": [\"red\"]}}", 1, 2, 4),
                case_("{\"rank\": {\"$gt\": 20}}", 3, 4),
                case_("{\"rank\": {\"$gte\": 20}}", 2, 3, 4),
                case_("{\"rank\": {\"$lt\": 20}}", 0, 1),
                case_("{\"rank\": {\"$lte\": 20}}", 0, 1, 2),
                case_("{\"author\": {\"$exists\": true}}", 0, 1, 3),
                case_("{\"author\": {\"$exists\": false}}", 2, 4),
                case_("{\"$and\": [{\"color\": \"red\"}, {\"rank\": {\"$gte\": 30}}]}", 3),
                case_("{\"$or\": [{\"color\": \"blue\"}, {\"rank\": {\"$lt\": 10}}]}", 0, 2),
                case_("{\"$nor\": [{\"color\": \"red\"}, {\"color\": \"green\"}]}", 2),
                case_("{\"color\": {\"$regex\": \"^r\"}}", 0, 3),
                case_("{\"color\": {\"$contains\": \"ree\"}}", 1, 4),
                case_("{\"author\": {\"$ne\": \"ada\"}}", 1),
                case_("{\"author\": {\"$nin\": [\"ada\"]}}", 1, 2, 4),
                case_("{\"$nor\": [{\"author\": \"ada\"}]}", 1, 2, 4),
                case_("{\"tags\": \"design\"}", 0, 1, 4),
                case_("{\"tags\": {\"$in\": [\"ml\", \"search\"]}}", 0, 2, 4),
                // Pinned edge cases from the same section.
                case_("{}", 0, 1, 2, 3, 4),
                case_("{\"color\": {\"$in\": []}}"),
                case_("{\"color\": {\"$nin\": []}}", 0, 1, 2, 3, 4),
                case_("{\"author\": {\"$nin\": []}}", 0, 1, 2, 3, 4),
                case_("{\"$and\": []}", 0, 1, 2, 3, 4),
                case_("{\"$or\": []}"),
                case_("{\"$nor\": []}", 0, 1, 2, 3, 4),
                case_("{\"rank\": 20.0}", 2),
                case_("{\"rank\": {\"$in\": [10.0, 40]}}", 1, 4),
                case_("{\"tags\": {\"$exists\": true}}", 0, 1, 2, 3, 4),
                case_("{\"tags\": {\"$nin\": [\"design\"]}}", 2, 3),
                case_("{\"tags\": {\"$ne\": \"design\"}}", 2, 3),
                case_("{\"$and\": [{\"tags\": \"design\"}, {\"tags\": \"search\"}]}", 0, 4),
                case_("{\"rank\": \"20\"}"),
                case_("{\"color\": {\"$gt\": 5}}"),
                case_("{\"rank\": {\"$gte\": 10, \"$lt\": 30}}", 1, 2));
    }

    private static Arguments case_(String filter, Integer... expected) {
        return Arguments.of(filter, Arrays.asList(expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void referenceEvaluatorAnswersTheCorpus(String filter, List<Integer> expected) {
        assertEquals(expected, referenceMatches(filter(filter), ROWS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void columnEvaluatorAnswersTheCorpus(String filter, List<Integer> expected) {
        assertEquals(expected, columnMatches(filter(filter), ROWS));
    }

    @Test
    void notIsDocumentedButRejected() {
        // Go TestFilterNotOperatorIsDocumentedButRejected fails if $not works.
        FilterException top = assertThrows(FilterException.class,
                () -> filter("{\"$not\": {\"color\": \"red\"}}"));
        assertTrue(top.getMessage().contains("$not is not supported"), top.getMessage());
        FilterException under = assertThrows(FilterException.class,
                () -> filter("{\"color\": {\"$not\": {\"$eq\": \"red\"}}}"));
        assertEquals("filters.color: " + under.reason(), under.getMessage());
        assertTrue(under.reason().startsWith("$not is not supported"), under.getMessage());
    }
}
