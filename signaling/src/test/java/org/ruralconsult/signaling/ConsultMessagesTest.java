package org.ruralconsult.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ruralconsult.signaling.CallFlowTest.create;
import static org.ruralconsult.signaling.CallFlowTest.memberState;
import static org.ruralconsult.signaling.CallFlowTest.waitFor;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ruralconsult.domain.event.ConsultMessageSent;
import org.ruralconsult.domain.event.ConsultRated;
import org.ruralconsult.domain.event.DomainEvent;
import org.ruralconsult.signaling.testing.TestNode;
import org.ruralconsult.signaling.testing.WsClient;

/** call.message (a clinician's text to the TV) and call.rate (the TV's stars) over real WebSockets. */
class ConsultMessagesTest {
    static TestNode node;
    static String tvWang;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        tvWang = node.pairTv("pat-wang");
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    static JsonObject message(String callId, String text) {
        return new JsonObject()
                .put("type", "call.message")
                .put("callId", callId)
                .put("text", text);
    }

    static JsonObject rate(String callId, int stars) {
        return new JsonObject().put("type", "call.rate").put("callId", callId).put("stars", stars);
    }

    static String errorCode(WsClient c, JsonObject request) throws InterruptedException {
        JsonObject reply = c.request(request, "ack");
        assertEquals("error", reply.getString("type"), () -> "expected an error, got " + reply.encode());
        return reply.getString("code");
    }

    private static <T extends DomainEvent> List<T> events(String callId, Class<T> type) {
        return node.sinkEvents().stream()
                .filter(e -> e.callId().equals(callId) && type.isInstance(e))
                .map(type::cast)
                .distinct()
                .toList();
    }

    /** Doctor calls the TV, the TV answers; returns the call id. */
    static String liveCall(WsClient doctor, WsClient tv) throws InterruptedException {
        String id = create(doctor, "patient_tv", "pat-wang").getString("id");
        tv.awaitCall(id, c -> "RINGING".equals(memberState(c, "tv-wang")));
        tv.ack(new JsonObject().put("type", "call.accept").put("callId", id));
        doctor.awaitCall(id, c -> "ACTIVE".equals(c.getString("state")));
        return id;
    }

    @Test
    void aDoctorsMessageIsPushedToTheTvAndRecorded() throws Exception {
        try (WsClient doctor = node.ws("liming");
                WsClient other = node.ws("zhangfang");
                WsClient tv = node.wsWithToken(tvWang)) {
            String id = liveCall(doctor, tv);

            JsonObject ack = doctor.ack(message(id, "  请把血压计\u202e放在桌上\u0000\u001b  "));
            JsonObject echo = ack.getJsonObject("message");
            assertEquals("请把血压计放在桌上", echo.getString("text"), "controls and bidi override stripped");

            JsonObject push = tv.awaitType("call.message");
            assertEquals(id, push.getString("callId"));
            assertEquals("请把血压计放在桌上", push.getString("text"));
            assertEquals("doc-li", push.getJsonObject("from").getString("id"));
            assertEquals("李明", push.getJsonObject("from").getString("name"));
            assertEquals("东岭镇卫生院", push.getJsonObject("from").getString("organization"));
            assertEquals(echo.getString("at"), push.getString("at"));
            assertEquals("call.message", doctor.awaitType("call.message").getString("type"), "the sender's record");
            assertNull(
                    other.poll(m -> "call.message".equals(m.getString("type")), Duration.ofMillis(300)),
                    "not to someone outside the call");

            waitFor(() -> events(id, ConsultMessageSent.class).size() == 1);
            ConsultMessageSent event = events(id, ConsultMessageSent.class).get(0);
            assertEquals("请把血压计放在桌上", event.text());
            assertEquals("pat-wang", event.patientId());

            assertEquals("forbidden", errorCode(tv, message(id, "hi")), "the TV does not send messages");
            assertEquals("forbidden", errorCode(other, message(id, "hi")), "not a member of the call");
            assertEquals("invalid_message", errorCode(doctor, message(id, "")), "empty");
            assertEquals(
                    "invalid_message", errorCode(doctor, message(id, " \u200b\u0007\u202e ")), "nothing printable");
            assertEquals("invalid_message", errorCode(doctor, message(id, "字".repeat(201))), "too long");
            assertEquals(
                    "invalid_message",
                    errorCode(doctor, message(id, "hi").put("extra", 1)),
                    "no fields beyond the schema");
            assertEquals("not_found", errorCode(doctor, message("no-such-call", "hi")));

            doctor.ack(new JsonObject().put("type", "call.end").put("callId", id));
            assertEquals("illegal_state", errorCode(doctor, message(id, "too late")), "only in the live call");
            assertEquals(1, events(id, ConsultMessageSent.class).size());
        }
    }

    @Test
    void theTvRatesTheConsultAfterItEndedOnce() throws Exception {
        try (WsClient doctor = node.ws("liming");
                WsClient tv = node.wsWithToken(tvWang)) {
            String id = liveCall(doctor, tv);
            doctor.ack(new JsonObject().put("type", "call.end").put("callId", id));
            tv.awaitCall(id, c -> "ENDED".equals(c.getString("state")));

            assertEquals("forbidden", errorCode(doctor, rate(id, 5)), "only the patient's TV rates");
            assertEquals("invalid_message", errorCode(tv, rate(id, 0)));
            assertEquals("invalid_message", errorCode(tv, rate(id, 6)));
            assertEquals(
                    "invalid_message",
                    errorCode(tv, new JsonObject().put("type", "call.rate").put("callId", id)));

            JsonObject call = tv.ack(rate(id, 4)).getJsonObject("call");
            assertEquals("ENDED", call.getString("state"));
            tv.ack(rate(id, 4)); // a resend after a lost reply: acknowledged, nothing new
            assertEquals("illegal_state", errorCode(tv, rate(id, 2)), "rated once");

            waitFor(() -> events(id, ConsultRated.class).size() == 1);
            Thread.sleep(200);
            List<ConsultRated> rated = events(id, ConsultRated.class);
            assertEquals(1, rated.size());
            assertEquals(4, rated.get(0).stars());
            assertEquals("tv-wang", rated.get(0).rater().id());
            assertEquals("pat-wang", rated.get(0).patientId());
        }
    }

    @Test
    void aTvThatDeclinedCannotRate() throws Exception {
        try (WsClient doctor = node.ws("liming");
                WsClient tv = node.wsWithToken(tvWang)) {
            String id = create(doctor, "patient_tv", "pat-wang").getString("id");
            tv.awaitCall(id, c -> "RINGING".equals(memberState(c, "tv-wang")));
            tv.ack(new JsonObject().put("type", "call.decline").put("callId", id));
            assertEquals("illegal_state", errorCode(tv, rate(id, 3)));
            assertTrue(events(id, ConsultRated.class).isEmpty());
        }
    }
}
