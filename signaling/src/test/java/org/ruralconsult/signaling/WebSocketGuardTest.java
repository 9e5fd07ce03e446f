package org.ruralconsult.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ruralconsult.signaling.testing.TestNode;
import org.ruralconsult.signaling.testing.WsClient;

/** Bad input and load: each gets an error and a counter; only abusive connections are closed. */
class WebSocketGuardTest {
    static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(o -> o.helloTimeout(Duration.ofSeconds(2)), null);
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    private static double rejected(String reason) {
        Counter c = node.server
                .meterRegistry()
                .find("signaling.ws.rejected.messages")
                .tag("reason", reason)
                .counter();
        return c == null ? 0 : c.count();
    }

    private static double authFailures(String reason) {
        Counter c = node.server
                .meterRegistry()
                .find("signaling.auth.failures")
                .tag("channel", "ws")
                .tag("reason", reason)
                .counter();
        return c == null ? 0 : c.count();
    }

    private static void stillServed(WsClient c) throws InterruptedException {
        JsonObject pong = c.request(new JsonObject().put("type", "ping"), "pong");
        assertEquals("pong", pong.getString("type"), pong.encode());
    }

    @Test
    void helloWithTokenIsWelcomedWithTheParty() throws Exception {
        try (WsClient c = WsClient.connect(node.client, node.port(), "/ws?v=1")) {
            JsonObject w = c.request(
                    new JsonObject().put("type", "hello").put("v", 1).put("token", node.token("liming")), "welcome");
            assertEquals("welcome", w.getString("type"));
            assertEquals("doc-li", w.getJsonObject("party").getString("id"));
            assertEquals("李明", w.getString("name"));
            assertEquals(1, w.getInteger("v"));
        }
    }

    @Test
    void tokenInTheQueryAuthenticatesToo() throws Exception {
        try (WsClient c = WsClient.connect(node.client, node.port(), "/ws?v=1&token=" + node.token("liming"))) {
            JsonObject w = c.awaitType("welcome");
            assertEquals("doc-li", w.getJsonObject("party").getString("id"));
            c.ack(new JsonObject().put("type", "presence.subscribe"));
        }
    }

    @Test
    void unsupportedProtocolVersionIsRefusedAtUpgrade() {
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(
                Exception.class, () -> WsClient.connect(node.client, node.port(), "/ws?v=2"));
        assertTrue(
                String.valueOf(e.getMessage()).contains("400")
                        || String.valueOf(e.getCause()).contains("400"),
                e.toString());
    }

    @Test
    void malformedJsonGetsAnErrorAndACounterAndTheConnectionStays() throws Exception {
        double before = rejected("malformed_json");
        try (WsClient c = node.ws("liming")) {
            c.sendText("{this is not json");
            JsonObject error = c.awaitType("error");
            assertEquals("malformed_json", error.getString("code"));
            assertNull(error.getString("ref"));
            c.sendText("[1,2,3]");
            assertEquals("malformed_json", c.awaitType("error").getString("code"));
            stillServed(c);
        }
        assertEquals(before + 2, rejected("malformed_json"));
    }

    @Test
    void unknownTypeGetsAnErrorNamingTheMessage() throws Exception {
        double before = rejected("unknown_type");
        try (WsClient c = node.ws("liming")) {
            JsonObject error =
                    c.request(new JsonObject().put("type", "call.teleport").put("id", "x-1"), "error");
            assertEquals("unknown_type", error.getString("code"));
            assertEquals("x-1", error.getString("ref"));
            stillServed(c);
        }
        assertEquals(before + 1, rejected("unknown_type"));
    }

    @Test
    void schemaViolationsAreRefusedWithTheProblem() throws Exception {
        double before = rejected("invalid_message");
        try (WsClient c = node.ws("liming")) {
            JsonObject missing = c.request(new JsonObject().put("type", "call.accept"), "error");
            assertEquals("invalid_message", missing.getString("code"));
            assertTrue(missing.getString("message").contains("callId"), missing.encode());
            JsonObject extra = c.request(
                    new JsonObject()
                            .put("type", "call.accept")
                            .put("callId", "c1")
                            .put("sneaky", true),
                    "error");
            assertTrue(extra.getString("message").contains("unexpected property sneaky"), extra.encode());
            JsonObject wrongType = c.request(
                    new JsonObject().put("type", "presence.set_on_duty").put("onDuty", "yes"), "error");
            assertTrue(wrongType.getString("message").contains("boolean"), wrongType.encode());
            JsonObject outOfRange = c.request(
                    new JsonObject()
                            .put("type", "call.vitals")
                            .put("callId", "c1")
                            .put("systolicMmHg", 999),
                    "error");
            assertTrue(outOfRange.getString("message").contains("above"), outOfRange.encode());
            stillServed(c);
        }
        assertEquals(before + 4, rejected("invalid_message"));
    }

    @Test
    void oversizedMessageGetsTooLargeAndTheConnectionStays() throws Exception {
        double before = rejected("too_large");
        try (WsClient c = node.ws("liming")) {
            c.sendText(new JsonObject()
                    .put("type", "call.note")
                    .put("id", "big")
                    .put("callId", "c")
                    .put("note", "x".repeat(20_000))
                    .encode());
            JsonObject error = c.awaitType("error");
            assertEquals("too_large", error.getString("code"));
            stillServed(c);
        }
        assertEquals(before + 1, rejected("too_large"));
    }

    @Test
    void frameBeyondTheHardLimitClosesOnlyThatConnection() throws Exception {
        try (WsClient abuser = node.ws("liming");
                WsClient other = node.ws("zhangfang")) {
            abuser.sendText("x".repeat(100_000));
            short status = abuser.awaitClose();
            assertTrue(status == 1009 || status == 1006 || status == 1002, "status " + status);
            stillServed(other);
        }
    }

    @Test
    void binaryFramesAreRefused() throws Exception {
        try (WsClient c = node.ws("liming")) {
            c.sendBinary(new byte[] {1, 2, 3});
            assertEquals("unsupported_frame", c.awaitType("error").getString("code"));
            stillServed(c);
        }
    }

    @Test
    void floodIsRateLimitedThenClosedWhileOthersAreServed() throws Exception {
        double before = rejected("rate_limited");
        double closesBefore = node.server
                                .meterRegistry()
                                .find("signaling.ws.abusive.closes")
                                .tag("reason", "rate_limited")
                                .counter()
                        == null
                ? 0
                : node.server
                        .meterRegistry()
                        .find("signaling.ws.abusive.closes")
                        .tag("reason", "rate_limited")
                        .counter()
                        .count();
        try (WsClient flooder = node.ws("liming");
                WsClient other = node.ws("zhangfang")) {
            for (int i = 0; i < 500; i++) flooder.sendText("{\"type\":\"ping\",\"id\":\"f" + i + "\"}");
            JsonObject limited = flooder.await(m -> "rate_limited".equals(m.getString("code")));
            assertEquals("error", limited.getString("type"));
            assertEquals(1008, flooder.awaitClose());
            stillServed(other);
        }
        assertTrue(rejected("rate_limited") > before);
        assertEquals(
                closesBefore + 1,
                node.server
                        .meterRegistry()
                        .find("signaling.ws.abusive.closes")
                        .tag("reason", "rate_limited")
                        .counter()
                        .count());
    }

    @Test
    void aShortBurstIsAllowedAndOnlyTheExcessIsRefused() throws Exception {
        try (WsClient c = node.ws("liming")) {
            for (int i = 0; i < 30; i++) c.sendText("{\"type\":\"ping\",\"id\":\"b" + i + "\"}");
            for (int i = 0; i < 30; i++) {
                String ref = "b" + i;
                assertNotNull(c.await(m -> ref.equals(m.getString("ref")) && "pong".equals(m.getString("type"))));
            }
            assertFalse(c.isClosed());
        }
    }

    @Test
    void forgedAndExpiredTokensGetUnauthorizedAndRepeatedFailuresClose() throws Exception {
        double invalidBefore = authFailures("invalid");
        String token = node.token("liming");
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "Zm9yZ2Vk";
        try (WsClient c = node.anonymous()) {
            JsonObject e1 =
                    c.request(new JsonObject().put("type", "hello").put("v", 1).put("token", forged), "welcome");
            assertEquals("unauthorized", e1.getString("code"));
            stillServed(c);
            JsonObject denied = c.request(new JsonObject().put("type", "presence.subscribe"), "ack");
            assertEquals("unauthorized", denied.getString("code"));
            c.request(new JsonObject().put("type", "hello").put("v", 1).put("token", "garbage"), "welcome");
            c.request(new JsonObject().put("type", "hello").put("v", 1).put("token", forged), "welcome");
            assertEquals(1008, c.awaitClose());
        }
        assertEquals(invalidBefore + 3, authFailures("invalid"));

        try (TestNode shortLived = TestNode.start(o -> o.accessTokenTtl(Duration.ofSeconds(1)), null)) {
            var login = shortLived.post(
                    "/api/login",
                    null,
                    new JsonObject().put("login", "zhaojing").put("password", TestNode.PASSWORD));
            String expiring = login.bodyAsJsonObject().getString("token");
            Thread.sleep(2100);
            try (WsClient c = shortLived.anonymous()) {
                JsonObject e = c.request(
                        new JsonObject().put("type", "hello").put("v", 1).put("token", expiring), "welcome");
                assertEquals("unauthorized", e.getString("code"));
                assertTrue(e.getString("message").contains("expired"), e.encode());
                stillServed(c);
            }
            assertEquals(
                    1.0,
                    shortLived
                            .server
                            .meterRegistry()
                            .find("signaling.auth.failures")
                            .tag("reason", "expired")
                            .counter()
                            .count());
        }
    }

    @Test
    void messagesBeforeHelloAreRefusedAndSilenceIsClosed() throws Exception {
        try (WsClient c = node.anonymous()) {
            JsonObject e = c.request(new JsonObject().put("type", "call.accept").put("callId", "c1"), "ack");
            assertEquals("unauthorized", e.getString("code"));
            assertEquals(1008, c.awaitClose());
        }
    }

    @Test
    void mediaMessagesAreValidatedAndRefusedOutsideALiveCall() throws Exception {
        try (WsClient c = node.ws("liming")) {
            JsonObject invalid =
                    c.request(new JsonObject().put("type", "media.publish").put("callId", "c1"), "ack");
            assertEquals("invalid_message", invalid.getString("code"));
            JsonObject noCall = c.request(
                    new JsonObject()
                            .put("type", "media.publish")
                            .put("callId", "c1")
                            .put("sdp", "v=0"),
                    "media.answer");
            assertEquals("not_found", noCall.getString("code"));
            JsonObject badPc = c.request(
                    new JsonObject()
                            .put("type", "media.ice_restart")
                            .put("callId", "c1")
                            .put("pc", "both"),
                    "ack");
            assertEquals("invalid_message", badPc.getString("code"));
        }
    }
}
