package org.ruralconsult.signaling.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.ruralconsult.signaling.media.MediaRelay;
import org.ruralconsult.signaling.testing.OneParkedCall;
import org.ruralconsult.signaling.testing.TestNode;
import org.ruralconsult.signaling.testing.WsClient;

/**
 * The admin's screens in a real headless Chromium: a TV listed with its patient and then revoked (its
 * connection closes), a clinical record the FHIR server refused retried, and a county file loaded from a
 * file chooser (a bad one refused with its problem named, a good one's new patient listed at once).
 */
class AdminScreensTest {
    private static final JsonObject ZH = AppPage.messages("zh-CN");
    private static final JsonObject EN = AppPage.messages("en");

    static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(o -> o, null, MediaRelay.NONE, new OneParkedCall());
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void anAdminSeesATvWithItsPatientAndRevokesIt() throws Exception {
        try (WsClient tv = node.wsWithToken(node.pairTv("pat-wang"));
                AppPage page = new AppPage(node.port())) {
            page.signIn("admin");
            String row = "#deviceRows tr[data-device-row=tv-wang]";
            page.until(d -> ZH.getString("status.ONLINE").equals(page.text(row + " .status")));
            assertEquals("王秀兰", page.text(row + " th"));
            assertEquals(ZH.getString("admin.valid"), page.text(row + " .revocation"));
            assertEquals(
                    ZH.getString("admin.neverPaired"),
                    page.text("#deviceRows tr[data-device-row=tv-chen] td:nth-of-type(4)"));
            assertTrue(page.text(row + " td:nth-of-type(4)").matches(".*\\d.*"), "paired at: " + page.text(row));

            page.js("document.getElementById('adminDevices').scrollIntoView()");
            page.checkScreen("admin devices");
            page.screenshot("web-admin-devices.png");
            page.checkLanguageSwitchChangesEveryLabel("admin devices", ZH, EN);
            page.switchLanguage();

            page.find(row + " button").sendKeys(Keys.ENTER);
            assertEquals(4001, tv.awaitClose(), "the revoked TV's connection is closed");
            page.until(d -> ZH.getString("admin.revoked").equals(page.text(row + " .revocation")));
            assertNotNull(page.attribute(row + " button", "disabled"));
            assertTrue(page.text("#toasts").contains("王秀兰"), page.text("#toasts"));
        }
    }

    @Test
    void anAdminRetriesARecordTheFhirServerRefused() throws Exception {
        try (AppPage page = new AppPage(node.port())) {
            page.signIn("admin");
            String row = "#parkedRows tr[data-parked-call=call-refused]";
            page.until(d -> !d.findElements(By.cssSelector(row)).isEmpty());
            assertEquals("422", page.text(row + " td:nth-of-type(2)"));
            assertEquals("Encounter.subject: unknown patient", page.text(row + " td:nth-of-type(3)"));
            assertEquals("正在上传的节点：node-a", page.text("#recordsNode"));
            assertEquals("待上传 4 条，正在发送 2 条，被拒绝的会诊 1 个", page.text("#recordsBacklog"));

            page.js("document.getElementById('adminRecords').scrollIntoView()");
            page.checkScreen("admin records");
            page.screenshot("web-admin-records.png");

            page.find(row + " button").click();
            page.until(d -> "会诊 call-refused 的病历已重新排队上传".equals(page.text("#recordsResult")));
            page.until(d -> d.findElements(By.cssSelector(row)).isEmpty());
            assertEquals(ZH.getString("admin.parkedNone"), page.text("#parkedNone"));
            assertEquals("待上传 3 条，正在发送 2 条，被拒绝的会诊 0 个", page.text("#recordsBacklog"));
            page.checkLanguageSwitchChangesEveryLabel("admin records", ZH, EN);
            page.switchLanguage();
        }
    }

    @Test
    void anAdminLoadsTheCountyFileAndTheNewPatientIsListedAtOnce(@TempDir Path dir) throws Exception {
        JsonObject county = new JsonObject(demoCounty());
        county.getJsonArray("patients")
                .add(new JsonObject()
                        .put("id", "pat-sun")
                        .put("name", "孙玉珍")
                        .put("birthDate", "1939-02-14")
                        .put("gender", "female")
                        .put("homeOrganizationId", "vil-shangling"));
        Path good = Files.writeString(dir.resolve("county.json"), county.encodePrettily());
        JsonObject broken = county.copy();
        broken.getJsonArray("patients").getJsonObject(4).remove("homeOrganizationId");
        Path bad = Files.writeString(dir.resolve("broken.json"), broken.encodePrettily());

        try (AppPage page = new AppPage(node.port())) {
            page.signIn("admin");
            page.until(d -> !d.findElements(By.cssSelector("#patientRows tr")).isEmpty());
            assertTrue(page.driver
                    .findElements(By.cssSelector("#patientRows tr[data-patient-row=pat-sun]"))
                    .isEmpty());

            assertEquals(ZH.getString("admin.countyNoFile"), page.text("#countyFileName"));
            page.find("#countyForm button[type=submit]").click();
            page.until(d -> ZH.getString("admin.countyChoose").equals(page.text("#countyResult")));
            page.find("#countyFile").sendKeys(bad.toString());
            assertEquals("已选择：broken.json", page.text("#countyFileName"));
            page.find("#countyForm button[type=submit]").click();
            page.until(d -> "refused".equals(page.attribute("#countyResult", "data-outcome")));
            assertEquals("文件未导入，问题：patients[4]: missing homeOrganizationId", page.text("#countyResult"));

            page.find("#countyFile").sendKeys(good.toString());
            page.find("#countyForm button[type=submit]").click();
            page.until(d -> "loaded".equals(page.attribute("#countyResult", "data-outcome")));
            assertEquals("已导入：6 个机构，9 位医护人员，5 位患者，4 台电视", page.text("#countyResult"));
            page.until(d -> !d.findElements(By.cssSelector("#patientRows tr[data-patient-row=pat-sun]"))
                    .isEmpty());
            assertEquals("孙玉珍", page.text("#patientRows tr[data-patient-row=pat-sun] th"));

            page.js("document.getElementById('adminCounty').scrollIntoView()");
            page.checkScreen("admin county");
            page.screenshot("web-admin-county.png");
            page.checkLanguageSwitchChangesEveryLabel("admin county", ZH, EN);
            page.switchLanguage();
        }
    }

    private static String demoCounty() throws Exception {
        try (InputStream in = AdminScreensTest.class.getResourceAsStream("/seed/demo-county.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
