package org.ruralconsult.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.ruralconsult.signaling.CallFlowTest.memberState;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ruralconsult.signaling.testing.TestNode;
import org.ruralconsult.signaling.testing.WsClient;

/** Care-home staff from a browser: residents with TV presence, a call for a resident, active calls. */
class CareHomeRestTest {
    static TestNode node;
    static String tvLi;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        tvLi = node.pairTv("pat-li");
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void staffListResidentsWithTvPresenceStartACallAndSeeItActive() throws Exception {
        String staff = node.token("sunxiuying");
        try (WsClient tv = node.wsWithToken(tvLi);
                WsClient doctor = node.ws("liming")) {
            doctor.ack(new JsonObject().put("type", "presence.set_on_duty").put("onDuty", true));
            CallFlowTest.waitFor(() -> {
                try {
                    return node.get("/api/residents", staff).bodyAsString().contains("\"tvStatus\":\"ONLINE\"");
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            JsonArray residents =
                    node.get("/api/residents", staff).bodyAsJsonObject().getJsonArray("residents");
            assertEquals(2, residents.size());
            assertEquals("pat-li", residents.getJsonObject(0).getString("patientId"));
            assertEquals("ONLINE", residents.getJsonObject(0).getString("tvStatus"));
            assertEquals("OFFLINE", residents.getJsonObject(1).getString("tvStatus"));

            var created = node.post("/api/residents/pat-li/calls", staff, null);
            assertEquals(201, created.statusCode(), created.bodyAsString());
            JsonObject call = created.bodyAsJsonObject().getJsonObject("call");
            String id = call.getString("id");
            assertEquals("JOINED", memberState(call, "tv-li"), "the care home allows auto-answer and the TV is on");
            assertEquals("RINGING", memberState(call, "doc-li"), "the on-duty township doctor is rung");
            assertEquals("东岭镇颐养院", member(call, "tv-li").getString("organization"), "the resident's care home");
            assertEquals("东岭镇卫生院", member(call, "doc-li").getString("organization"), "the doctor's clinic");
            doctor.awaitCall(id, c -> "RINGING".equals(memberState(c, "doc-li")));
            tv.awaitCall(id, c -> "JOINED".equals(memberState(c, "tv-li")));

            JsonArray active = node.get("/api/calls", staff).bodyAsJsonObject().getJsonArray("calls");
            assertEquals(
                    1,
                    active.stream()
                            .filter(o -> ((JsonObject) o).getString("id").equals(id))
                            .count());
            doctor.ack(new JsonObject().put("type", "call.accept").put("callId", id));
            doctor.ack(new JsonObject().put("type", "call.end").put("callId", id));
            doctor.ack(new JsonObject().put("type", "presence.set_on_duty").put("onDuty", false));
        }
    }

    private static JsonObject member(JsonObject call, String partyId) {
        return call.getJsonArray("members").stream()
                .map(JsonObject.class::cast)
                .filter(m -> m.getJsonObject("party").getString("id").equals(partyId))
                .findFirst()
                .orElseThrow();
    }
}
