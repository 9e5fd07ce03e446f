package org.ruralconsult.signaling.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.ruralconsult.domain.event.VitalsRecorded;
import org.ruralconsult.signaling.testing.TestNode;
import org.ruralconsult.signaling.testing.WsClient;

/**
 * Care-home staff who are in their resident's call enter the vitals (the server allows staff who took
 * part, not notes): from the browser's consult screen, and over the protocol after the call ended.
 */
class CareHomeVitalsTest {
    @Test
    void staffInTheResidentsCallRecordVitalsButNoNote() throws Exception {
        try (TestNode node = TestNode.start();
                WsClient tv = node.wsWithToken(node.pairTv("pat-li"));
                WsClient doctor = node.ws("liming");
                AppPage staff = new AppPage(node.port())) {
            doctor.ack(new JsonObject().put("type", "presence.set_on_duty").put("onDuty", true));
            staff.signIn("sunxiuying");
            staff.until(d -> !d.findElements(By.cssSelector("button[data-patient-id=\"pat-li\"]:not([disabled])"))
                    .isEmpty());
            staff.find("button[data-patient-id=\"pat-li\"]").click();
            JsonObject ringing = doctor.await(m -> "call.update".equals(m.getString("type"))
                    && "RINGING".equals(ConsultScreenTest.stateOf(m.getJsonObject("call"), "doc-li")));
            String id = ringing.getJsonObject("call").getString("id");
            doctor.ack(new JsonObject().put("type", "call.accept").put("callId", id));

            staff.until(d -> d.findElement(By.id("call")).isDisplayed());
            assertTrue(staff.find("#vitalsForm").isDisplayed(), "staff enter vitals");
            assertTrue(!staff.find("#noteForm").isDisplayed(), "the note stays the clinicians'");
            assertTrue(!staff.find("#inviteForm").isDisplayed(), "staff do not invite experts");
            ConsultScreenTest.fill(staff, "vitalsForm", List.of("heartRatePerMin", "300"));
            staff.until(d -> "心率应为 20–250 次/分之间的整数".equals(staff.text("#vitalsError")));
            ConsultScreenTest.fill(
                    staff,
                    "vitalsForm",
                    List.of("systolicMmHg", "138", "diastolicMmHg", "84", "heartRatePerMin", "72"));
            CallFlowWait.until(() -> node.sinkEvents().stream()
                    .anyMatch(e -> e instanceof VitalsRecorded v && v.callId().equals(id)));
            VitalsRecorded v = node.sinkEvents().stream()
                    .filter(e -> e instanceof VitalsRecorded r && r.callId().equals(id))
                    .map(VitalsRecorded.class::cast)
                    .findFirst()
                    .orElseThrow();
            assertEquals("staff-sun", v.recordedBy().id());
            assertEquals("pat-li", v.patientId());
            assertEquals(138, v.systolicMmHg());
            staff.checkScreen("care-home staff in a consult");

            doctor.ack(new JsonObject().put("type", "call.end").put("callId", id));
            staff.until(d -> d.findElement(By.id("summary")).isDisplayed());
            assertTrue(staff.text("#summaryList").contains("血压 138/84 mmHg"), staff.text("#summaryList"));

            // over the protocol: after the end still (as for clinicians), but never a note
            try (WsClient sun = node.ws("sunxiuying")) {
                sun.ack(new JsonObject()
                        .put("type", "call.vitals")
                        .put("callId", id)
                        .put("glucoseMmolPerL", 6.4));
                JsonObject note = sun.request(
                        new JsonObject()
                                .put("type", "call.note")
                                .put("callId", id)
                                .put("note", "午饭后测的"),
                        "ack");
                assertEquals("forbidden", note.getString("code"), note.encode());
            }
            doctor.ack(new JsonObject().put("type", "presence.set_on_duty").put("onDuty", false));
        }
    }
}
