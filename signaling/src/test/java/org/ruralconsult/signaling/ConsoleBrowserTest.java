package org.ruralconsult.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ruralconsult.signaling.CallFlowTest.memberState;
import static org.ruralconsult.signaling.CallFlowTest.waitFor;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.ruralconsult.domain.event.ConsultNoteRecorded;
import org.ruralconsult.domain.event.VitalsRecorded;
import org.ruralconsult.signaling.testing.HeadlessChromium;
import org.ruralconsult.signaling.testing.TestNode;
import org.ruralconsult.signaling.testing.WsClient;

/**
 * The browser console served at / against this server, in a real headless Chromium (Debian's chromium
 * and chromium-driver, installed by scripts/install-test-deps.sh): a township doctor signs in, sees the
 * TVs of the township, calls one, the TV answers, the doctor records vitals and a note and ends the consult.
 * (Media is the media relay's: without one the console shows not_implemented and the call goes on.)
 */
class ConsoleBrowserTest {
    @Test
    void aDoctorCallsATvFromTheConsoleAndRecordsTheConsult() throws Exception {
        try (TestNode node = TestNode.start()) {
            String tvToken = node.pairTv("pat-wang");
            ChromeDriver browser = chromium();
            try (WsClient tv = node.wsWithToken(tvToken)) {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
                browser.get("http://127.0.0.1:" + node.port() + "/");
                WebElement login = browser.findElement(By.id("loginForm"));
                login.findElement(By.name("login")).sendKeys("liming");
                login.findElement(By.name("password")).sendKeys(TestNode.PASSWORD);
                login.findElement(By.cssSelector("button[type=submit]")).click();
                wait.until(d -> d.findElement(By.id("console")).isDisplayed());
                assertTrue(
                        browser.findElement(By.id("who")).getText().contains("李明"),
                        browser.findElement(By.id("who")).getText());

                wait.until(d -> !d.findElements(By.cssSelector("button[data-patient-id=\"pat-wang\"]:not([disabled])"))
                        .isEmpty());
                assertTrue(
                        browser.findElements(By.cssSelector("button[data-patient-id=\"pat-chen\"]"))
                                .isEmpty(),
                        "another township's TV is not offered");
                browser.findElement(By.cssSelector("button[data-patient-id=\"pat-wang\"]:not([disabled])"))
                        .click();

                JsonObject ringing = tv.await(m -> "call.update".equals(m.getString("type"))
                        && "RINGING".equals(memberState(m.getJsonObject("call"), "tv-wang")));
                String id = ringing.getJsonObject("call").getString("id");
                tv.ack(new JsonObject().put("type", "call.accept").put("callId", id));
                wait.until(d -> d.findElement(By.id("call")).isDisplayed());

                fill(browser, "vitalsForm", List.of("systolicMmHg", "152", "diastolicMmHg", "94"));
                waitFor(() -> node.sinkEvents().stream()
                        .anyMatch(
                                e -> e instanceof VitalsRecorded v && v.callId().equals(id)));
                fill(browser, "noteForm", List.of("note", "血压偏高，两周后复查"));
                waitFor(() -> node.sinkEvents().stream()
                        .anyMatch(e ->
                                e instanceof ConsultNoteRecorded n && n.callId().equals(id)));

                fill(browser, "messageForm", List.of("text", "请把血压计放在桌上"));
                JsonObject shown = tv.awaitType("call.message");
                assertEquals("请把血压计放在桌上", shown.getString("text"));
                assertEquals("李明", shown.getJsonObject("from").getString("name"));
                wait.until(d -> d.findElement(By.id("messageLog")).getText().contains("李明: 请把血压计放在桌上"));
                assertEquals(
                        "",
                        browser.findElement(By.id("messageForm"))
                                .findElement(By.name("text"))
                                .getAttribute("value"),
                        "the field is cleared once sent");
                // The live call as the doctor sees it, with the text sent to the TV (docs/screenshots).
                Path shot =
                        Path.of(System.getProperty("screenshots.dir", "../docs/screenshots"), "console-live-call.png");
                Files.createDirectories(shot.getParent());
                browser.manage().window().setSize(new Dimension(1280, 1100));
                browser.executeScript("window.scrollTo(0, 0)"); // the call (sending the text scrolled down)
                Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));

                browser.findElement(By.id("endBtn")).click();
                JsonObject ended = tv.awaitCall(id, c -> "ENDED".equals(c.getString("state")));
                assertEquals("COMPLETED", ended.getString("outcome"));
                wait.until(d -> !d.findElement(By.id("call")).isDisplayed());
            } finally {
                browser.quit();
                deleteProfile();
            }
        }
    }

    private static void fill(ChromeDriver browser, String formId, List<String> nameValues) {
        WebElement form = browser.findElement(By.id(formId));
        for (int i = 0; i < nameValues.size(); i += 2) {
            WebElement input = form.findElement(By.name(nameValues.get(i)));
            input.clear();
            input.sendKeys(nameValues.get(i + 1));
        }
        form.findElement(By.cssSelector("button[type=submit]")).click();
    }

    private Path profile;

    private void deleteProfile() throws java.io.IOException {
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    private ChromeDriver chromium() throws Exception {
        profile = Files.createTempDirectory("rc-chromium");
        return HeadlessChromium.start(profile);
    }
}
