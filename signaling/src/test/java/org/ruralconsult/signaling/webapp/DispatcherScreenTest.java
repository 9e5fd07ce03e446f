package org.ruralconsult.signaling.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.ruralconsult.signaling.testing.TestNode;
import org.ruralconsult.signaling.testing.WsClient;

/**
 * The dispatcher's screen in a real headless Chromium: a live consult between a township doctor and a
 * patient's TV shows with the patient, who is in it (names, organizations, member states) and a duration
 * that runs; the county experts on duty are listed by specialty with their status; when the consult
 * ends it goes from the list.
 */
class DispatcherScreenTest {
    private static final JsonObject ZH = AppPage.messages("zh-CN");
    private static final JsonObject EN = AppPage.messages("en");

    @Test
    void aLiveConsultShowsWithWhoIsInItAndARunningDuration() throws Exception {
        try (TestNode node = TestNode.start();
                WsClient tv = node.wsWithToken(node.pairTv("pat-wang"));
                WsClient doctor = node.ws("liming");
                WsClient expert = node.ws("wangjianguo");
                AppPage page = new AppPage(node.port())) {
            expert.ack(new JsonObject().put("type", "presence.set_on_duty").put("onDuty", true));
            String callId = doctor.ack(new JsonObject()
                            .put("type", "call.create")
                            .put(
                                    "target",
                                    new JsonObject().put("kind", "patient_tv").put("id", "pat-wang")))
                    .getJsonObject("call")
                    .getString("id");
            tv.awaitCall(callId, c -> "RINGING".equals(c.getString("state")));
            tv.ack(new JsonObject().put("type", "call.accept").put("callId", callId));

            page.signIn("zhoumin");
            String row = "#dispatchRows tr[data-call-id=\"" + callId + "\"]";
            page.until(d -> !d.findElements(By.cssSelector(row)).isEmpty()
                    && ZH.getString("callState.ACTIVE").equals(page.text(row + " td")));
            assertEquals("王秀兰", page.text(row + " th"));
            assertEquals(
                    List.of("李明（东岭镇卫生院）· 在通话中", "王秀兰（上岭村）· 在通话中"),
                    page.driver.findElements(By.cssSelector(row + " .members li")).stream()
                            .map(e -> e.getText())
                            .sorted()
                            .toList());
            assertEquals("共 1 个会诊", page.text("#dispatchCount"));
            assertTrue(page.text(row).contains(" 起"), "the start time in China: " + page.text(row));

            String first = page.text(row + " .duration");
            assertTrue(first.matches("\\d+:\\d\\d"), first);
            page.until(d -> !first.equals(page.text(row + " .duration")));
            assertTrue(seconds(page.text(row + " .duration")) > seconds(first), "the duration runs");

            // the experts on duty, by specialty: 王建国 (cardiology) is, 陈丽华 (endocrinology) is not
            String cardiology = "#dispatchExpertGroups li[data-specialty=cardiology]";
            page.until(d -> !d.findElements(By.cssSelector(cardiology + " li[data-expert=exp-wang]"))
                    .isEmpty());
            assertEquals("心内科：1 位值班", page.text(cardiology + " h4"));
            assertEquals(
                    "王建国（青山县人民医院）· " + ZH.getString("status.ONLINE"),
                    page.text(cardiology + " li[data-expert=exp-wang]"));
            assertEquals(
                    ZH.getString("dispatch.noExpertOnDuty"),
                    page.text("#dispatchExpertGroups li[data-specialty=endocrinology] .none"));

            page.checkScreen("dispatcher");
            page.screenshot("web-dispatcher.png");
            page.checkLanguageSwitchChangesEveryLabel("dispatcher", ZH, EN);
            assertTrue(
                    page.text(row + " .members").contains("李明 (东岭镇卫生院) · " + EN.getString("member.JOINED")),
                    page.text(row + " .members"));
            page.switchLanguage();

            doctor.ack(new JsonObject().put("type", "call.end").put("callId", callId));
            page.until(d -> d.findElements(By.cssSelector(row)).isEmpty());
            assertEquals(ZH.getString("dispatch.none"), page.text("#dispatchEmpty"));
        }
    }

    private static int seconds(String clock) {
        String[] parts = clock.split(":");
        int total = 0;
        for (String p : parts) total = total * 60 + Integer.parseInt(p);
        return total;
    }
}
