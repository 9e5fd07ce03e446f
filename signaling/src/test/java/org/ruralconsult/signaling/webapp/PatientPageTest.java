package org.ruralconsult.signaling.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.ruralconsult.signaling.records.PatientRecords.Vital;
import org.ruralconsult.signaling.testing.KnownRecords;
import org.ruralconsult.signaling.testing.TestNode;
import org.ruralconsult.signaling.testing.WsClient;

/**
 * The patient's record in the browser app (headless Chromium), with records the test controls behind the
 * record API: the township doctor's "last consult" column and the patient's page with its trend chart
 * (uPlot from its WebJar), the same when the record cannot be read, and a county expert's invitation
 * (patient, doctor, reason, urgency, last vitals) and recent consults.
 */
class PatientPageTest {
    private static final JsonObject ZH = AppPage.messages("zh-CN");
    private static final JsonObject EN = AppPage.messages("en");
    /** 10:00 in China on 16 November 2026. */
    private static final Instant MONDAY = Instant.parse("2026-11-16T02:00:00Z");

    private static KnownRecords records() {
        KnownRecords records = new KnownRecords()
                .consult(KnownRecords.finished("call-old", "pat-wang", MONDAY, 12, "doc-li", null))
                .consult(KnownRecords.finished(
                        "call-new", "pat-wang", MONDAY.plusSeconds(2 * 86400), 20, "doc-li", "exp-wang"))
                .consult(KnownRecords.finished("call-home", "pat-li", MONDAY.plusSeconds(3600), 8, "doc-zhang", null));
        int[][] readings = {{141, 88}, {150, 92}, {152, 94}};
        double[] glucose = {6.9, 7.4, 7.8};
        for (int i = 0; i < readings.length; i++) {
            Instant at = MONDAY.plusSeconds(i * 86400L + 300);
            String call = i == 0 ? "call-old" : i == 2 ? "call-new" : "call-other";
            records.vital("pat-wang", new Vital(call, at, "systolic", readings[i][0], "mmHg"))
                    .vital("pat-wang", new Vital(call, at, "diastolic", readings[i][1], "mmHg"))
                    .vital("pat-wang", new Vital(call, at, "glucose", glucose[i], "mmol/L"));
        }
        return records.vital(
                "pat-wang",
                new Vital("call-new", MONDAY.plusSeconds(2 * 86400 + 300), "heartRate", 88, "beats/minute"));
    }

    @Test
    void aDoctorSeesLastConsultsAndOpensAPatientsPageWithTheTrendChart() throws Exception {
        try (TestNode node = TestNode.withPatientRecords(records());
                AppPage page = new AppPage(node.port())) {
            page.signIn("liming");
            page.until(d -> "shown".equals(page.attribute("[data-patient-row=pat-wang] .last-consult", "data-state")));
            assertEquals("2026年11月18日 10:00", page.text("[data-patient-row=pat-wang] .last-consult"), "China time");
            assertEquals(ZH.getString("records.lastNone"), page.text("[data-patient-row=pat-zhang] .last-consult"));
            page.checkScreen("doctor's patients with last consult");

            // keyboard: the patient's name is a button
            page.find("[data-open-record=pat-wang]").sendKeys(Keys.ENTER);
            page.until(d -> "shown".equals(page.attribute("#patientPage", "data-state")));
            assertTrue(page.find("#patients").getAttribute("hidden") != null, "the page covers the list");
            assertEquals("patientPageTitle", page.js("return document.activeElement.id"), "focus moves to the page");
            assertEquals("王秀兰", page.text("#patientName"));
            assertEquals(ZH.getString("status.OFFLINE"), page.text("#patientTvStatus"));
            assertEquals("true", page.attribute("#patientTvPairing", "data-paired"));
            assertEquals(
                    List.of("call-new", "call-old"),
                    page.driver.findElements(By.cssSelector("#patientConsults li.consult")).stream()
                            .map(e -> e.getAttribute("data-call-id"))
                            .toList(),
                    "newest first");
            String newest = page.text("#patientConsults li.consult");
            assertTrue(newest.contains("2026年11月18日 10:00"), newest);
            assertTrue(newest.contains("李明、王建国"), newest);
            assertTrue(newest.contains("氨氯地平改为每天10毫克"), newest);
            assertTrue(newest.contains(ZH.getString("records.status.finished")), newest);

            assertEquals(
                    10,
                    page.driver
                            .findElements(By.cssSelector("#patientVitalRows tr"))
                            .size());
            assertEquals("152 mmHg", page.text("#patientVitalRows tr[data-kind=systolic] .value"));
            assertEquals("7.8 mmol/L", page.text("#patientVitalRows tr[data-kind=glucose] .value"));
            assertTrue(page.text("#patientVitalRows tr").startsWith("2026年11月18日 10:05"), "China time");

            // the chart: three series of three points each, drawn on the canvas
            assertEquals("9", page.attribute("#patientChart", "data-points"));
            assertEquals(
                    List.of(3L, 3L, 3L, 3L),
                    page.js("return window.consult.patientChart.data.map((s) => s.filter((v) => v != null).length)"));
            assertEquals(
                    List.of(152L, 94L, 7.8),
                    page.js("return window.consult.patientChart.data.slice(1).map((s) => s[2])"));
            long painted = (Long)
                    page.js(
                            """
                    const c = document.querySelector('#patientChart canvas');
                    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                    let n = 0;
                    for (let i = 3; i < d.length; i += 4) if (d[i]) n++;
                    return n;""");
            assertTrue(painted > 1000, "the canvas is drawn on: " + painted);
            assertTrue(
                    ((String) page.js("return [...document.scripts].map((s) => s.src).join() + performance"
                                    + ".getEntriesByType('resource').map((r) => r.name).join()"))
                            .contains("/webjars/uplot/1.6.30/dist/uPlot.esm.js"),
                    "uPlot comes from the WebJar on our server");
            page.checkScreen("patient page");
            // tall enough for the chart, the consults and the vitals table in one picture
            page.driver.manage().window().setSize(new Dimension(1280, 1750));
            page.screenshot("web-patient-page.png");
            page.driver.manage().window().setSize(new Dimension(1280, 900));
            page.checkLanguageSwitchChangesEveryLabel("patient page", ZH, EN);
            page.driver.manage().window().setSize(new Dimension(1280, 1750));
            page.screenshot("web-patient-page-en.png");
            page.driver.manage().window().setSize(new Dimension(1280, 900));
            page.switchLanguage();

            page.find("#patientBackBtn").click();
            page.until(d -> d.findElement(By.id("patients")).isDisplayed());
            assertTrue(page.find("#patientPage").getAttribute("hidden") != null);
            assertEquals("pat-wang", page.js("return document.activeElement.dataset.openRecord"), "focus returns");
        }
    }

    @Test
    void careHomeStaffOpenAResidentsPage() throws Exception {
        try (TestNode node = TestNode.withPatientRecords(records());
                AppPage page = new AppPage(node.port())) {
            page.signIn("sunxiuying");
            page.until(d -> !d.findElements(By.cssSelector("#residentRows [data-open-record=pat-li]"))
                    .isEmpty());
            assertTrue(
                    page.driver
                            .findElements(By.cssSelector("#residentRows .last-consult"))
                            .isEmpty(),
                    "the residents' table keeps its columns");
            page.find("#residentRows [data-open-record=pat-li]").sendKeys(Keys.ENTER);
            page.until(d -> "shown".equals(page.attribute("#patientPage", "data-state")));
            assertEquals("李德福", page.text("#patientName"));
            assertEquals(
                    List.of("call-home"),
                    page.driver.findElements(By.cssSelector("#patientConsults li.consult")).stream()
                            .map(e -> e.getAttribute("data-call-id"))
                            .toList());
            assertEquals(ZH.getString("records.noVitals"), page.text("#patientVitalRows td"));
            assertTrue(page.find("#patientChartEmpty").isDisplayed(), "no chart without values, and it says so");
            page.checkScreen("resident's page");
            page.find("#patientBackBtn").sendKeys(Keys.ENTER);
            page.until(d -> d.findElement(By.id("residents")).isDisplayed());
        }
    }

    @Test
    void aRecordThatCannotBeReadIsSaidInWords() throws Exception {
        KnownRecords records = records();
        records.down.set(true);
        try (TestNode node = TestNode.withPatientRecords(records);
                AppPage page = new AppPage(node.port())) {
            page.signIn("liming");
            page.until(d ->
                    "unavailable".equals(page.attribute("[data-patient-row=pat-wang] .last-consult", "data-state")));
            assertEquals(ZH.getString("records.lastUnavailable"), page.text("[data-patient-row=pat-li] .last-consult"));
            page.find("[data-open-record=pat-wang]").click();
            page.until(d -> "error".equals(page.attribute("#patientPage", "data-state")));
            assertEquals("records_unavailable", page.attribute("#patientPage", "data-error"));
            assertEquals(ZH.getString("records.unavailable"), page.text("#patientStatus"));
            assertEquals(
                    0,
                    page.driver
                            .findElements(By.cssSelector("#patientConsults li"))
                            .size(),
                    "no fake history");
            page.checkScreen("patient page, record unavailable");
        }
    }

    @Test
    void anExpertSeesTheInvitationWithTheLastVitalsAndHerRecentConsults() throws Exception {
        KnownRecords records = records();
        try (TestNode node = TestNode.withPatientRecords(records);
                WsClient doctor = node.ws("liming");
                WsClient tv = node.wsWithToken(node.pairTv("pat-wang"));
                AppPage page = new AppPage(node.port())) {
            page.signIn("wangjianguo");
            page.until(d -> "shown".equals(page.attribute("#recentConsults", "data-state")));
            assertEquals(
                    List.of("call-new"),
                    page.driver.findElements(By.cssSelector("#recentList li")).stream()
                            .map(e -> e.getAttribute("data-call-id"))
                            .toList(),
                    "only the consult she took part in");
            String item = page.text("#recentList li");
            assertTrue(item.contains("王秀兰") && item.contains("2026年11月18日 10:00"), item);
            page.checkScreen("expert's recent consults");
            page.screenshot("web-expert-recent.png");

            JsonObject call = doctor.ack(new JsonObject()
                            .put("type", "call.create")
                            .put(
                                    "target",
                                    new JsonObject().put("kind", "patient_tv").put("id", "pat-wang")))
                    .getJsonObject("call");
            String callId = call.getString("id");
            tv.awaitCall(callId, c -> "RINGING".equals(c.getString("state")));
            tv.ack(new JsonObject().put("type", "call.accept").put("callId", callId));
            // the doctor has measured already in this call: these are the vitals the expert must see
            records.vital("pat-wang", new Vital(callId, Instant.now(), "systolic", 168, "mmHg"))
                    .vital("pat-wang", new Vital(callId, Instant.now(), "glucose", 11.2, "mmol/L"));
            doctor.ack(new JsonObject()
                    .put("type", "call.invite")
                    .put("callId", callId)
                    .put("expertId", "exp-wang")
                    .put("reason", "胸闷两周，心电图异常")
                    .put("urgency", "urgent"));

            page.until(d -> d.findElement(By.id("invitation")).isDisplayed());
            page.until(d -> "this-call".equals(page.attribute("#invVitals", "data-state")));
            assertEquals("王秀兰", page.text("#invPatient"));
            assertEquals("李明（东岭镇卫生院）", page.text("#invDoctor"));
            assertEquals("胸闷两周，心电图异常", page.text("#invReason"));
            assertEquals(ZH.getString("urgency.urgent"), page.text("#invUrgency"));
            String vitals = page.text("#invVitals");
            assertTrue(vitals.contains("168 mmHg") && vitals.contains("11.2 mmol/L"), vitals);
            assertTrue(!vitals.contains("152"), "this call's vitals, not older ones: " + vitals);
            page.checkScreen("expert's invitation");
            page.screenshot("web-expert-invitation.png");

            page.find("#declineBtn").click();
            page.until(d -> !d.findElement(By.id("invitation")).isDisplayed());
            doctor.ack(new JsonObject().put("type", "call.end").put("callId", callId));
        }
    }
}
