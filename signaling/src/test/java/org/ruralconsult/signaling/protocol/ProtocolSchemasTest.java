package org.ruralconsult.signaling.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ProtocolSchemasTest {
    private static final Path SCHEMAS = Path.of("src/main/resources/protocol/v1");

    @Test
    void everySchemaFileIsAMessageTypeOfTheProtocolAndEveryTypeHasOne() throws Exception {
        Set<String> client = new TreeSet<>();
        Set<String> server = new TreeSet<>();
        try (Stream<Path> files = Files.list(SCHEMAS)) {
            files.filter(Files::isRegularFile)
                    .forEach(f -> client.add(f.getFileName().toString().replace(".schema.json", "")));
        }
        try (Stream<Path> files = Files.list(SCHEMAS.resolve("server"))) {
            files.forEach(f -> server.add(f.getFileName().toString().replace(".schema.json", "")));
        }
        assertEquals(new TreeSet<>(Protocol.CLIENT_TYPES), client);
        assertEquals(new TreeSet<>(Protocol.SERVER_TYPES), server);
        new Protocol(); // loads and checks every keyword of every schema
    }

    @Test
    void everyClientSchemaRequiresTypeAndIdAndIsClosed() {
        Protocol protocol = new Protocol();
        for (String type : Protocol.CLIENT_TYPES) {
            JsonSchema schema = protocol.clientSchema(type).orElseThrow();
            assertTrue(schema.validate(new JsonObject().put("type", type)).contains("$: missing id"), type);
            assertTrue(
                    schema
                            .validate(new JsonObject()
                                    .put("type", type)
                                    .put("id", "1")
                                    .put("extra", 1))
                            .stream()
                            .anyMatch(p -> p.contains("unexpected property extra")),
                    type);
        }
    }

    @Test
    void theValidatorChecksTheKeywordsItClaims() {
        JsonSchema schema = new JsonSchema(
                new JsonObject(
                        """
                {"type":"object","required":["n","s"],"additionalProperties":false,
                 "properties":{
                   "n":{"type":"integer","minimum":1,"maximum":3},
                   "s":{"type":"string","minLength":2,"maxLength":3,"pattern":"^[a-z]+$"},
                   "e":{"enum":["x","y"]},
                   "c":{"const":1},
                   "a":{"type":"array","minItems":1,"maxItems":2,"items":{"type":"boolean"}},
                   "o":{"type":["object","null"],"minProperties":1}}}
                """));
        assertEquals(
                0, schema.validate(new JsonObject().put("n", 2).put("s", "ab")).size());
        assertEquals(
                java.util.List.of("$.s: does not match ^[a-z]+$"),
                schema.validate(new JsonObject().put("n", 2.0).put("s", "中文")),
                "2.0 is an integer; two CJK characters have length 2 but break the pattern");
        var problems = schema.validate(new JsonObject()
                .put("n", 4)
                .put("s", "A")
                .put("e", "z")
                .put("c", 2)
                .put("a", new JsonArray().add(true).add("no").add(false))
                .put("o", new JsonObject()));
        String all = String.join("\n", problems);
        for (String expected : new String[] {
            "$.n: above 3",
            "$.s: shorter than 2",
            "$.s: does not match",
            "$.e: must be one of",
            "$.c: must be 1",
            "$.a: more than 2 items",
            "$.a[1]: expected",
            "$.o: needs at least 1"
        }) {
            assertTrue(all.contains(expected), expected + " in\n" + all);
        }
        assertTrue(schema.validate(new JsonObject().put("n", 1.5).put("s", "ab"))
                .get(0)
                .contains("expected integer"));
        assertTrue(schema.validate("text").get(0).contains("expected object"));
    }

    @Test
    void aSchemaWithAnUncheckedKeywordIsRefused() {
        assertThrows(
                IllegalArgumentException.class, () -> new JsonSchema(new JsonObject().put("oneOf", new JsonArray())));
        assertThrows(
                IllegalArgumentException.class,
                () -> new JsonSchema(new JsonObject()
                        .put("properties", new JsonObject().put("x", new JsonObject().put("format", "email")))));
    }
}
