package org.ruralconsult.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ruralconsult.signaling.testing.TestNode;
import org.ruralconsult.signaling.testing.WsClient;

/**
 * The admin's routes: the county's TVs with their patients and pairing state, revocation as the list
 * shows it, and a county file loaded while the node runs (new people usable at once, a bad file refused
 * with its problem named, nothing changed). Only an admin may use them.
 */
class AdminApiTest {
    private TestNode node;

    @BeforeEach
    void start() throws Exception {
        node = TestNode.start();
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void anAdminListsTheTvsWithTheirPatientsAndSeesAPairingAndARevocation() throws Exception {
        String admin = node.token("admin");
        JsonObject before = device(node.get("/api/admin/devices", admin).bodyAsJsonObject(), "tv-wang");
        assertEquals("pat-wang", before.getString("patientId"));
        assertEquals("王秀兰", before.getString("patientName"));
        assertEquals("上岭村", before.getString("home"));
        assertEquals("OFFLINE", before.getString("tvStatus"));
        assertNull(before.getString("pairedAt"));
        assertFalse(before.getBoolean("revoked"));
        var huge = node.postRaw("/api/admin/county", admin, " ".repeat(5 * 1024 * 1024));
        assertEquals(413, huge.statusCode());
        assertTrue(huge.bodyAsJsonObject().getString("message").contains("county file larger than"));
        assertEquals(
                4,
                node.get("/api/admin/devices", admin)
                        .bodyAsJsonObject()
                        .getJsonArray("devices")
                        .size());

        try (WsClient tv = node.wsWithToken(node.pairTv("pat-wang"))) {
            JsonObject paired = device(node.get("/api/admin/devices", admin).bodyAsJsonObject(), "tv-wang");
            assertNotNull(paired.getString("pairedAt"));
            assertEquals("ONLINE", paired.getString("tvStatus"));
            assertFalse(paired.getBoolean("revoked"));

            assertEquals(
                    200, node.post("/api/devices/tv-wang/revoke", admin, null).statusCode());
            assertEquals(4001, tv.awaitClose());
        }
        JsonObject revoked = device(node.get("/api/admin/devices", admin).bodyAsJsonObject(), "tv-wang");
        assertTrue(revoked.getBoolean("revoked"));
        assertNotNull(revoked.getString("revokedAt"));

        node.pairTv("pat-wang");
        assertFalse(
                device(node.get("/api/admin/devices", admin).bodyAsJsonObject(), "tv-wang")
                        .getBoolean("revoked"),
                "paired again after the revocation: a new token, the TV works again");
    }

    @Test
    void nobodyButAnAdminListsTvsOrLoadsTheCounty() throws Exception {
        for (String login : new String[] {"liming", "zhoumin", "sunxiuying", "wangjianguo"}) {
            var list = node.get("/api/admin/devices", node.token(login));
            assertEquals(403, list.statusCode(), login);
            assertEquals("forbidden", list.bodyAsJsonObject().getString("code"));
            assertEquals(
                    403,
                    node.postRaw("/api/admin/county", node.token(login), demoCounty())
                            .statusCode(),
                    login);
        }
        assertEquals(401, node.get("/api/admin/devices", null).statusCode());
        var anonymous = node.postRaw("/api/admin/county", null, demoCounty());
        assertEquals(401, anonymous.statusCode());
        assertEquals("unauthorized", anonymous.bodyAsJsonObject().getString("code"));
    }

    @Test
    void aLoadedCountyFileMakesNewPeopleUsableWithoutARestart() throws Exception {
        JsonObject county = new JsonObject(demoCounty());
        JsonObject liming = practitioner(county, "liming");
        county.getJsonArray("practitioners")
                .add(liming.copy()
                        .put("id", "doc-gao")
                        .put("name", "高明")
                        .put("login", "gaoming")); // liming's password hash: the test password
        county.getJsonArray("patients")
                .add(new JsonObject()
                        .put("id", "pat-sun")
                        .put("name", "孙玉珍")
                        .put("birthDate", "1939-02-14")
                        .put("gender", "female")
                        .put("homeOrganizationId", "vil-shangling"));

        var loaded = node.postRaw("/api/admin/county", node.token("admin"), county.encode());
        assertEquals(200, loaded.statusCode(), loaded.bodyAsString());
        assertEquals(10, loaded.bodyAsJsonObject().getInteger("practitioners"));
        assertEquals(5, loaded.bodyAsJsonObject().getInteger("patients"));

        var patients = node.get("/api/patients", node.token("gaoming"))
                .bodyAsJsonObject()
                .getJsonArray("patients");
        assertTrue(ids(patients).anyMatch("pat-sun"::equals), "the new doctor signs in and sees the new patient");
        assertTrue(
                ids(node.get("/api/patients", node.token("liming"))
                                .bodyAsJsonObject()
                                .getJsonArray("patients"))
                        .anyMatch("pat-sun"::equals),
                "an existing doctor's open session sees the township's new patient");
    }

    @Test
    void anOpenSocketWhoseAccountTheNewCountyRemovesIsClosed() throws Exception {
        JsonObject county = new JsonObject(demoCounty());
        county.getJsonArray("practitioners").remove(practitioner(county, "zhangfang"));
        try (WsClient removed = node.ws("zhangfang");
                WsClient kept = node.ws("liming")) {
            var loaded = node.postRaw("/api/admin/county", node.token("admin"), county.encode());
            assertEquals(200, loaded.statusCode(), loaded.bodyAsString());
            assertEquals(4001, removed.awaitClose(), "closed as a revoked TV is");
            assertEquals(
                    "pong",
                    kept.request(new JsonObject().put("type", "ping"), "pong").getString("type"),
                    "others stay");
        } finally {
            assertEquals(
                    200,
                    node.postRaw("/api/admin/county", node.token("admin"), demoCounty())
                            .statusCode());
        }
    }

    @Test
    void aBadCountyFileIsRefusedWithItsProblemNamedAndChangesNothing() throws Exception {
        String admin = node.token("admin");
        JsonObject county = new JsonObject(demoCounty());
        JsonObject noLogin = county.copy();
        noLogin.getJsonArray("practitioners").getJsonObject(2).remove("login");
        JsonObject badRole = county.copy();
        badRole.getJsonArray("practitioners").getJsonObject(0).put("role", "SURGEON");
        JsonObject orphanTv = county.copy();
        orphanTv.getJsonArray("devices").add(new JsonObject().put("id", "tv-x").put("patientId", "pat-nobody"));
        JsonObject noAdmin = county.copy();
        noAdmin.getJsonArray("practitioners").remove(practitioner(noAdmin, "admin"));
        JsonObject circle = county.copy();
        circle.getJsonArray("organizations").getJsonObject(1).put("partOf", "vil-shangling");
        String[][] cases = {
            {"{\"patients\": [", "not a JSON object"},
            {"", "the body must be the county file"},
            {circle.encode(), "its partOf/servedBy chain comes back to"},
            {noLogin.encode(), "practitioners[2]: missing login"},
            {badRole.encode(), "practitioners[0]: role SURGEON is not one of"},
            {orphanTv.encode(), "device tv-x names unknown patient pat-nobody"},
            {new JsonObject().put("patients", "none").encode(), "patients is not a list"},
            {noAdmin.encode(), "no ADMIN practitioner"},
        };
        for (String[] c : cases) {
            var response = node.postRaw("/api/admin/county", admin, c[0]);
            assertEquals(400, response.statusCode(), c[1] + ": " + response.bodyAsString());
            assertEquals("invalid_county", response.bodyAsJsonObject().getString("code"));
            String message = response.bodyAsJsonObject().getString("message");
            assertTrue(message.contains(c[1]), message);
        }
        var huge = node.postRaw("/api/admin/county", admin, " ".repeat(5 * 1024 * 1024));
        assertEquals(413, huge.statusCode());
        assertTrue(huge.bodyAsJsonObject().getString("message").contains("county file larger than"));
        assertEquals(
                4,
                node.get("/api/admin/devices", admin)
                        .bodyAsJsonObject()
                        .getJsonArray("devices")
                        .size(),
                "the county in use is unchanged");
        assertEquals(200, node.get("/api/patients", node.token("liming")).statusCode());
    }

    private static JsonObject device(JsonObject body, String deviceId) {
        return body.getJsonArray("devices").stream()
                .map(JsonObject.class::cast)
                .filter(d -> d.getString("deviceId").equals(deviceId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + deviceId + " in " + body.encode()));
    }

    private static JsonObject practitioner(JsonObject county, String login) {
        return county.getJsonArray("practitioners").stream()
                .map(JsonObject.class::cast)
                .filter(p -> p.getString("login").equals(login))
                .findFirst()
                .orElseThrow();
    }

    private static Stream<String> ids(JsonArray patients) {
        return patients.stream().map(JsonObject.class::cast).map(p -> p.getString("patientId"));
    }

    static String demoCounty() throws Exception {
        try (InputStream in = AdminApiTest.class.getResourceAsStream("/seed/demo-county.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
