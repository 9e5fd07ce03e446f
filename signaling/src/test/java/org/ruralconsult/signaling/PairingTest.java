package org.ruralconsult.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ruralconsult.signaling.testing.TestNode;
import org.ruralconsult.signaling.testing.WsClient;

/** A TV pairs once with a code on screen, gets a device token, and an admin can revoke it. */
class PairingTest {
    static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void staffBindTheCodeOverWebSocketAndTheTvSignsInWithItsDeviceToken() throws Exception {
        try (WsClient tv = node.anonymous();
                WsClient staff = node.ws("sunxiuying")) {
            JsonObject welcome =
                    tv.request(new JsonObject().put("type", "hello").put("v", 1), "welcome");
            assertEquals(null, welcome.getValue("party"));
            JsonObject code = tv.request(new JsonObject().put("type", "pairing.request"), "pairing.code");
            assertTrue(code.getString("code").matches("\\d{6}"), code.encode());
            assertEquals(600, code.getInteger("expiresInSeconds"));

            JsonObject denied = tv.request(new JsonObject().put("type", "presence.subscribe"), "ack");
            assertEquals("unauthorized", denied.getString("code"), "a TV without a token may only pair");

            JsonObject bound = staff.ack(new JsonObject()
                    .put("type", "pairing.bind")
                    .put("code", code.getString("code"))
                    .put("patientId", "pat-li"));
            assertEquals("tv-li", bound.getString("deviceId"));
            JsonObject complete = tv.awaitType("pairing.complete");
            assertEquals("tv-li", complete.getString("deviceId"));
            assertEquals("pat-li", complete.getString("patientId"));

            JsonObject signedIn = tv.request(
                    new JsonObject().put("type", "hello").put("v", 1).put("token", complete.getString("deviceToken")),
                    "welcome");
            assertEquals("PATIENT_DEVICE", signedIn.getJsonObject("party").getString("role"));
            assertEquals("pat-li", signedIn.getJsonObject("party").getString("patientId"));

            JsonObject reused = staff.request(
                    new JsonObject()
                            .put("type", "pairing.bind")
                            .put("code", code.getString("code"))
                            .put("patientId", "pat-li"),
                    "ack");
            assertEquals("not_found", reused.getString("code"), "a code is single use");
        }
    }

    @Test
    void anAdminRevokesATvItsConnectionClosesAndItsTokenIsRefused() throws Exception {
        String token = node.pairTv("pat-zhang");
        try (WsClient tv = node.wsWithToken(token)) {
            var r = node.post("/api/devices/tv-zhang/revoke", node.token("admin"), null);
            assertEquals(200, r.statusCode(), r.bodyAsString());
            assertEquals(4001, tv.awaitClose());
        }
        try (WsClient again = node.anonymous()) {
            JsonObject refused = again.request(
                    new JsonObject().put("type", "hello").put("v", 1).put("token", token), "welcome");
            assertEquals("unauthorized", refused.getString("code"));
            assertTrue(refused.getString("message").contains("revoked"), refused.encode());
        }
        assertEquals(401, node.get("/api/calls", token).statusCode());
        String fresh = node.pairTv("pat-zhang");
        assertEquals(200, node.get("/api/calls", fresh).statusCode(), "pairing again after a revocation works");
    }

    @Test
    void anUnknownCodeIsNotFound() throws Exception {
        var r = node.post(
                "/api/pairings",
                node.token("admin"),
                new JsonObject().put("code", "000000").put("patientId", "pat-wang"));
        // 000000 could in theory be a live code; this node issued none that this test binds
        assertEquals(404, r.statusCode(), r.bodyAsString());
        assertEquals("not_found", r.bodyAsJsonObject().getString("code"));
    }
}
