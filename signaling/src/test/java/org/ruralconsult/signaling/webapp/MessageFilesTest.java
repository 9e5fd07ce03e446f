package org.ruralconsult.signaling.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.ruralconsult.calls.CallState;
import org.ruralconsult.calls.MemberState;
import org.ruralconsult.calls.PresenceState;
import org.ruralconsult.domain.directory.Role;
import org.ruralconsult.domain.event.CallOutcome;

/**
 * The browser app's message files (webroot/i18n): zh-CN and English have the same keys, no message is
 * blank, and every key the page and its modules name exists, including the keys built from the server's
 * enumerations (a new member state or role needs its words in both languages).
 */
class MessageFilesTest {
    /** Keys named in the page: data-i18n, data-i18n-placeholder and data-i18n-aria-label attributes. */
    private static final Pattern HTML_KEY = Pattern.compile("data-i18n(?:-placeholder|-aria-label)?=\"([\\w.]+)\"");

    /**
     * Dotted string literals in the modules: message keys, except the protocol's message types (the
     * schema files name them) and the storage key of the language choice.
     */
    private static final Pattern JS_LITERAL = Pattern.compile("'([a-zA-Z]+\\.[\\w.]+)'");

    private static final String STORAGE_KEY = "ruralconsult.locale";

    private final Path webroot = webroot();

    @Test
    void bothLanguagesHaveTheSameKeysAndNoBlankMessage() throws IOException {
        JsonObject zh = messages("zh-CN");
        JsonObject en = messages("en");
        assertEquals(new TreeSet<>(zh.fieldNames()), new TreeSet<>(en.fieldNames()));
        for (JsonObject file : List.of(zh, en)) {
            file.forEach(e -> assertTrue(!e.getValue().toString().isBlank(), e.getKey() + " is blank"));
        }
        assertTrue(zh.size() > 100, "about every string of the app: " + zh.size());
    }

    @Test
    void everyKeyThePageNamesExists() throws IOException {
        Set<String> keys = messages("zh-CN").fieldNames();
        List<String> missing = new ArrayList<>();
        Matcher html = HTML_KEY.matcher(Files.readString(webroot.resolve("index.html"), StandardCharsets.UTF_8));
        while (html.find()) if (!keys.contains(html.group(1))) missing.add("index.html: " + html.group(1));
        Set<String> protocolTypes = protocolTypes();
        int named = 0;
        try (Stream<Path> files = Files.walk(webroot.resolve("js"))) {
            for (Path js : files.filter(p -> p.toString().endsWith(".js")).toList()) {
                Matcher m = JS_LITERAL.matcher(Files.readString(js, StandardCharsets.UTF_8));
                while (m.find()) {
                    if (protocolTypes.contains(m.group(1)) || m.group(1).equals(STORAGE_KEY)) continue;
                    named++;
                    if (!keys.contains(m.group(1))) missing.add(js.getFileName() + ": " + m.group(1));
                }
            }
        }
        assertEquals(List.of(), missing);
        assertTrue(named > 40, "the scan finds the keys the modules use: " + named);
    }

    @Test
    void everyStateTheServerSendsHasWords() throws IOException {
        Set<String> keys = messages("en").fieldNames();
        List<String> missing = new ArrayList<>();
        for (MemberState s : MemberState.values()) need(keys, "member." + s, missing);
        for (CallState s : CallState.values()) need(keys, "callState." + s, missing);
        for (PresenceState s : PresenceState.values()) need(keys, "status." + s, missing);
        need(keys, "status.NO_TV", missing);
        for (Role r : Role.values()) need(keys, "role." + r, missing);
        for (CallOutcome o : CallOutcome.values()) need(keys, "outcome." + o, missing);
        for (String c : List.of("connected", "reconnecting", "offline")) need(keys, "conn." + c, missing);
        assertEquals(List.of(), missing);
    }

    /** call.update, media.offer, ...: every type the client sends or receives has a schema file. */
    private Set<String> protocolTypes() throws IOException {
        Path schemas = webroot.resolveSibling("protocol").resolve("v1");
        Set<String> types = new TreeSet<>();
        try (Stream<Path> files = Files.walk(schemas)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".schema.json"))
                    .forEach(n -> types.add(n.substring(0, n.length() - ".schema.json".length())));
        }
        assertTrue(types.contains("call.update") && types.contains("media.offer"), types.toString());
        return types;
    }

    private static void need(Set<String> keys, String key, List<String> missing) {
        if (!keys.contains(key)) missing.add(key);
    }

    private JsonObject messages(String locale) throws IOException {
        return new JsonObject(Files.readString(webroot.resolve("i18n/" + locale + ".json"), StandardCharsets.UTF_8));
    }

    private static Path webroot() {
        try {
            return Path.of(MessageFilesTest.class.getResource("/webroot").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
