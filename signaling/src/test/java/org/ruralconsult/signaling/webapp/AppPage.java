package org.ruralconsult.signaling.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.ruralconsult.signaling.testing.HeadlessChromium;
import org.ruralconsult.signaling.testing.TestNode;

/**
 * The browser app in a real headless Chromium, with the checks every screen gets: each visible text comes
 * from the message files or is data, text is at least 16 px, axe-core finds no serious or critical
 * violation, and a language switch changes every label.
 */
final class AppPage implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(20);

    /** Visible text nodes that are neither a message (data-i18n) nor data (data-value): must be none. */
    private static final String UNLABELLED_TEXT =
            """
            const out = [];
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
              const text = n.textContent.trim();
              const parent = n.parentElement;
              if (!text || parent.closest('script,style') || !parent.checkVisibility()) continue;
              if (!parent.closest('[data-i18n],[data-value]')) out.push(text);
            }
            return out;""";

    /** Every visible message on the page, in document order: [key, text]. */
    private static final String LABELS =
            """
            return [...document.querySelectorAll('[data-i18n]')]
              .filter((e) => e.checkVisibility() || (e.tagName === 'OPTION' && e.parentElement.checkVisibility()))
              .map((e) => [e.dataset.i18n, e.textContent]);""";

    /** Visible elements with their own text under 16 px: must be none. */
    private static final String SMALL_TEXT =
            """
            const out = [];
            for (const e of document.body.querySelectorAll('*')) {
              if (!e.checkVisibility()) continue;
              const own = [...e.childNodes].some((c) => c.nodeType === 3 && c.textContent.trim());
              const size = parseFloat(getComputedStyle(e).fontSize);
              if (own && size < 16) out.push(e.tagName + ' ' + size + 'px: ' + e.textContent.trim().slice(0, 30));
            }
            return out;""";

    private static final String AXE_RUN =
            """
            const done = arguments[arguments.length - 1];
            axe.run(document, { resultTypes: ['violations'] }).then((r) => done(r.violations
              .filter((v) => v.impact === 'serious' || v.impact === 'critical')
              .map((v) => v.id + ' (' + v.impact + '): ' + v.nodes.map((n) => n.target.join(' ')).join(', '))),
              (e) => done(['axe failed: ' + e]));""";

    final ChromeDriver driver;
    private final Path profile;
    private final int port;

    AppPage(int port) throws IOException {
        this(port, true);
    }

    /** With {@code camera} false the browser denies camera and microphone (HeadlessChromium). */
    AppPage(int port, boolean camera) throws IOException {
        this.port = port;
        profile = Files.createTempDirectory("rc-chromium");
        driver = HeadlessChromium.start(profile, camera);
        driver.manage().timeouts().scriptTimeout(WAIT);
        driver.manage().window().setSize(new Dimension(1280, 900));
        open();
    }

    /** Loads the app and waits until its messages are in. */
    void open() {
        driver.get("http://127.0.0.1:" + port + "/");
        until(d -> !d.findElement(By.cssSelector("#loginForm button[type=submit]"))
                .getText()
                .isEmpty());
    }

    void signIn(String login) {
        WebElement form = driver.findElement(By.id("loginForm"));
        form.findElement(By.name("login")).sendKeys(login);
        form.findElement(By.name("password")).sendKeys(TestNode.PASSWORD);
        form.findElement(By.cssSelector("button[type=submit]")).click();
        until(d -> d.findElement(By.id("console")).isDisplayed());
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    /** The rendered text of the first match, read in one step (a re-rendered list leaves no stale element). */
    String text(String css) {
        return (String) js("const e = document.querySelector(arguments[0]); return e ? e.innerText : null;", css);
    }

    /** An attribute of the first match, read in one step; null when absent. */
    String attribute(String css, String name) {
        return (String) js(
                "const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null;",
                css,
                name);
    }

    Object js(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    void until(java.util.function.Function<org.openqa.selenium.WebDriver, Boolean> condition) {
        new WebDriverWait(driver, WAIT).until(condition);
    }

    String lang() {
        return (String) js("return document.documentElement.lang");
    }

    /** Clicks the language button and waits until the page speaks the other language. */
    void switchLanguage() {
        String before = lang();
        find("#langBtn").click();
        until(d -> !lang().equals(before));
    }

    /** The checks every screen gets, in the current language. */
    void checkScreen(String screen) {
        assertEquals(List.of(), js(UNLABELLED_TEXT), screen + ": visible text that is not from the message files");
        assertEquals(List.of(), js(SMALL_TEXT), screen + ": text under 16 px");
        assertEquals(List.of(), axeViolations(), screen + ": axe-core serious or critical violations");
    }

    /**
     * Every visible label before and after a language switch: each must change, except messages that
     * the two files write the same (a name and a role, a time and a text), which must then be data.
     */
    void checkLanguageSwitchChangesEveryLabel(String screen, JsonObject zh, JsonObject en) {
        List<List<String>> before = labels();
        switchLanguage();
        List<List<String>> after = labels();
        assertEquals(before.size(), after.size(), screen + ": the same labels in both languages");
        List<String> unchanged = new ArrayList<>();
        for (int i = 0; i < before.size(); i++) {
            String key = before.get(i).get(0);
            boolean sameTemplate = zh.getString(key).equals(en.getString(key));
            if (!sameTemplate && before.get(i).get(1).equals(after.get(i).get(1))) {
                unchanged.add(key + " = " + after.get(i).get(1));
            }
        }
        assertEquals(List.of(), unchanged, screen + ": labels that did not change language");
        checkScreen(screen + " (" + lang() + ")");
    }

    @SuppressWarnings("unchecked")
    List<List<String>> labels() {
        return (List<List<String>>) js(LABELS);
    }

    @SuppressWarnings("unchecked")
    List<String> axeViolations() {
        js(axeSource());
        return (List<String>) driver.executeAsyncScript(AXE_RUN);
    }

    /** A screenshot into docs/screenshots (the README shows them). */
    void screenshot(String name) throws IOException {
        Path shot = Path.of(System.getProperty("screenshots.dir", "../docs/screenshots"), name);
        Files.createDirectories(shot.getParent());
        Files.write(shot, driver.getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The message files the server serves, for the language-switch check. */
    static JsonObject messages(String locale) {
        return new JsonObject(resource("/webroot/i18n/" + locale + ".json"));
    }

    /** axe.min.js from the org.webjars.npm:axe-core test dependency, read once (holder idiom). */
    private static final class Axe {
        static final String SOURCE = load();

        private static String load() {
            Properties pom = new Properties();
            try (InputStream in =
                    AppPage.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/axe-core/pom.properties")) {
                pom.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return resource("/META-INF/resources/webjars/axe-core/" + pom.getProperty("version") + "/axe.min.js");
        }
    }

    private static String axeSource() {
        return Axe.SOURCE;
    }

    private static String resource(String path) {
        try (InputStream in = AppPage.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("no resource " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> map(Object o) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) o;
        return m;
    }
}
