package org.ruralconsult.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ruralconsult.signaling.media.MediaRelay;
import org.ruralconsult.signaling.records.ClinicalRecords;
import org.ruralconsult.signaling.testing.OneParkedCall;
import org.ruralconsult.signaling.testing.TestNode;

/**
 * Admins see record delivery (which node delivers, backlog, refused calls), check a period's records and
 * retry refused ones; nobody else does.
 */
class ClinicalRecordsApiTest {
    static OneParkedCall records;

    static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        records = new OneParkedCall();
        node = TestNode.start(o -> o, null, MediaRelay.NONE, records);
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
        assertEquals("node-b", body.getString("node"));
        assertEquals("node-a", body.getString("deliveringNode"));
        assertEquals(2, body.getInteger("inFlight"));
        assertEquals(1, body.getInteger("parkedCalls"));
        assertEquals(
                new JsonObject().put("node-a", "2026-11-23T08:05:00Z").put("node-b", "2026-11-22T20:00:00Z"),
                body.getJsonObject("lastDeliveredByNode"));
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
        assertEquals(
                403, node.get("/api/admin/records/check", node.token("liming")).statusCode());
        assertEquals(
                401, node.get("/api/admin/records/check?from=bad&to=bad", null).statusCode());
    }

    @Test
    void anAdminChecksAPeriodsRecordsAndSeesWhatIsMissing() throws Exception {
        var response = node.get(
                "/api/admin/records/check?from=2026-11-25T16:00:00Z&to=2026-11-26T16:00:00Z", node.token("admin"));
        assertEquals(200, response.statusCode(), response.bodyAsString());
        JsonObject body = response.bodyAsJsonObject();
        assertEquals("2026-11-25T16:00:00Z", body.getString("from"));
        assertEquals("2026-11-26T16:00:00Z", body.getString("to"));
        assertEquals(5, body.getInteger("checked"));
        assertEquals(3, body.getInteger("complete"));
        assertEquals(1, body.getInteger("pending"));
        JsonObject finding = body.getJsonArray("findings").getJsonObject(0);
        assertEquals("call-lost", finding.getString("callId"));
        assertEquals("missing", finding.getString("problem"));
        assertEquals(2, finding.getJsonArray("resources").size());
    }

    @Test
    void aPeriodGivenWithOffsetsOrAsCountyDatesMeansTheSameInstants() throws Exception {
        String admin = node.token("admin");
        var withOffset = node.get(
                "/api/admin/records/check?from=2026-11-26T00:00:00%2B08:00&to=2026-11-27T00:00:00%2B08:00", admin);
        assertEquals(200, withOffset.statusCode(), withOffset.bodyAsString());
        assertEquals("2026-11-25T16:00:00Z", withOffset.bodyAsJsonObject().getString("from"));
        var dates = node.get("/api/admin/records/check?from=2026-11-26&to=2026-11-27", admin);
        assertEquals(200, dates.statusCode(), dates.bodyAsString());
        assertEquals("2026-11-25T16:00:00Z", dates.bodyAsJsonObject().getString("from"));
        assertEquals("2026-11-26T16:00:00Z", dates.bodyAsJsonObject().getString("to"));
    }

    @Test
    void withoutAPeriodTheCheckCoversYesterdayInTheCounty() throws Exception {
        ZoneId county = ZoneId.of("Asia/Shanghai");
        LocalDate before = LocalDate.now(county);
        var response = node.get("/api/admin/records/check", node.token("admin"));
        LocalDate after = LocalDate.now(county);
        assertEquals(200, response.statusCode(), response.bodyAsString());
        Instant from = Instant.parse(response.bodyAsJsonObject().getString("from"));
        Instant to = Instant.parse(response.bodyAsJsonObject().getString("to"));
        // the request may straddle the county's midnight: then either day is right
        assertTrue(
                (from.equals(before.minusDays(1).atStartOfDay(county).toInstant())
                                && to.equals(before.atStartOfDay(county).toInstant()))
                        || (from.equals(after.minusDays(1).atStartOfDay(county).toInstant())
                                && to.equals(after.atStartOfDay(county).toInstant())),
                from + " .. " + to);
        Instant[] asked = records.checkedPeriods.get(records.checkedPeriods.size() - 1);
        assertEquals(from, asked[0]);
        assertEquals(to, asked[1]);
    }

    @Test
    void aPeriodThatIsNotOneIsABadRequest() throws Exception {
        String admin = node.token("admin");
        int asked = records.checkedPeriods.size();
        for (String query : List.of(
                "?from=yesterday&to=2026-11-27",
                "?from=2026-11-26T00:00:00&to=2026-11-27T00:00:00",
                "?from=2026-11-27&to=2026-11-26",
                "?from=2026-11-26&to=2026-11-26",
                "?from=2026-11-26",
                "?to=2026-11-26T00:00:00Z")) {
            var response = node.get("/api/admin/records/check" + query, admin);
            assertEquals(400, response.statusCode(), query + ": " + response.bodyAsString());
            assertEquals("invalid_period", response.bodyAsJsonObject().getString("code"), query);
        }
        assertEquals(asked, records.checkedPeriods.size(), "a bad period must not reach the records");
    }

    @Test
    void withoutRecordDeliveryTheStatusNamesNoNodeAndTheCheckFindsNothingToCheck() {
        ClinicalRecords.Status status = ClinicalRecords.NONE.status();
        assertNull(status.deliveringNode());
        assertEquals(0, status.backlog());
        ClinicalRecords.Check check = ClinicalRecords.NONE.check(Instant.EPOCH, Instant.EPOCH.plusSeconds(86_400));
        assertEquals(0, check.checked());
        assertTrue(check.findings().isEmpty());
    }
}
