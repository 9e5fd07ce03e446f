package org.ruralconsult.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.ruralconsult.signaling.CallFlowTest.create;
import static org.ruralconsult.signaling.CallFlowTest.memberState;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ruralconsult.calls.store.RedisStateStore;
import org.ruralconsult.calls.testing.RedisProcess;
import org.ruralconsult.signaling.testing.TestNode;
import org.ruralconsult.signaling.testing.WsClient;

/** Two signaling nodes sharing one real Redis (a real redis-server process; never skipped). */
class TwoNodesRedisTest {
    static RedisProcess redis;
    static RedisStateStore store1;
    static RedisStateStore store2;
    static TestNode node1;
    static TestNode node2;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisProcess.start();
        store1 = new RedisStateStore(redis.url());
        store2 = new RedisStateStore(redis.url());
        node1 = TestNode.start(o -> o, store1);
        node2 = TestNode.start(o -> o, store2);
    }

    @AfterAll
    static void stop() throws Exception {
        if (node1 != null) node1.close();
        if (node2 != null) node2.close();
        if (store1 != null) store1.close();
        if (store2 != null) store2.close();
        if (redis != null) redis.close();
    }

    @Test
    void aTvOnNode2PairsThroughAnAdminOnNode1() throws Exception {
        try (WsClient tv = node2.anonymous()) {
            tv.request(new JsonObject().put("type", "hello").put("v", 1), "welcome");
            String code = tv.request(new JsonObject().put("type", "pairing.request"), "pairing.code")
                    .getString("code");
            var bound = node1.post(
                    "/api/pairings",
                    node1.token("admin"),
                    new JsonObject().put("code", code).put("patientId", "pat-zhang"));
            assertEquals(200, bound.statusCode(), bound.bodyAsString());
            assertEquals("tv-zhang", tv.awaitType("pairing.complete").getString("deviceId"));
        }
    }

    @Test
    void aDoctorOnNode1CallsATvOnNode2() throws Exception {
        String tvToken = node2.pairTv("pat-wang");
        try (WsClient doctor = node1.ws("liming");
                WsClient tv = node2.wsWithToken(tvToken)) {
            assertNotEquals(
                    doctor.request(new JsonObject().put("type", "ping"), "pong").getString("at"), null);
            String id = create(doctor, "patient_tv", "pat-wang").getString("id");
            tv.awaitCall(id, c -> "RINGING".equals(memberState(c, "tv-wang")));
            JsonObject answered = tv.ack(
                            new JsonObject().put("type", "call.accept").put("callId", id))
                    .getJsonObject("call");
            assertEquals("ACTIVE", answered.getString("state"));
            doctor.awaitCall(
                    id, c -> "ACTIVE".equals(c.getString("state")) && "JOINED".equals(memberState(c, "tv-wang")));
            doctor.ack(new JsonObject().put("type", "call.end").put("callId", id));
            tv.awaitCall(id, c -> "ENDED".equals(c.getString("state")));
        }
    }

    @Test
    void aMessageFromADoctorOnNode1ReachesTheTvOnNode2WhichRatesThere() throws Exception {
        String tvToken = node2.pairTv("pat-li");
        try (WsClient doctor = node1.ws("liming");
                WsClient tv = node2.wsWithToken(tvToken)) {
            String id = create(doctor, "patient_tv", "pat-li").getString("id");
            tv.awaitCall(id, c -> "RINGING".equals(memberState(c, "tv-li")));
            tv.ack(new JsonObject().put("type", "call.accept").put("callId", id));
            doctor.awaitCall(id, c -> "ACTIVE".equals(c.getString("state")));

            doctor.ack(new JsonObject()
                    .put("type", "call.message")
                    .put("callId", id)
                    .put("text", "明天上午九点复查"));
            JsonObject push = tv.awaitType("call.message");
            assertEquals("明天上午九点复查", push.getString("text"));
            assertEquals("李明", push.getJsonObject("from").getString("name"));

            doctor.ack(new JsonObject().put("type", "call.end").put("callId", id));
            tv.awaitCall(id, c -> "ENDED".equals(c.getString("state")));
            tv.ack(new JsonObject().put("type", "call.rate").put("callId", id).put("stars", 5));
            JsonObject again = tv.request(
                    new JsonObject().put("type", "call.rate").put("callId", id).put("stars", 1), "ack");
            assertEquals("illegal_state", again.getString("code"));
        }
    }

    @Test
    void twoDoctorsOnTwoNodesAcceptTheSameRingAllAtOnceAndExactlyOneWins() throws Exception {
        String tvToken = node1.pairTv("pat-chen");
        try (WsClient tv = node1.wsWithToken(tvToken);
                WsClient liu = node1.ws("liuwei");
                WsClient zhao = node2.ws("zhaojing")) {
            liu.ack(new JsonObject().put("type", "presence.set_on_duty").put("onDuty", true));
            zhao.ack(new JsonObject().put("type", "presence.set_on_duty").put("onDuty", true));
            List<String> winners = new ArrayList<>();
            for (int round = 0; round < 10; round++) {
                String id = create(tv, "on_duty_doctors", null).getString("id");
                liu.awaitCall(id, c -> "RINGING".equals(memberState(c, "doc-liu")));
                zhao.awaitCall(id, c -> "RINGING".equals(memberState(c, "doc-zhao")));
                String a = liu.send(new JsonObject().put("type", "call.accept").put("callId", id));
                String b = zhao.send(new JsonObject().put("type", "call.accept").put("callId", id));
                JsonObject ra = liu.await(m -> a.equals(m.getString("ref")));
                JsonObject rb = zhao.await(m -> b.equals(m.getString("ref")));
                List<String> types = List.of(ra.getString("type"), rb.getString("type"));
                assertEquals(1, types.stream().filter("ack"::equals).count(), ra.encode() + " / " + rb.encode());
                JsonObject loser = "ack".equals(ra.getString("type")) ? rb : ra;
                assertEquals("already_answered", loser.getString("code"), loser.encode());
                winners.add("ack".equals(ra.getString("type")) ? "liu" : "zhao");
                WsClient winner = "ack".equals(ra.getString("type")) ? liu : zhao;
                winner.ack(new JsonObject().put("type", "call.end").put("callId", id));
                tv.awaitCall(id, c -> "ENDED".equals(c.getString("state")));
            }
            assertEquals(10, winners.size());
            liu.ack(new JsonObject().put("type", "presence.set_on_duty").put("onDuty", false));
            zhao.ack(new JsonObject().put("type", "presence.set_on_duty").put("onDuty", false));
        }
    }
}
