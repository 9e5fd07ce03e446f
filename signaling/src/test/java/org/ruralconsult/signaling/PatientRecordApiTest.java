package org.ruralconsult.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ruralconsult.signaling.CallFlowTest.act;
import static org.ruralconsult.signaling.CallFlowTest.create;
import static org.ruralconsult.signaling.CallFlowTest.memberState;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ruralconsult.signaling.records.PatientRecords;
import org.ruralconsult.signaling.records.PatientRecords.Vital;
import org.ruralconsult.signaling.testing.KnownRecords;
import org.ruralconsult.signaling.testing.TestNode;
import org.ruralconsult.signaling.testing.WsClient;

/**
 * The patient's record over REST: who may read whose record, what the record holds (with the TV's
 * pairing state), the township list's last consults in one read, an expert's recent consults, and a
 * record that cannot be read answered as a 503 with a code, never as an empty history.
 */
class PatientRecordApiTest {
    private static final Instant MONDAY = Instant.parse("2026-11-16T02:00:00Z");
    private static final KnownRecords RECORDS = new KnownRecords()
            .consult(KnownRecords.finished("call-old", "pat-wang", MONDAY, 12, "doc-li", null))
            .consult(KnownRecords.finished("call-new", "pat-wang", MONDAY.plusSeconds(86400), 20, "doc-li", "exp-wang"))
            .consult(KnownRecords.finished("call-home", "pat-li", MONDAY.plusSeconds(3600), 8, "doc-zhang", null))
            .vital("pat-wang", new Vital("call-new", MONDAY.plusSeconds(86400 + 300), "systolic", 152, "mmHg"))
            .vital("pat-wang", new Vital("call-old", MONDAY.plusSeconds(300), "systolic", 141, "mmHg"));
    private static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.withPatientRecords(RECORDS);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @BeforeEach
    void up() {
        RECORDS.down.set(false);
    }

    @Test
    void aTownshipDoctorReadsHerPatientsRecordWithTheTvState() throws Exception {
        var reply = node.get("/api/patients/pat-wang/record", node.token("liming"));
        assertEquals(200, reply.statusCode(), reply.bodyAsString());
        JsonObject record = reply.bodyAsJsonObject();
        assertEquals("王秀兰", record.getJsonObject("patient").getString("name"));
        assertEquals("1941-03-12", record.getJsonObject("patient").getString("birthDate"));
        JsonObject tv = record.getJsonObject("tv");
        assertEquals("tv-wang", tv.getString("deviceId"));
        assertTrue(tv.getBoolean("paired"));
        assertEquals("OFFLINE", tv.getString("status"));
        JsonArray consults = record.getJsonArray("consults");
        assertEquals(List.of("call-new", "call-old"), ids(consults, "callId"), "newest first");
        JsonObject latest = consults.getJsonObject(0);
        assertEquals("finished", latest.getString("status"));
        assertEquals(MONDAY.plusSeconds(86400).toString(), latest.getString("start"));
        assertEquals(MONDAY.plusSeconds(86400 + 1200).toString(), latest.getString("end"));
        assertEquals("氨氯地平改为每天10毫克", latest.getString("note"));
        assertEquals(new JsonArray().add("高血压复查"), latest.getJsonArray("reasons"));
        assertEquals(
                new JsonObject().put("id", "exp-wang").put("name", "王建国").put("part", "CON"),
                latest.getJsonArray("participants").getJsonObject(1));
        JsonObject vital = record.getJsonArray("vitals").getJsonObject(0);
        assertEquals("systolic", vital.getString("kind"));
        assertEquals(152.0, vital.getDouble("value"));
        assertEquals("mmHg", vital.getString("unit"));
        assertEquals("call-new", vital.getString("callId"));

        try (WsClient wang = node.wsWithToken(node.pairTv("pat-wang"))) {
            JsonObject online = node.get("/api/patients/pat-wang/record", node.token("liming"))
                    .bodyAsJsonObject()
                    .getJsonObject("tv");
            assertEquals("ONLINE", online.getString("status"), "the TV's presence now");
        }
    }

    @Test
    void eachRoleReadsOnlyTheRecordsItMay() throws Exception {
        assertEquals(200, status("/api/patients/pat-li/record", "liming"), "a patient of 东岭镇 in its care home");
        assertEquals(403, status("/api/patients/pat-chen/record", "liming"), "a patient of 西溪镇");
        assertEquals(200, status("/api/patients/pat-chen/record", "liuwei"));
        assertEquals(200, status("/api/patients/pat-li/record", "sunxiuying"), "a resident");
        assertEquals(403, status("/api/patients/pat-wang/record", "sunxiuying"), "not a resident");
        assertEquals(200, status("/api/patients/pat-chen/record", "admin"));
        assertEquals(403, status("/api/patients/pat-wang/record", "zhoumin"), "the dispatcher sees calls, not records");
        assertEquals(200, status("/api/patients/pat-wang/record", "wangjianguo"), "the expert took part in call-new");
        assertEquals(403, status("/api/patients/pat-wang/record", "chenlihua"), "never in a consult of pat-wang");
        assertEquals(404, status("/api/patients/pat-nobody/record", "admin"));
        assertEquals(403, status("/api/patients/pat-nobody/record", "liming"), "no one else learns which ids exist");
        var anonymous = node.get("/api/patients/pat-wang/record", null);
        assertEquals(401, anonymous.statusCode());
        var refused = node.get("/api/patients/pat-chen/record", node.token("liming"));
        assertEquals("forbidden", refused.bodyAsJsonObject().getString("code"));
        assertEquals("application/json", refused.getHeader("Content-Type"));
    }

    @Test
    void anExpertInvitedIntoALiveCallReadsThatPatientsRecord() throws Exception {
        assertEquals(403, status("/api/patients/pat-wang/record", "chenlihua"));
        try (WsClient doctor = node.ws("liming");
                WsClient expert = node.ws("chenlihua");
                WsClient tv = node.wsWithToken(node.pairTv("pat-wang"))) {
            String id = create(doctor, "patient_tv", "pat-wang").getString("id");
            tv.awaitCall(id, c -> "RINGING".equals(memberState(c, "tv-wang")));
            act(tv, "call.accept", id);
            JsonObject call = doctor.ack(new JsonObject()
                            .put("type", "call.invite")
                            .put("callId", id)
                            .put("expertId", "exp-chen")
                            .put("reason", "血糖控制不佳")
                            .put("urgency", "urgent"))
                    .getJsonObject("call");
            JsonObject ring = expert.awaitCall(id, c -> "RINGING".equals(memberState(c, "exp-chen")));
            JsonObject invited = member(ring, "exp-chen");
            assertEquals("urgent", invited.getString("urgency"), "the call snapshot says how urgent");
            assertEquals("血糖控制不佳", invited.getString("reason"));
            assertEquals("doc-li", invited.getJsonObject("invitedBy").getString("id"));
            assertEquals("李明", invited.getJsonObject("invitedBy").getString("name"));
            assertNull(member(call, "doc-li").getString("urgency"), "only invitations have one");
            assertEquals(200, status("/api/patients/pat-wang/record", "chenlihua"), "while ringing");
            assertEquals(403, status("/api/patients/pat-chen/record", "chenlihua"), "not that call's patient");
            act(doctor, "call.end", id);
        }
    }

    @Test
    void theTownshipListsLastConsultsInOneRead() throws Exception {
        int before = RECORDS.latestReads.get();
        var reply = node.get("/api/patients/last-consults", node.token("liming"));
        assertEquals(200, reply.statusCode(), reply.bodyAsString());
        assertEquals(before + 1, RECORDS.latestReads.get(), "one read for every patient of the township");
        JsonArray list = reply.bodyAsJsonObject().getJsonArray("lastConsults");
        assertEquals(
                List.of("pat-li", "pat-wang", "pat-zhang"),
                ids(list, "patientId").stream().sorted().toList());
        assertEquals("call-new", entry(list, "pat-wang").getString("callId"));
        assertEquals(
                MONDAY.plusSeconds(86400).toString(), entry(list, "pat-wang").getString("start"));
        assertEquals("call-home", entry(list, "pat-li").getString("callId"));
        assertNull(entry(list, "pat-zhang").getString("callId"), "no consult yet");
        assertEquals(
                List.of(),
                node.get("/api/patients/last-consults", node.token("wangjianguo"))
                        .bodyAsJsonObject()
                        .getJsonArray("lastConsults")
                        .getList());
    }

    @Test
    void anExpertListsHerRecentConsults() throws Exception {
        var reply = node.get("/api/me/consults", node.token("wangjianguo"));
        assertEquals(200, reply.statusCode(), reply.bodyAsString());
        JsonArray consults = reply.bodyAsJsonObject().getJsonArray("consults");
        assertEquals(List.of("call-new"), ids(consults, "callId"));
        assertEquals("王秀兰", consults.getJsonObject(0).getString("patientName"));
        assertEquals(
                List.of("call-new", "call-old"),
                ids(
                        node.get("/api/me/consults", node.token("liming"))
                                .bodyAsJsonObject()
                                .getJsonArray("consults"),
                        "callId"));
        assertEquals(403, status("/api/me/consults", "sunxiuying"));
    }

    @Test
    void aRecordThatCannotBeReadIsA503WithACodeNotAnEmptyHistory() throws Exception {
        RECORDS.down.set(true);
        for (String path :
                List.of("/api/patients/pat-wang/record", "/api/patients/last-consults", "/api/me/consults")) {
            var reply = node.get(path, node.token("liming"));
            assertEquals(503, reply.statusCode(), path);
            assertEquals("records_unavailable", reply.bodyAsJsonObject().getString("code"), path);
        }
        assertEquals(403, status("/api/patients/pat-chen/record", "liming"), "access is decided before reading");
    }

    @Test
    void aNodeWithoutAClinicalRecordSaysSo() throws Exception {
        try (TestNode bare = TestNode.withPatientRecords(PatientRecords.NONE)) {
            var reply = bare.get("/api/patients/pat-wang/record", bare.token("liming"));
            assertEquals(503, reply.statusCode());
            assertEquals("records_not_configured", reply.bodyAsJsonObject().getString("code"));
            assertFalse(reply.bodyAsJsonObject().containsKey("consults"));
        }
    }

    private static int status(String path, String login) throws Exception {
        return node.get(path, node.token(login)).statusCode();
    }

    private static List<String> ids(JsonArray list, String key) {
        return list.stream().map(o -> ((JsonObject) o).getString(key)).toList();
    }

    private static JsonObject entry(JsonArray list, String patientId) {
        return list.stream()
                .map(o -> (JsonObject) o)
                .filter(o -> o.getString("patientId").equals(patientId))
                .findFirst()
                .orElseThrow();
    }

    private static JsonObject member(JsonObject call, String partyId) {
        for (Object o : call.getJsonArray("members")) {
            JsonObject m = (JsonObject) o;
            if (m.getJsonObject("party").getString("id").equals(partyId)) return m;
        }
        throw new AssertionError(partyId + " not in " + call);
    }
}
