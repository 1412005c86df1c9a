package dev.sealdex.engine.filter;

import static dev.sealdex.engine.filter.FilterTestSupport.filter;
import static dev.sealdex.engine.filter.FilterTestSupport.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilterParseTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            []                                        | filters: must be an object, got array
            "red"                                     | filters: must be an object, got string
            {"price": {"$gt": "10"}}                  | filters.price: $gt needs a number, got string
            {"price": {"$lte": true}}                 | filters.price: $lte needs a number, got boolean
            {"price": {"$lt": null}}                  | filters.price: $lt needs a number, got null
            {"price": {"$gte": [1]}}                  | filters.price: $gte needs a number, got array
            {"color": {"$eq": {"a": 1}}}              | filters.color: $eq needs a string, number or boolean, got object
            {"color": {"$ne": ["red"]}}               | filters.color: $ne needs a string, number or boolean, got array
            {"color": {"$in": "red"}}                 | filters.color: $in needs an array, got string
            {"color": {"$nin": {"a": 1}}}             | filters.color: $nin needs an array, got object
            {"color": {"$in": ["red", null]}}         | filters.color: $in[1] needs a string, number or boolean, got null
            {"color": {"$in": [["red"]]}}             | filters.color: $in[0] needs a string, number or boolean, got array
            {"author": {"$exists": 1}}                | filters.author: $exists needs a boolean, got number
            {"author": {"$exists": "true"}}           | filters.author: $exists needs a boolean, got string
            {"color": {"$regex": 5}}                  | filters.color: $regex needs a string, got number
            {"color": {"$contains": ["r"]}}           | filters.color: $contains needs a string, got array
            {"color": {"$foo": 1}}                    | filters.color: unknown operator $foo
            {"$foo": [1]}                             | filters: unknown operator $foo
            {"$eq": 1}                                | filters: $eq needs a field: write {"field": {"$eq": ...}}
            {"color": {"$type": "string"}}            | filters.color: $type is not supported: its semantics are undocumented
            {"$type": "string"}                       | filters: $type is not supported: its semantics are undocumented
            {"color": {"$regex": "r", "$options": "i"}} | filters.color: unknown operator $options; put regex flags inline, such as (?i)
            {"color": {"$or": [{"$eq": "x"}]}}        | filters.color: $or belongs at the top level of a filter object, not under a field
            {"$and": {"color": "red"}}                | filters.$and: needs an array of filter objects, got object
            {"$or": "red"}                            | filters.$or: needs an array of filter objects, got string
            {"$nor": [{"color": "red"}, 3]}           | filters.$nor[1]: needs a filter object, got number
            {"$or": [{"color": {"$gt": "a"}}]}        | filters.$or[0].color: $gt needs a number, got string
            {"color": null}                           | filters.color: null is not a filter value; use {"$exists": false} for a missing field
            {"tags": ["a", "b"]}                      | filters.tags: an array is not a filter value; use $in for any of several values, or $and for all
            {"color": {}}                             | filters.color: empty condition object
            {"loc": {"city": "x", "$eq": 1}}          | filters.loc: mixes operators and field names
            {"loc": {"city": {"$gt": "x"}}}           | filters.loc.city: $gt needs a number, got string
            {"": 1}                                   | filters: empty field name
            {"a..b": 1}                               | filters: field name has an empty path segment
            {".a": 1}                                 | filters: field name has an empty path segment
            {"a.": 1}                                 | filters: field name has an empty path segment
            {"loc": {"": 1}}                          | filters.loc: field name has an empty path segment
            {"color": {"$regex": "(?=r)"}}            | filters.color: $regex invalid pattern: lookahead is not supported (RE2 has none)
            {"color": {"$regex": "(r"}}               | filters.color: $regex invalid pattern: missing )
            """)
    void malformedFiltersAreRefusedWithTheirLocation(String filter, String message) {
        FilterException e = assertThrows(FilterException.class, () -> filter(filter));
        assertEquals(message, e.getMessage());
        assertEquals(e.path() + ": " + e.reason(), e.getMessage());
    }

    @Test
    void locationStepsAreKeysAndIndexes() {
        FilterException e = assertThrows(FilterException.class,
                () -> filter("{\"$and\": [{\"a\": 1}, {\"$or\": [{\"b\": {\"$in\": 1}}]}]}"));
        assertEquals(List.of("filters", "$and", 1, "$or", 0, "b"), e.location());
        assertEquals("filters.$and[1].$or[0].b", e.path());
    }

    @Test
    void messagesNeverEchoValues() {
        FilterException e = assertThrows(FilterException.class,
                () -> filter("{\"secret-field\": {\"$gt\": \"hunter2\"}}"));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertFalse(filter("{\"a\": \"hunter2\"}").toString().contains("hunter2"));
    }

    @Test
    void rootNameIsTheCallersChoice() {
        FilterException e = assertThrows(FilterException.class,
                () -> MetadataFilter.parse(json("{\"a\": {\"$gt\": \"x\"}}"), "body.filters"));
        assertEquals("body.filters.a: $gt needs a number, got string", e.getMessage());
    }

    @Test
    void absentAndEmptyFiltersMatchEverything() {
        assertTrue(MetadataFilter.parse(null).isMatchAll());
        assertTrue(MetadataFilter.parse(NullNode.getInstance()).isMatchAll());
        assertTrue(MetadataFilter.parse(MissingNode.getInstance()).isMatchAll());
        assertTrue(filter("{}").isMatchAll());
        assertTrue(filter("{\"$and\": []}").isMatchAll());
        assertFalse(filter("{\"$or\": []}").isMatchAll());
        assertEquals(Set.of(), filter("{}").fields());
        assertTrue(MetadataFilter.matchAll().matches(null));
    }

    @Test
    void fieldsAreEveryPathTheFilterReads() {
        MetadataFilter f = filter("{\"color\": \"red\", \"$or\": [{\"rank\": {\"$gt\": 1, \"$lt\": 5}},"
                + " {\"loc\": {\"city\": \"x\", \"geo\": {\"lat\": {\"$gte\": 0}}}}], \"$nor\": [{\"tags\": \"a\"}]}");
        assertEquals(List.of("color", "loc.city", "loc.geo.lat", "rank", "tags"), List.copyOf(f.fields()));
    }

    @Test
    void fieldsUsingNamesTheFieldsOfChosenOperators() {
        MetadataFilter f = filter("{\"title\": {\"$regex\": \"^a\"}, \"$or\": [{\"body\": {\"$contains\": \"x\"}},"
                + " {\"rank\": 1}], \"$nor\": [{\"title\": {\"$contains\": \"y\"}}]}");
        assertEquals(Set.of("body", "title"), f.fieldsUsing(Operator.REGEX, Operator.CONTAINS));
        assertEquals(Set.of("rank"), f.fieldsUsing(Operator.EQ));
        assertEquals(Set.of(), f.fieldsUsing());
    }

    @Test
    void nestedObjectsAddressNestedFields() {
        MetadataFilter nested = filter("{\"loc\": {\"city\": \"Paris\", \"zip\": {\"$gt\": 7}}}");
        MetadataFilter dotted = filter("{\"loc.city\": \"Paris\", \"loc.zip\": {\"$gt\": 7}}");
        assertEquals(dotted.toString(), nested.toString());
        assertTrue(nested.matches(json("{\"loc\": {\"city\": \"Paris\", \"zip\": 75, \"extra\": true}}")));
        assertTrue(nested.matches(json("{\"loc.city\": \"Paris\", \"loc\": {\"zip\": 75}}")));
        assertFalse(nested.matches(json("{\"loc\": {\"city\": \"Paris\"}}")));
        assertFalse(nested.matches(json("{\"city\": \"Paris\", \"zip\": 75}")));
    }

    @Test
    void treeIsFlattenedAndTyped() {
        MetadataFilter f = filter("{\"a\": {\"$gte\": 1, \"$lt\": 2}, \"$and\": [{\"b\": true}], \"$or\": [{\"c\": \"x\"}]}");
        FilterNode.And root = assertInstanceOf(FilterNode.And.class, f.root());
        assertEquals(4, root.children().size());
        Condition first = assertInstanceOf(Condition.class, root.children().getFirst());
        assertEquals("a", first.field());
        assertEquals(Operator.GTE, first.operator());
        assertEquals(List.of(1.0), first.values());
        FilterNode.Or or = assertInstanceOf(FilterNode.Or.class, root.children().get(3));
        assertInstanceOf(Condition.class, or.children().getFirst());
        assertEquals("and(a $gte <number>, a $lt <number>, b $eq <boolean>, or(c $eq <string>))", f.toString());
    }

    @Test
    void numbersAreNormalizedToFloat64() {
        Condition c = (Condition) ((FilterNode.And) filter("{\"a\": {\"$in\": [20, 20.0, -0.0, 1e400]}}").root())
                .children().getFirst();
        assertEquals(List.of(20.0, 20.0, 0.0, Double.POSITIVE_INFINITY), c.values());
    }

    @Test
    void limitsAreEnforced() {
        String deep = "{\"a\": 1}";
        for (int i = 0; i < MetadataFilter.MAX_DEPTH; i++) {
            deep = "{\"$and\": [" + deep + "]}";
        }
        String tooDeep = deep;
        assertTrue(assertThrows(FilterException.class, () -> filter(tooDeep)).getMessage()
                .endsWith("nested deeper than " + MetadataFilter.MAX_DEPTH + " levels"));
        String nestedFields = "1";
        for (int i = 0; i < MetadataFilter.MAX_DEPTH + 1; i++) {
            nestedFields = "{\"f\": " + nestedFields + "}";
        }
        String tooNested = nestedFields;
        assertThrows(FilterException.class, () -> filter(tooNested));
        // A depth within the limit parses.
        String ok = "{\"a\": 1}";
        for (int i = 0; i < MetadataFilter.MAX_DEPTH / 2 - 1; i++) {
            ok = "{\"$and\": [" + ok + "]}";
        }
        assertEquals(Set.of("a"), filter(ok).fields());

        String bigIn = "{\"a\": {\"$in\": [" + "1,".repeat(MetadataFilter.MAX_OPERANDS) + "1]}}";
        assertTrue(assertThrows(FilterException.class, () -> filter(bigIn)).getMessage()
                .endsWith("$in has more than " + MetadataFilter.MAX_OPERANDS + " values"));
        String bigOr = "{\"$or\": [" + "{\"a\": 1},".repeat(MetadataFilter.MAX_OPERANDS) + "{\"a\": 1}]}";
        assertTrue(assertThrows(FilterException.class, () -> filter(bigOr)).getMessage()
                .endsWith("has more than " + MetadataFilter.MAX_OPERANDS + " operands"));
        String manyConditions = "{\"$and\": [" + "{\"a\": 1, \"b\": 2},".repeat(MetadataFilter.MAX_CONDITIONS / 2)
                + "{\"c\": 3}]}";
        assertTrue(assertThrows(FilterException.class, () -> filter(manyConditions)).getMessage()
                .endsWith("more than " + MetadataFilter.MAX_CONDITIONS + " conditions"));

        String longString = "x".repeat(MetadataFilter.MAX_STRING_LENGTH + 1);
        assertTrue(assertThrows(FilterException.class, () -> filter("{\"a\": \"" + longString + "\"}"))
                .getMessage().endsWith("$eq is longer than " + MetadataFilter.MAX_STRING_LENGTH + " characters"));
        assertEquals(1, filter("{\"a\": \"" + longString.substring(1) + "\"}").fields().size());
        String longPattern = "x".repeat(MetadataFilter.MAX_PATTERN_LENGTH + 1);
        assertThrows(FilterException.class, () -> filter("{\"a\": {\"$regex\": \"" + longPattern + "\"}}"));
        String longField = "f".repeat(MetadataFilter.MAX_FIELD_LENGTH + 1);
        assertThrows(FilterException.class, () -> filter("{\"" + longField + "\": 1}"));
    }
}
