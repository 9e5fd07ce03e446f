package org.ruralconsult.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ruralconsult.domain.event.CallAnswered;
import org.ruralconsult.domain.event.CallCreated;
import org.ruralconsult.domain.event.CallEnded;
import org.ruralconsult.domain.event.ConsultNoteRecorded;
import org.ruralconsult.domain.event.DomainEvent;
import org.ruralconsult.domain.event.ExpertConsultOrdered;
import org.ruralconsult.domain.event.VitalsRecorded;
import org.ruralconsult.signaling.testing.TestNode;
import org.ruralconsult.signaling.testing.WsClient;

/** The core flows over real WebSockets: doctor → TV, "call my doctor", escalation, drop and rejoin. */
class CallFlowTest {
    static TestNode node;
    static String tvWang;
    static String tvChen;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(o -> o.gracePeriod(Duration.ofSeconds(30)), null);
        tvWang = node.pairTv("pat-wang");
        tvChen = node.pairTv("pat-chen");
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    static JsonObject create(WsClient c, String kind, String id) throws InterruptedException {
        JsonObject target = new JsonObject().put("kind", kind);
        if (id != null) target.put("id", id);
        return c.ack(new JsonObject().put("type", "call.create").put("target", target))
                .getJsonObject("call");
    }

    static JsonObject act(WsClient c, String type, String callId) throws InterruptedException {
        return c.ack(new JsonObject().put("type", type).put("callId", callId)).getJsonObject("call");
    }

    static String memberState(JsonObject call, String partyId) {
        for (Object o : call.getJsonArray("members")) {
            JsonObject m = (JsonObject) o;
            if (m.getJsonObject("party").getString("id").equals(partyId)) return m.getString("state");
        }
        return null;
    }

    /**
     * Distinct events (by id): delivery is at least once (calls/README.md), and the engine's tick may hand a
     * pending call's events to the sink while the write that made them does the same.
     */
    private static <T extends DomainEvent> long count(String callId, Class<T> type) {
        return node.sinkEvents().stream()
                .filter(e -> e.callId().equals(callId) && type.isInstance(e))
                .map(DomainEvent::eventId)
                .distinct()
                .count();
    }

    @Test
    void doctorCallsTvTvAnswersAndTheConsultIsRecorded() throws Exception {
        try (WsClient doctor = node.ws("liming");
                WsClient tv = node.wsWithToken(tvWang)) {
            JsonObject call = create(doctor, "patient_tv", "pat-wang");
            String id = call.getString("id");
            assertEquals("RINGING", call.getString("state"));
            JsonObject ringing = tv.awaitCall(id, c -> "RINGING".equals(memberState(c, "tv-wang")));
            assertEquals("王秀兰", ringing.getString("patientName"));

            assertEquals("ACTIVE", act(tv, "call.accept", id).getString("state"));
            doctor.awaitCall(id, c -> "ACTIVE".equals(c.getString("state")));

            doctor.ack(new JsonObject()
                    .put("type", "call.vitals")
                    .put("callId", id)
                    .put("systolicMmHg", 150)
                    .put("diastolicMmHg", 92)
                    .put("glucoseMmolPerL", 7.8));
            doctor.ack(new JsonObject()
                    .put("type", "call.note")
                    .put("callId", id)
                    .put("reason", "高血压随访")
                    .put("note", "血压偏高，继续服药，两周后复查"));
            JsonObject ended = doctor.ack(
                            new JsonObject().put("type", "call.end").put("callId", id))
                    .getJsonObject("call");
            assertEquals("ENDED", ended.getString("state"));
            assertEquals("COMPLETED", ended.getString("outcome"));
            tv.awaitCall(id, c -> "ENDED".equals(c.getString("state")));

            waitFor(() -> count(id, CallEnded.class) == 1);
            assertEquals(1, count(id, CallCreated.class));
            assertEquals(1, count(id, CallAnswered.class));
            assertEquals(1, count(id, VitalsRecorded.class));
            assertEquals(1, count(id, ConsultNoteRecorded.class));
        }
    }

    @Test
    void callMyDoctorRingsEveryOnDutyDoctorAndTheFirstAnswerWins() throws Exception {
        try (WsClient li = node.ws("liuwei");
                WsClient zhao = node.ws("zhaojing");
                WsClient tv = node.wsWithToken(tvChen)) {
            li.ack(new JsonObject().put("type", "presence.set_on_duty").put("onDuty", true));
            zhao.ack(new JsonObject().put("type", "presence.set_on_duty").put("onDuty", true));
            JsonObject call = create(tv, "on_duty_doctors", null);
            String id = call.getString("id");
            li.awaitCall(id, c -> "RINGING".equals(memberState(c, "doc-liu")));
            zhao.awaitCall(id, c -> "RINGING".equals(memberState(c, "doc-zhao")));

            assertEquals("ACTIVE", act(zhao, "call.accept", id).getString("state"));
            JsonObject seenByLi = li.awaitCall(id, c -> "RING_CANCELLED".equals(memberState(c, "doc-liu")));
            assertEquals("JOINED", memberState(seenByLi, "doc-zhao"));
            JsonObject late =
                    li.request(new JsonObject().put("type", "call.accept").put("callId", id), "ack");
            assertEquals("error", late.getString("type"));
            assertEquals("already_answered", late.getString("code"));

            act(zhao, "call.end", id);
            li.ack(new JsonObject().put("type", "presence.set_on_duty").put("onDuty", false));
            zhao.ack(new JsonObject().put("type", "presence.set_on_duty").put("onDuty", false));
        }
    }

    @Test
    void expertIsInvitedIntoTheSameLiveCall() throws Exception {
        try (WsClient doctor = node.ws("zhangfang");
                WsClient expert = node.ws("wangjianguo");
                WsClient tv = node.wsWithToken(tvWang)) {
            expert.ack(new JsonObject().put("type", "presence.set_on_duty").put("onDuty", true));
            String id = create(doctor, "patient_tv", "pat-wang").getString("id");
            tv.awaitCall(id, c -> "RINGING".equals(memberState(c, "tv-wang")));
            act(tv, "call.accept", id);

            JsonObject invited = doctor.ack(new JsonObject()
                            .put("type", "call.invite")
                            .put("callId", id)
                            .put("specialty", "cardiology")
                            .put("reason", "胸闷两周，心电图异常")
                            .put("urgency", "urgent"))
                    .getJsonObject("call");
            assertEquals("RINGING", memberState(invited, "exp-wang"));
            JsonObject ring = expert.awaitCall(id, c -> "RINGING".equals(memberState(c, "exp-wang")));
            assertTrue(ring.encode().contains("胸闷两周"), "the reason is shown while ringing");

            JsonObject joined = act(expert, "call.accept", id);
            assertEquals("JOINED", memberState(joined, "exp-wang"));
            assertEquals("JOINED", memberState(joined, "doc-zhang"));
            assertEquals("JOINED", memberState(joined, "tv-wang"));
            tv.awaitCall(id, c -> "JOINED".equals(memberState(c, "exp-wang")));
            waitFor(() -> count(id, ExpertConsultOrdered.class) == 1);

            act(doctor, "call.end", id);
            expert.ack(new JsonObject().put("type", "presence.set_on_duty").put("onDuty", false));
        }
    }

    @Test
    void aDeclinedCallEndsAndALeaverLeavesTheOthersInTheCall() throws Exception {
        try (WsClient doctor = node.ws("zhangfang");
                WsClient tv = node.wsWithToken(tvWang)) {
            String declined = create(doctor, "patient_tv", "pat-wang").getString("id");
            tv.awaitCall(declined, c -> "RINGING".equals(memberState(c, "tv-wang")));
            JsonObject after = act(tv, "call.decline", declined);
            assertEquals("ENDED", after.getString("state"));
            assertEquals("DECLINED", after.getString("outcome"));
            doctor.awaitCall(declined, c -> "ENDED".equals(c.getString("state")));

            try (WsClient expert = node.ws("chenlihua")) {
                String id = create(doctor, "patient_tv", "pat-wang").getString("id");
                act(tv, "call.accept", id);
                doctor.ack(new JsonObject()
                        .put("type", "call.invite")
                        .put("callId", id)
                        .put("expertId", "exp-chen")
                        .put("reason", "血糖控制不佳")
                        .put("urgency", "routine"));
                act(expert, "call.accept", id);
                JsonObject left = act(expert, "call.leave", id);
                assertEquals("LEFT", memberState(left, "exp-chen"));
                assertEquals("ACTIVE", left.getString("state"), "the consult goes on without the expert");
                tv.awaitCall(id, c -> "LEFT".equals(memberState(c, "exp-chen")));
                act(doctor, "call.end", id);
            }
        }
    }

    @Test
    void expertsSeeTheOtherExpertsPresence() throws Exception {
        try (WsClient wang = node.ws("wangjianguo")) {
            List<String> ids =
                    wang.ack(new JsonObject().put("type", "presence.subscribe")).getJsonArray("presence").stream()
                            .map(o -> ((JsonObject) o).getString("partyId"))
                            .toList();
            assertEquals(List.of("exp-chen"), ids);
            try (WsClient chen = node.ws("chenlihua")) {
                chen.ack(new JsonObject().put("type", "presence.set_on_duty").put("onDuty", true));
                wang.await(m -> "presence.update".equals(m.getString("type"))
                        && "exp-chen".equals(m.getString("partyId"))
                        && m.getBoolean("onDuty"));
                chen.ack(new JsonObject().put("type", "presence.set_on_duty").put("onDuty", false));
            }
        }
    }

    @Test
    void aDroppedTvResumesWithinTheGracePeriodByReconnectingAndRejoining() throws Exception {
        try (WsClient doctor = node.ws("liming")) {
            String id;
            try (WsClient tv = node.wsWithToken(tvWang)) {
                id = create(doctor, "patient_tv", "pat-wang").getString("id");
                tv.awaitCall(id, c -> "RINGING".equals(memberState(c, "tv-wang")));
                act(tv, "call.accept", id);
            } // the TV's socket drops
            doctor.awaitCall(id, c -> "DISCONNECTED".equals(memberState(c, "tv-wang")));
            try (WsClient tv = node.wsWithToken(tvWang)) {
                JsonObject told = tv.awaitCall(id, c -> "DISCONNECTED".equals(memberState(c, "tv-wang")));
                assertEquals("ACTIVE", told.getString("state"), "on sign-in the TV learns the call it dropped from");
                JsonObject back = act(tv, "call.rejoin", id);
                assertEquals("JOINED", memberState(back, "tv-wang"));
                assertEquals("ACTIVE", back.getString("state"));
                doctor.awaitCall(id, c -> "JOINED".equals(memberState(c, "tv-wang")));
                act(doctor, "call.end", id);
            }
        }
    }

    @Test
    void presenceShowsTheTvOnlineThenBusyToItsTownshipDoctor() throws Exception {
        try (WsClient doctor = node.ws("liming")) {
            JsonObject list = doctor.ack(new JsonObject().put("type", "presence.subscribe"));
            List<String> ids = list.getJsonArray("presence").stream()
                    .map(o -> ((JsonObject) o).getString("partyId"))
                    .toList();
            assertTrue(ids.containsAll(List.of("doc-zhang", "tv-wang", "tv-li", "tv-zhang")), ids.toString());
            assertTrue(
                    !ids.contains("tv-chen") && !ids.contains("doc-liu") && !ids.contains("exp-wang"), ids.toString());
            try (WsClient tv = node.wsWithToken(tvWang)) {
                doctor.await(m -> "presence.update".equals(m.getString("type"))
                        && "tv-wang".equals(m.getString("partyId"))
                        && "ONLINE".equals(m.getString("status")));
                String id = create(doctor, "patient_tv", "pat-wang").getString("id");
                act(tv, "call.accept", id);
                doctor.await(m -> "presence.update".equals(m.getString("type"))
                        && "tv-wang".equals(m.getString("partyId"))
                        && "BUSY".equals(m.getString("status")));
                act(doctor, "call.end", id);
                doctor.await(m -> "presence.update".equals(m.getString("type"))
                        && "tv-wang".equals(m.getString("partyId"))
                        && "ONLINE".equals(m.getString("status")));
            }
            doctor.await(m -> "presence.update".equals(m.getString("type"))
                    && "tv-wang".equals(m.getString("partyId"))
                    && "OFFLINE".equals(m.getString("status")));
        }
    }

    @Test
    @SuppressWarnings("try")
    void anUnansweredCallIsMissedAfterTheRingTimeoutAndGraceExpiryEndsACall() throws Exception {
        try (TestNode quick =
                TestNode.start(o -> o.ringTimeout(Duration.ofSeconds(1)).gracePeriod(Duration.ofSeconds(1)), null)) {
            String tvToken = quick.pairTv("pat-wang");
            try (WsClient doctor = quick.ws("liming");
                    WsClient tv = quick.wsWithToken(tvToken)) {
                String missed = create(doctor, "patient_tv", "pat-wang").getString("id");
                JsonObject over = doctor.awaitCall(missed, c -> "ENDED".equals(c.getString("state")));
                assertEquals("MISSED", over.getString("outcome"));

                String live = create(doctor, "patient_tv", "pat-wang").getString("id");
                act(tv, "call.accept", live);
                tv.close();
                JsonObject ended = doctor.awaitCall(live, c -> "ENDED".equals(c.getString("state")));
                assertEquals("COMPLETED", ended.getString("outcome"));
            }
        }
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 10 s");
            Thread.sleep(50);
        }
    }
}
