package org.ruralconsult.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ruralconsult.signaling.media.MediaRelay;
import org.ruralconsult.signaling.records.ClinicalRecords;
import org.ruralconsult.signaling.testing.TestNode;

/** Admins see refused clinical records and retry them; nobody else does. */
class ClinicalRecordsApiTest {
    /** A record delivery with one refused call, as the FHIR adapter would report it. */
    static final class OneParkedCall implements ClinicalRecords {
        final Set<String> parked = ConcurrentHashMap.newKeySet();

        OneParkedCall() {
            parked.add("call-refused");
        }

        @Override
        public List<Parked> parked() {
            return parked.stream()
                    .map(id -> new Parked(
                            id,
                            Instant.parse("2026-11-23T08:00:00Z"),
                            422,
                            "Encounter.subject: unknown patient",
                            "{\"resourceType\":\"OperationOutcome\"}"))
                    .toList();
        }

        @Override
        public boolean retry(String callId) {
            return parked.remove(callId);
        }

        @Override
        public long backlog() {
            return 3 + parked.size();
        }
    }

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
    void anAdminSeesTheRefusedCallWithTheServersReasonAndRetriesIt() throws Exception {
        var response = node.get("/api/admin/records", node.token("admin"));
        assertEquals(200, response.statusCode());
        JsonObject body = response.bodyAsJsonObject();
        assertEquals(4, body.getLong("backlog"));
        JsonObject parked = body.getJsonArray("parked").getJsonObject(0);
        assertEquals("call-refused", parked.getString("callId"));
        assertEquals(422, parked.getInteger("httpStatus"));
        assertEquals("Encounter.subject: unknown patient", parked.getString("reason"));

        assertEquals(
                202,
                node.post("/api/admin/records/call-refused/retry", node.token("admin"), null)
                        .statusCode());
        var again = node.post("/api/admin/records/call-refused/retry", node.token("admin"), null);
        assertEquals(404, again.statusCode());
        assertEquals("not_found", again.bodyAsJsonObject().getString("code"));
    }

    @Test
    void nobodyButAnAdminSeesClinicalRecordDelivery() throws Exception {
        assertEquals(403, node.get("/api/admin/records", node.token("liming")).statusCode());
        assertEquals(
                "forbidden",
                node.get("/api/admin/records", node.token("sunxiuying"))
                        .bodyAsJsonObject()
                        .getString("code"));
        assertEquals(401, node.get("/api/admin/records", null).statusCode());
        assertEquals(
                403,
                node.post("/api/admin/records/call-refused/retry", node.token("liming"), null)
                        .statusCode());
    }
}
