package org.ruralconsult.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.ruralconsult.signaling.testing.HeadlessChromium;

/**
 * A real headless Chromium ({@link HeadlessChromium}) with a fake camera and microphone, signed in to
 * the console as one user.
 */
final class Browser implements AutoCloseable {
    private final ChromeDriver driver;
    private final Path profile;

    Browser(String baseUrl) {
        try {
            profile = Files.createTempDirectory("chromium-profile");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        driver = HeadlessChromium.start(profile);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        driver.get(baseUrl + "/");
    }

    /** Signs in through the login form, as a person would. */
    void signIn(String login, String password) {
        WebElement form = driver.findElement(By.id("loginForm"));
        form.findElement(By.name("login")).sendKeys(login);
        form.findElement(By.name("password")).sendKeys(password);
        form.findElement(By.cssSelector("button[type=submit]")).click();
        waitUntil(Duration.ofSeconds(15), () -> driver.findElement(By.id("console"))
                .isDisplayed());
    }

    /**
     * Clicks the element the selector names now: lists are drawn again when data arrives (presence, the
     * last consults), so an element found a moment ago may be gone; it is looked up again then.
     */
    void click(String cssSelector) {
        new WebDriverWait(driver, Duration.ofSeconds(10))
                .ignoring(StaleElementReferenceException.class)
                .until(d -> {
                    d.findElement(By.cssSelector(cssSelector)).click();
                    return true;
                });
    }

    void fill(String formId, Map<String, String> values) {
        WebElement form = driver.findElement(By.id(formId));
        values.forEach((name, value) -> {
            WebElement input = form.findElement(By.name(name));
            input.clear();
            input.sendKeys(value);
        });
        form.findElement(By.cssSelector("button[type=submit]")).click();
    }

    /** Chooses an option of a form's select by its value (a specialty, an urgency). */
    void choose(String formId, String name, String value) {
        new Select(driver.findElement(By.id(formId)).findElement(By.name(name))).selectByValue(value);
    }

    String text(String cssSelector) {
        return driver.findElement(By.cssSelector(cssSelector)).getText();
    }

    String attribute(String cssSelector, String name) {
        return driver.findElement(By.cssSelector(cssSelector)).getAttribute(name);
    }

    boolean visible(String id) {
        return driver.findElement(By.id(id)).isDisplayed();
    }

    /** Runs an async script: the last argument is the callback. */
    Object async(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** inbound-rtp stats of this page's subscribe PeerConnection. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> inboundStats() {
        Object result = async("const done = arguments[arguments.length - 1];"
                + "const s = window.consult.session;"
                + "if (!s || !s.inboundStats) { done([]); return; }"
                + "s.inboundStats().then(done, () => done([]));");
        return (List<Map<String, Object>>) result;
    }

    void waitUntil(Duration timeout, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(driver, timeout).until(d -> condition.getAsBoolean());
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary profile left behind harms nothing
        }
    }
}
