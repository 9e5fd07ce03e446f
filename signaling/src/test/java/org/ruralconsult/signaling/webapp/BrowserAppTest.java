package org.ruralconsult.signaling.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.ruralconsult.signaling.testing.TestNode;
import org.ruralconsult.signaling.testing.WsClient;

/**
 * The clinicians' and staff's browser app (webroot) in a real headless Chromium against a running
 * server: sign-in, the township doctor's home, an incoming call that rings, a dropped connection that
 * comes back and rejoins the call, and the care-home staff's residents and TV pairing. Every screen is
 * checked in zh-CN (and the doctor's home in English too) for text outside the message files, text under
 * 16 px and axe-core's serious or critical violations, and photographed for docs/screenshots.
 */
class BrowserAppTest {
    private static final JsonObject ZH = AppPage.messages("zh-CN");
    private static final JsonObject EN = AppPage.messages("en");

    @Test
    void signInSpeaksChineseFirstAndRemembersEnglish() throws Exception {
        try (TestNode node = TestNode.start();
                AppPage page = new AppPage(node.port())) {
            assertEquals("zh-CN", page.lang());
            assertEquals(ZH.getString("signIn.submit"), page.text("#loginForm button[type=submit]"));
            assertEquals(ZH.getString("app.title"), page.driver.getTitle());
            page.checkScreen("sign-in");
            page.screenshot("web-sign-in.png");

            page.find("#loginForm [name=login]").sendKeys("liming");
            page.find("#loginForm [name=password]").sendKeys("wrong password");
            page.find("#loginForm button[type=submit]").click();
            page.until(d -> ZH.getString("error.unauthorized").equals(page.text("#loginError")));

            page.checkLanguageSwitchChangesEveryLabel("sign-in", ZH, EN);
            assertEquals(EN.getString("error.unauthorized"), page.text("#loginError"), "the error re-renders too");
            page.open();
            assertEquals("en", page.lang(), "the choice is remembered");
            assertEquals(EN.getString("signIn.submit"), page.text("#loginForm button[type=submit]"));
            page.switchLanguage();
            page.open();
            assertEquals("zh-CN", page.lang());
        }
    }

    @Test
    void aTownshipDoctorSeesTheirPatientsTvsSearchesGoesOnDutyAndInEnglish() throws Exception {
        try (TestNode node = TestNode.start();
                WsClient tv = node.wsWithToken(node.pairTv("pat-wang"));
                WsClient colleague = node.ws("zhangfang");
                AppPage page = new AppPage(node.port())) {
            page.signIn("liming");
            assertEquals("李明 · " + ZH.getString("role.TOWNSHIP_DOCTOR"), page.text("#who"));
            assertEquals(ZH.getString("conn.connected"), page.text("#conn"));
            page.until(d -> !d.findElements(By.cssSelector("button[data-patient-id=\"pat-wang\"]:not([disabled])"))
                    .isEmpty());
            assertEquals(
                    List.of("pat-li", "pat-wang", "pat-zhang"),
                    page.driver.findElements(By.cssSelector("#patientRows tr")).stream()
                            .map(r -> r.getAttribute("data-patient-row"))
                            .sorted()
                            .toList(),
                    "the patients of 东岭镇, not another township's");
            assertEquals(ZH.getString("status.ONLINE"), page.text("[data-patient-row=pat-wang] .status"));
            assertEquals(ZH.getString("status.OFFLINE"), page.text("[data-patient-row=pat-li] .status"));
            assertTrue(page.attribute("button[data-patient-id=pat-li]", "disabled") != null);

            page.find("#patientSearch").sendKeys("王");
            page.until(d -> d.findElements(By.cssSelector("#patientRows tr")).size() == 1);
            assertEquals("王秀兰", page.text("#patientRows th"));
            assertEquals("显示 1 / 共 3 位", page.text("#patientCount"));
            page.find("#patientSearch").clear();
            page.find("#patientSearch").sendKeys("不存在");
            page.until(d -> ZH.getString("patients.none").equals(page.text("#patientCount")));
            page.js("const s = document.getElementById('patientSearch'); s.value = '';"
                    + " s.dispatchEvent(new Event('input'));");
            page.until(d -> d.findElements(By.cssSelector("#patientRows tr")).size() == 3);

            // On duty with the keyboard: focus the switch, press space; a colleague's presence shows it.
            colleague.ack(new JsonObject().put("type", "presence.subscribe"));
            page.find("#onDuty").sendKeys(" ");
            colleague.await(m -> "presence.update".equals(m.getString("type"))
                    && "doc-li".equals(m.getString("partyId"))
                    && m.getBoolean("onDuty", false));

            page.checkScreen("doctor home");
            page.screenshot("web-doctor-home.png");
            page.checkLanguageSwitchChangesEveryLabel("doctor home", ZH, EN);
            assertEquals(EN.getString("status.ONLINE"), page.text("[data-patient-row=pat-wang] .status"));
            page.screenshot("web-doctor-home-en.png");
            page.switchLanguage();

            // The TV is switched off: its row says so and the call button goes.
            tv.close();
            page.until(d -> ZH.getString("status.OFFLINE").equals(page.text("[data-patient-row=pat-wang] .status")));
            assertTrue(page.attribute("button[data-patient-id=pat-wang]", "disabled") != null);

            page.find("#signOutBtn").click();
            page.until(d -> d.findElement(By.id("login")).isDisplayed());
            assertEquals(ZH.getString("conn.offline"), page.text("#conn"));
        }
    }

    @Test
    void anIncomingCallRingsNotifiesAHiddenTabAndADroppedConnectionRejoinsTheCall() throws Exception {
        try (TestNode node = TestNode.start();
                WsClient tv = node.wsWithToken(node.pairTv("pat-wang"));
                WsClient colleague = node.ws("zhangfang");
                AppPage page = new AppPage(node.port())) {
            page.signIn("liming");
            colleague.ack(new JsonObject().put("type", "presence.subscribe"));
            page.find("#onDuty").click();
            colleague.await(m -> "presence.update".equals(m.getString("type"))
                    && "doc-li".equals(m.getString("partyId"))
                    && m.getBoolean("onDuty", false));
            // The tab is in the background, notifications allowed: a stand-in Notification records what
            // the app shows (headless Chromium has no notification centre to look at).
            page.js("window.shownNotifications = [];"
                    + "window.Notification = class { static permission = 'granted';"
                    + " constructor(title, options) { window.shownNotifications.push({ title, body: options.body }); }"
                    + " close() {} };"
                    + "Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });");

            // "Call my doctor" from the TV rings the on-duty doctor: the ring panel, the tone, the notification.
            tv.ack(new JsonObject()
                    .put("type", "call.create")
                    .put("target", new JsonObject().put("kind", "on_duty_doctors")));
            page.until(d -> d.findElement(By.id("ringing")).isDisplayed());
            assertTrue(page.text("#ringText").contains("王秀兰"), page.text("#ringText"));
            page.until(d -> ((Number) page.js("return window.consult.ringer.tonesPlayed")).intValue() >= 1);
            assertEquals(true, page.js("return window.consult.ringer.ringing"));
            assertEquals("running", page.js("return window.consult.ringer.audio.state"), "the tone really plays");
            var notification = AppPage.map(page.js("return window.shownNotifications[0]"));
            assertEquals(ZH.getString("ring.notificationTitle"), notification.get("title"));
            assertTrue(notification.get("body").toString().contains("王秀兰"), notification.toString());
            page.checkScreen("ringing");

            page.find("#acceptBtn").click();
            page.until(d -> d.findElement(By.id("call")).isDisplayed());
            assertEquals(false, page.js("return window.consult.ringer.ringing"), "answering stops the ring");
            String callId = (String) page.js("return window.consult.state.call.id");

            // The socket drops (as on a network change): the badge says so, the app reconnects by itself
            // and rejoins the call within the grace period.
            page.js("window.badgeStates = [];"
                    + "new MutationObserver(() => window.badgeStates.push(document.getElementById('conn').dataset.state))"
                    + ".observe(document.getElementById('conn'), { attributes: true });"
                    + "window.consult.client.ws.close();");
            long dropped = tv.awaitCall(callId, c -> "DISCONNECTED".equals(memberState(c, "doc-li")))
                    .getLong("version");
            // JOINED again after the drop (a snapshot from before it would say JOINED too)
            tv.awaitCall(callId, c -> c.getLong("version") > dropped && "JOINED".equals(memberState(c, "doc-li")));
            page.until(d -> "connected".equals(page.attribute("#conn", "data-state")));
            assertTrue(
                    ((List<?>) page.js("return window.badgeStates")).contains("reconnecting"),
                    "the badge said reconnecting: " + page.js("return window.badgeStates"));
            assertEquals(ZH.getString("conn.connected"), page.text("#conn"));
            // the page's own snapshot says so too (the "back in the consult" notice lasts only 8 s)
            page.until(d -> "JOINED"
                    .equals(page.js("return window.consult.state.call.members"
                            + ".find((m) => m.party.id === 'doc-li').state")));

            page.find("#endBtn").click();
            JsonObject ended = tv.awaitCall(callId, c -> "ENDED".equals(c.getString("state")));
            assertEquals("COMPLETED", ended.getString("outcome"));
            page.until(d -> !d.findElement(By.id("call")).isDisplayed());
        }
    }

    @Test
    void aLongSessionRefreshesItsTokenSoALateReconnectIsStillSignedIn() throws Exception {
        // Tokens that live 3 s: the app refreshes at half their life (1.5 s).
        try (TestNode node = TestNode.start(o -> o.accessTokenTtl(Duration.ofSeconds(3)), null);
                AppPage page = new AppPage(node.port())) {
            page.signIn("liming");
            List<String> tokens = new ArrayList<>();
            tokens.add((String) page.js("return window.consult.client.token"));
            for (int refreshes = 0; refreshes < 3; refreshes++) {
                page.until(d -> !tokens.contains((String) page.js("return window.consult.client.token")));
                tokens.add((String) page.js("return window.consult.client.token"));
            }
            // The first token has expired by now (three refreshes take 4.5 s); the socket drops and comes back.
            page.js("window.consult.client.ws.close();");
            page.until(d -> "reconnecting".equals(page.attribute("#conn", "data-state")));
            page.until(d -> "connected".equals(page.attribute("#conn", "data-state")));
            assertTrue(page.find("#console").isDisplayed(), "still signed in");
            assertEquals(401L, statusOfPatientsWith(page, tokens.get(0)), "the first token has expired");
            assertEquals(200L, statusOfPatientsWith(page, (String) page.js("return window.consult.client.token")));
        }
    }

    @Test
    void careHomeStaffPairAResidentsTvByChoosingTheResidentAndStartACall() throws Exception {
        try (TestNode node = TestNode.start();
                WsClient doctor = node.ws("zhangfang");
                WsClient newTv = node.anonymous();
                AppPage page = new AppPage(node.port())) {
            doctor.ack(new JsonObject().put("type", "presence.set_on_duty").put("onDuty", true));
            page.signIn("sunxiuying");
            page.until(d -> d.findElements(By.cssSelector("#residentRows tr")).size() == 2);
            assertTrue(page.attribute("#patients", "hidden") != null, "staff see residents, not a township");

            // The new TV shows a code; the staff member picks the resident by name and types the code.
            newTv.request(new JsonObject().put("type", "hello").put("v", 1), "welcome");
            String code = newTv.request(new JsonObject().put("type", "pairing.request"), "pairing.code")
                    .getString("code");
            Select resident = new Select(page.find("#pairForm [name=patientId]"));
            assertEquals(
                    List.of(ZH.getString("pairing.choose"), "李德福", "张桂英"),
                    resident.getOptions().stream().map(o -> o.getText()).toList());
            resident.selectByVisibleText("李德福");
            page.find("#pairForm [name=code]").sendKeys(code);
            page.checkScreen("pairing");
            page.screenshot("web-pairing.png");
            page.find("#pairForm button[type=submit]").click();
            String deviceToken = newTv.awaitType("pairing.complete").getString("deviceToken");
            page.until(d -> d.findElement(By.id("toasts")).getText().contains("已为李德福配对电视"));

            try (WsClient tv = node.wsWithToken(deviceToken)) {
                page.until(d -> ZH.getString("status.ONLINE").equals(page.text("[data-patient-row=pat-li] .status")));
                page.checkScreen("care-home residents");
                page.screenshot("web-care-home-residents.png");

                page.find("button[data-patient-id=pat-li]:not([disabled])").click();
                JsonObject ringing = doctor.await(m -> "call.update".equals(m.getString("type"))
                        && "RINGING".equals(memberState(m.getJsonObject("call"), "doc-zhang")));
                String callId = ringing.getJsonObject("call").getString("id");
                tv.awaitCall(callId, c -> "JOINED".equals(memberState(c, "tv-li")));
                page.until(d -> d.findElement(By.id("call")).isDisplayed());
                page.until(d -> d.findElement(By.id("toasts")).getText().contains("已为李德福发起会诊"));
                page.find("#leaveBtn").click();
                tv.awaitCall(callId, c -> "LEFT".equals(memberState(c, "staff-sun")));
            }
        }
    }

    /** GET /api/patients from the page with a token: the HTTP status. */
    private static long statusOfPatientsWith(AppPage page, String token) {
        return (Long) page.driver.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch('/api/patients', { headers: { authorization: 'Bearer ' + arguments[0] } })"
                        + ".then((r) => done(r.status), () => done(-1));",
                token);
    }

    /** A member's state in a call snapshot, or null. */
    private static String memberState(JsonObject call, String partyId) {
        for (Object m : call.getJsonArray("members")) {
            JsonObject member = (JsonObject) m;
            if (partyId.equals(member.getJsonObject("party").getString("id"))) return member.getString("state");
        }
        return null;
    }
}
