package org.ruralconsult.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ruralconsult.signaling.CallFlowTest.act;
import static org.ruralconsult.signaling.CallFlowTest.create;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ruralconsult.signaling.testing.TestNode;
import org.ruralconsult.signaling.testing.WsClient;

/** One denial per authorization rule, by role and organization. */
class AuthorizationTest {
    static TestNode node;
    static String tvWang;
    static String tvChen;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        tvWang = node.pairTv("pat-wang");
        tvChen = node.pairTv("pat-chen");
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    private static JsonObject refused(WsClient c, JsonObject message) throws InterruptedException {
        JsonObject reply = c.request(message, "ack");
        assertEquals("error", reply.getString("type"), reply.encode());
        return reply;
    }

    @Test
    void aTvJoinsOnlyItsOwnPatientsCalls() throws Exception {
        try (WsClient doctor = node.ws("liming");
                WsClient other = node.wsWithToken(tvChen)) {
            String id = create(doctor, "patient_tv", "pat-wang").getString("id");
            JsonObject denied =
                    refused(other, new JsonObject().put("type", "call.accept").put("callId", id));
            assertEquals("forbidden", denied.getString("code"));
            assertEquals(
                    "forbidden",
                    refused(other, new JsonObject().put("type", "call.rejoin").put("callId", id))
                            .getString("code"));
            act(doctor, "call.cancel", id);
        }
    }

    @Test
    void aTownshipDoctorCallsOnlyPatientsOfTheirTownship() throws Exception {
        try (WsClient doctor = node.ws("liming")) {
            JsonObject denied = refused(
                    doctor,
                    new JsonObject()
                            .put("type", "call.create")
                            .put(
                                    "target",
                                    new JsonObject().put("kind", "patient_tv").put("id", "pat-chen")));
            assertEquals("forbidden", denied.getString("code"));
        }
    }

    @Test
    void aTownshipDoctorSeesOnlyTheirTownshipsPresenceAndCalls() throws Exception {
        try (WsClient west = node.ws("liuwei");
                WsClient east = node.ws("liming")) {
            List<String> visible =
                    west.ack(new JsonObject().put("type", "presence.subscribe")).getJsonArray("presence").stream()
                            .map(o -> ((JsonObject) o).getString("partyId"))
                            .toList();
            assertFalse(visible.contains("tv-wang"), visible.toString());
            String id = create(east, "patient_tv", "pat-wang").getString("id");
            JsonObject calls = node.get("/api/calls", node.token("liuwei")).bodyAsJsonObject();
            assertFalse(calls.encode().contains(id), "another township's call is hidden");
            assertTrue(
                    node.get("/api/calls", node.token("zhangfang"))
                            .bodyAsString()
                            .contains(id),
                    "own township sees it");
            act(east, "call.cancel", id);
        }
    }

    @Test
    void anExpertSeesOnlyCallsAddressedToThem() throws Exception {
        try (WsClient doctor = node.ws("liming")) {
            String id = create(doctor, "patient_tv", "pat-wang").getString("id");
            var r = node.get("/api/calls", node.token("chenlihua"));
            assertEquals(200, r.statusCode());
            assertFalse(r.bodyAsString().contains(id), r.bodyAsString());
            try (WsClient expert = node.ws("chenlihua")) {
                assertEquals(
                        "forbidden",
                        refused(
                                        expert,
                                        new JsonObject()
                                                .put("type", "call.accept")
                                                .put("callId", id))
                                .getString("code"));
            }
            act(doctor, "call.cancel", id);
        }
    }

    @Test
    void careHomeStaffActOnlyForTheirResidents() throws Exception {
        String staff = node.token("sunxiuying");
        var r = node.post("/api/residents/pat-wang/calls", staff, null);
        assertEquals(403, r.statusCode());
        assertEquals("forbidden", r.bodyAsJsonObject().getString("code"));
        try (WsClient ws = node.ws("sunxiuying")) {
            JsonObject denied = refused(
                    ws,
                    new JsonObject()
                            .put("type", "call.create")
                            .put(
                                    "target",
                                    new JsonObject().put("kind", "resident").put("id", "pat-chen")));
            assertEquals("forbidden", denied.getString("code"));
            List<String> visible =
                    ws.ack(new JsonObject().put("type", "presence.subscribe")).getJsonArray("presence").stream()
                            .map(o -> ((JsonObject) o).getString("partyId"))
                            .toList();
            assertEquals(List.of("tv-li", "tv-zhang"), visible);
        }
    }

    @Test
    void onlyCareHomeStaffListResidents() throws Exception {
        var r = node.get("/api/residents", node.token("liming"));
        assertEquals(403, r.statusCode());
        assertEquals("forbidden", r.bodyAsJsonObject().getString("code"));
    }

    @Test
    void onlyCliniciansGoOnDuty() throws Exception {
        try (WsClient staff = node.ws("sunxiuying")) {
            assertEquals(
                    "forbidden",
                    refused(
                                    staff,
                                    new JsonObject()
                                            .put("type", "presence.set_on_duty")
                                            .put("onDuty", true))
                            .getString("code"));
        }
    }

    @Test
    void pairingIsLimitedToThePatientsCarers() throws Exception {
        var r = node.post(
                "/api/pairings",
                node.token("liuwei"),
                new JsonObject().put("code", "123456").put("patientId", "pat-wang"));
        assertEquals(403, r.statusCode());
        try (WsClient tv = node.wsWithToken(tvWang)) {
            JsonObject denied = refused(
                    tv,
                    new JsonObject()
                            .put("type", "pairing.bind")
                            .put("code", "123456")
                            .put("patientId", "pat-wang"));
            assertEquals("forbidden", denied.getString("code"));
        }
    }

    @Test
    void onlyAnAdminRevokesATv() throws Exception {
        var r = node.post("/api/devices/tv-wang/revoke", node.token("liming"), null);
        assertEquals(403, r.statusCode());
        assertEquals("forbidden", r.bodyAsJsonObject().getString("code"));
    }
}
