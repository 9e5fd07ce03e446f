package org.ruralconsult.signaling.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.ruralconsult.domain.event.ConsultNoteRecorded;
import org.ruralconsult.domain.event.VitalsRecorded;
import org.ruralconsult.signaling.testing.TestNode;
import org.ruralconsult.signaling.testing.WsClient;

/**
 * The consult screen in a live call with real media (the in-process SFU, two headless Chromiums with
 * fake camera and microphone, the TV a protocol client): tiles with names and organizations, mute and
 * camera off change the sent tracks, the quality indicator shows getStats numbers, an expert invited by
 * specialty with the invitation's state until she joins, vitals out of range refused with a message, and
 * the summary after the end.
 */
class ConsultScreenTest {
    /** A node with the real SFU (the in-process media relay) on loopback. */
    static TestNode mediaNode() throws Exception {
        return TestNode.start(
                o -> o.mediaEnabled(true).mediaBind("127.0.0.1").mediaPort(0).mediaWorkers(1), null, null);
    }

    /** The enabled state of the track the publish PeerConnection sends, of one kind. */
    private static final String SENT_ENABLED =
            """
            const s = window.consult.session;
            const sender = s && s.publishPc && s.publishPc.getSenders().find((x) => x.track && x.track.kind === arguments[0]);
            return sender ? sender.track.enabled : null;""";

    /** The rids on which the publish PeerConnection's video encoded frames, sorted, comma-separated (async). */
    private static final String SENT_RIDS =
            """
            const done = arguments[arguments.length - 1];
            window.consult.session.publishPc.getStats().then((r) => {
              const rids = [];
              r.forEach((s) => {
                if (s.type === 'outbound-rtp' && s.kind === 'video' && s.framesEncoded > 0) rids.push(s.rid || '-');
              });
              done(rids.sort().join(','));
            });""";

    /** Width of the decoded video in a participant's tile (0 until frames are decoded). */
    static final String VIDEO_WIDTH =
            """
            const v = document.querySelector('[data-participant="' + arguments[0] + '"] video');
            return v ? v.videoWidth : 0;""";

    @Test
    void aDoctorConsultsWithAnInvitedExpertAndSeesTheSummary() throws Exception {
        try (TestNode node = mediaNode();
                WsClient tv = node.wsWithToken(node.pairTv("pat-wang"));
                AppPage expert = new AppPage(node.port());
                AppPage doctor = new AppPage(node.port())) {
            expert.signIn("wangjianguo");
            expert.find("#onDuty").click();
            String doctorToken = node.token("liming");
            CallFlowWait.until(() -> node.get("/api/experts", doctorToken)
                    .bodyAsJsonObject()
                    .getJsonArray("experts")
                    .getJsonObject(0)
                    .getBoolean("onDuty"));

            doctor.driver.manage().window().setSize(new Dimension(1280, 1400));
            doctor.signIn("liming");
            doctor.until(d -> !d.findElements(By.cssSelector("button[data-patient-id=\"pat-wang\"]:not([disabled])"))
                    .isEmpty());
            doctor.find("button[data-patient-id=\"pat-wang\"]").click();
            JsonObject ringing = tv.await(m -> "call.update".equals(m.getString("type"))
                    && "RINGING".equals(stateOf(m.getJsonObject("call"), "tv-wang")));
            String id = ringing.getJsonObject("call").getString("id");
            tv.ack(new JsonObject().put("type", "call.accept").put("callId", id));

            // the TV's tile: the patient's name and village, whether or not it sends media
            doctor.until(d -> d.findElement(By.id("call")).isDisplayed());
            doctor.until(d -> doctor.text("#tile-tv-wang") != null
                    && doctor.text("#tile-tv-wang").contains("王秀兰")
                    && doctor.text("#tile-tv-wang").contains("上岭村"));

            // mute and camera off change the track the browser sends; the buttons say so
            doctor.until(d -> Boolean.TRUE.equals(doctor.js(SENT_ENABLED, "audio")));
            doctor.find("#muteBtn").click();
            assertEquals("true", doctor.attribute("#muteBtn", "aria-pressed"));
            assertEquals(false, doctor.js(SENT_ENABLED, "audio"));
            doctor.find("#cameraBtn").click();
            assertEquals("true", doctor.attribute("#cameraBtn", "aria-pressed"));
            assertEquals(false, doctor.js(SENT_ENABLED, "video"));
            doctor.find("#muteBtn").click();
            doctor.find("#cameraBtn").click();
            assertEquals("false", doctor.attribute("#muteBtn", "aria-pressed"));
            assertEquals(true, doctor.js(SENT_ENABLED, "audio"));
            assertEquals(true, doctor.js(SENT_ENABLED, "video"));

            // invite by specialty, chosen from the county's list; the invitation's state is shown
            doctor.until(d -> new Select(d.findElement(By.id("inviteSpecialty")))
                            .getOptions()
                            .size()
                    == 3);
            WebElement invite = doctor.find("#inviteForm");
            String experts = doctor.text("#inviteExpert");
            assertTrue(experts.contains("王建国（心内科，在线，值班）") && experts.contains("陈丽华（内分泌科，离线，未值班）"), experts);
            // no endocrinologist on duty and online: said in words, with what to do
            new Select(doctor.find("#inviteSpecialty")).selectByValue("endocrinology");
            invite.findElement(By.name("reason")).sendKeys("血糖控制不佳");
            invite.findElement(By.cssSelector("button[type=submit]")).click();
            doctor.until(d -> "现在没有值班且在线的内分泌科专家：可以指定一位专家，或稍后再邀请".equals(doctor.text("#inviteError")));
            invite.findElement(By.name("reason")).clear();
            new Select(doctor.find("#inviteSpecialty")).selectByValue("cardiology");
            invite.findElement(By.name("reason")).sendKeys("血压持续偏高，请心内科会诊");
            new Select(invite.findElement(By.name("urgency"))).selectByValue("urgent");
            invite.findElement(By.cssSelector("button[type=submit]")).click();
            doctor.until(
                    d -> "RINGING".equals(doctor.attribute("#inviteState li[data-expert=\"exp-wang\"]", "data-state")));
            assertEquals("王建国（心内科）：正在呼叫…", doctor.text("#inviteState li[data-expert=\"exp-wang\"]"));
            doctor.checkScreen("consult, expert ringing");
            doctor.screenshot("web-consult-invite.png");

            expert.until(d -> d.findElement(By.id("ringing")).isDisplayed());
            assertTrue(expert.text("#ringText").contains("血压持续偏高"), expert.text("#ringText"));
            expert.find("#acceptBtn").click();
            doctor.until(
                    d -> "JOINED".equals(doctor.attribute("#inviteState li[data-expert=\"exp-wang\"]", "data-state")));
            assertEquals("王建国（心内科）：已加入", doctor.text("#inviteState li[data-expert=\"exp-wang\"]"));

            // both decode the other's video, in tiles named from the call's members
            doctor.until(d -> ((Number) doctor.js(VIDEO_WIDTH, "exp-wang")).intValue() > 0);
            expert.until(d -> ((Number) expert.js(VIDEO_WIDTH, "doc-li")).intValue() > 0);
            // the camera goes out as simulcast: the relay's answer accepted both rids and both carry frames
            assertEquals(
                    true,
                    doctor.js(
                            "return window.consult.session.publishPc.remoteDescription.sdp.includes('a=simulcast');"));
            doctor.until(d -> "f,q".equals(((JavascriptExecutor) d).executeAsyncScript(SENT_RIDS)));
            assertTrue(doctor.text("#tile-exp-wang").contains("王建国"));
            assertTrue(doctor.text("#tile-exp-wang").contains("青山县人民医院"));
            assertTrue(expert.text("#tile-doc-li").contains("东岭镇卫生院"));

            // the quality indicator: words, and the numbers getStats gave
            doctor.until(d -> !"none".equals(doctor.attribute("#quality", "data-grade"))
                    && !doctor.attribute("#quality", "data-rtt").isEmpty()
                    && !doctor.attribute("#quality", "data-fps").isEmpty()
                    && !doctor.attribute("#quality", "data-loss").isEmpty());
            // one reading of words and numbers together: the indicator changes every second
            @SuppressWarnings("unchecked")
            List<String> reading = (List<String>) doctor.js("const q = document.getElementById('quality');"
                    + " return [q.dataset.grade, q.innerText, q.dataset.rtt, q.dataset.fps];");
            String grade = reading.get(0);
            assertTrue(List.of("good", "fair", "poor").contains(grade), grade);
            String quality = reading.get(1);
            String rtt = reading.get(2);
            String fps = reading.get(3);
            assertTrue(
                    quality.contains("往返 " + rtt + " 毫秒") && quality.contains(fps + " 帧/秒"),
                    quality + " / rtt " + rtt + " fps " + fps);
            assertTrue(Integer.parseInt(fps) > 0, "frames are received: " + fps);
            assertTrue(
                    quality.startsWith("连接质量："
                            + Map.of("good", "良好", "fair", "一般", "poor", "差").get(grade)),
                    quality);

            // vitals out of range: refused here, with the field named, nothing sent
            fill(doctor, "vitalsForm", List.of("systolicMmHg", "400", "diastolicMmHg", "90"));
            doctor.until(d -> "收缩压应为 40–300 mmHg 之间的整数".equals(doctor.text("#vitalsError")));
            assertEquals("true", doctor.attribute("#vitalsForm [name=systolicMmHg]", "aria-invalid"));
            fill(doctor, "vitalsForm", List.of("systolicMmHg", "152", "diastolicMmHg", "94", "heartRatePerMin", "78"));
            CallFlowWait.until(() -> node.sinkEvents().stream()
                    .anyMatch(e -> e instanceof VitalsRecorded v && v.callId().equals(id)));
            List<VitalsRecorded> vitals = node.sinkEvents().stream()
                    .filter(e -> e instanceof VitalsRecorded v && v.callId().equals(id))
                    .map(VitalsRecorded.class::cast)
                    .toList();
            // the sink may see an event twice (delivery is at least once): count distinct events
            assertEquals(
                    1,
                    vitals.stream().map(VitalsRecorded::eventId).distinct().count(),
                    "the refused values never left the browser: " + vitals);
            assertEquals(152, vitals.get(0).systolicMmHg());
            doctor.until(d -> doctor.text("#vitalsError").isEmpty());

            fill(doctor, "noteForm", List.of("note", "血压偏高，加用氨氯地平，两周后复查"));
            CallFlowWait.until(() -> node.sinkEvents().stream()
                    .anyMatch(e ->
                            e instanceof ConsultNoteRecorded n && n.callId().equals(id)));
            // the note's reply empties the form (and a notice shifts the page): wait for it, then type and Enter
            doctor.until(d -> "".equals(doctor.js("return document.querySelector('#noteForm [name=note]').value")));
            doctor.find("#messageForm [name=text]").sendKeys("请按时吃药，两周后复查" + Keys.ENTER);
            JsonObject shown = tv.awaitType("call.message");
            assertEquals("请按时吃药，两周后复查", shown.getString("text"));
            doctor.until(d -> doctor.text("#messageLog").contains("请按时吃药"));
            doctor.js("window.scrollTo(0, 0)");
            doctor.checkScreen("consult, three in the call");
            doctor.screenshot("web-consult.png");

            // the TV switched off: a standing alert that says whose TV and what to do
            tv.close();
            doctor.until(d -> d.findElement(By.id("callAlert")).isDisplayed()
                    && doctor.text("#callAlert").startsWith("王秀兰的电视"));
            assertTrue(
                    List.of("王秀兰的电视连接中断，正在等待重新连接", "王秀兰的电视已离线（关机或断网）：可请家人或护理员打开电视，或结束会诊")
                            .contains(doctor.text("#callAlert")),
                    doctor.text("#callAlert"));
            doctor.until(d -> "DISCONNECTED".equals(doctor.attribute("#tile-tv-wang", "data-state")));

            // the end: a summary with duration, who took part, vitals, note, texts, outcome
            doctor.find("#endBtn").click();
            doctor.until(d -> d.findElement(By.id("summary")).isDisplayed());
            String summary = doctor.text("#summaryList");
            for (String expected :
                    List.of("李明", "王建国", "王秀兰", "血压 152/94 mmHg", "心率 78 次/分", "已保存", "1 条", "已完成", " 分 ")) {
                assertTrue(summary.contains(expected), "summary lacks " + expected + ": " + summary);
            }
            assertTrue(!doctor.find("#call").isDisplayed(), "the call panel is gone");
            doctor.checkScreen("consult summary");
            doctor.screenshot("web-consult-summary.png");
            expert.until(d -> !d.findElement(By.id("call")).isDisplayed());
            // notices go after 8 s: let them go first, so both languages show the same labels
            doctor.until(d -> doctor.text("#toasts").isEmpty());
            doctor.checkLanguageSwitchChangesEveryLabel(
                    "consult summary", AppPage.messages("zh-CN"), AppPage.messages("en"));
            assertTrue(doctor.text("#summaryList").contains("blood pressure 152/94 mmHg"), doctor.text("#summaryList"));
        }
    }

    static void fill(AppPage page, String formId, List<String> nameValues) {
        WebElement form = page.find("#" + formId);
        for (int i = 0; i < nameValues.size(); i += 2) {
            WebElement input = form.findElement(By.name(nameValues.get(i)));
            input.clear();
            input.sendKeys(nameValues.get(i + 1));
        }
        form.findElement(By.cssSelector("button[type=submit]")).click();
    }

    static String stateOf(JsonObject call, String partyId) {
        for (Object o : call.getJsonArray("members")) {
            JsonObject m = (JsonObject) o;
            if (m.getJsonObject("party").getString("id").equals(partyId)) return m.getString("state");
        }
        return null;
    }
}
