package org.ruralconsult.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ruralconsult.domain.directory.Practitioner;
import org.ruralconsult.domain.directory.Role;
import org.ruralconsult.signaling.auth.Tokens;
import org.ruralconsult.signaling.testing.TestNode;

class HttpApiTest {
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
    void healthSaysLiveAndReady() throws Exception {
        var r = node.get("/health", null);
        assertEquals(200, r.statusCode());
        assertEquals(true, r.bodyAsJsonObject().getBoolean("ready"));
        assertEquals(200, node.get("/health/live", null).statusCode());
        assertEquals(200, node.get("/health/ready", null).statusCode());
    }

    @Test
    void metricsArePrometheusTextWithVertxAndOwnMeters() throws Exception {
        node.post("/api/login", null, new JsonObject().put("login", "liming").put("password", "wrong"));
        var r = node.get("/metrics", null);
        assertEquals(200, r.statusCode());
        String text = r.bodyAsString();
        assertTrue(text.contains("signaling_auth_failures_total"), text);
        assertTrue(text.contains("signaling_ws_connections"), text);
        assertTrue(text.contains("vertx_http_server"), "vert.x meters present");
    }

    @Test
    void openApiDocumentIsServed() throws Exception {
        var r = node.get("/api/openapi.yaml", null);
        assertEquals(200, r.statusCode());
        assertTrue(r.bodyAsString().startsWith("openapi: 3"), r.bodyAsString());
        assertTrue(r.bodyAsString().contains("/api/residents/{patientId}/calls"));
    }

    @Test
    void loginReturnsJwtWithRoleAndOrganization() throws Exception {
        var r = node.post(
                "/api/login", null, new JsonObject().put("login", "liming").put("password", TestNode.PASSWORD));
        assertEquals(200, r.statusCode());
        JsonObject body = r.bodyAsJsonObject();
        assertNotNull(body.getString("token"));
        assertEquals("TOWNSHIP_DOCTOR", body.getJsonObject("party").getString("role"));
        assertEquals("twp-dongling", body.getJsonObject("party").getString("organizationId"));
        assertEquals(1800, body.getLong("expiresIn"));
    }

    @Test
    void wrongPasswordAndUnknownLoginAreRefusedAlike() throws Exception {
        var wrong = node.post(
                "/api/login", null, new JsonObject().put("login", "liming").put("password", "nope"));
        var unknown = node.post(
                "/api/login", null, new JsonObject().put("login", "nobody").put("password", "nope"));
        assertEquals(401, wrong.statusCode());
        assertEquals(401, unknown.statusCode());
        assertEquals(wrong.bodyAsJsonObject(), unknown.bodyAsJsonObject());
        assertEquals("unauthorized", wrong.bodyAsJsonObject().getString("code"));
    }

    @Test
    void refreshIssuesAFreshTokenForTheSameParty() throws Exception {
        String token = node.token("zhangfang");
        Thread.sleep(1100); // iat has second resolution
        var r = node.post("/api/refresh", token, null);
        assertEquals(200, r.statusCode(), r.bodyAsString());
        String fresh = r.bodyAsJsonObject().getString("token");
        assertNotEquals(token, fresh);
        assertEquals("doc-zhang", r.bodyAsJsonObject().getJsonObject("party").getString("id"));
        assertEquals(200, node.get("/api/calls", fresh).statusCode());
    }

    @Test
    void malformedBodyIsA400WithJsonError() throws Exception {
        var r = node.postRaw("/api/login", null, "{not json");
        assertEquals(400, r.statusCode());
        assertEquals("bad_request", r.bodyAsJsonObject().getString("code"));
    }

    @Test
    void oversizedBodyIsA413WithJsonError() throws Exception {
        var r = node.postRaw("/api/login", null, "{\"login\":\"" + "x".repeat(20_000) + "\"}");
        assertEquals(413, r.statusCode());
        assertEquals("too_large", r.bodyAsJsonObject().getString("code"));
    }

    @Test
    void missingForgedAndExpiredTokensAre401() throws Exception {
        assertEquals(401, node.get("/api/calls", null).statusCode());
        String token = node.token("liming");
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "c2lnbmF0dXJl";
        var r = node.get("/api/calls", forged);
        assertEquals(401, r.statusCode());
        assertEquals("unauthorized", r.bodyAsJsonObject().getString("code"));
        try (TestNode shortLived = TestNode.start(o -> o.accessTokenTtl(java.time.Duration.ofSeconds(1)), null)) {
            var login = shortLived.post(
                    "/api/login", null, new JsonObject().put("login", "liuwei").put("password", TestNode.PASSWORD));
            String expiring = login.bodyAsJsonObject().getString("token");
            Thread.sleep(2100);
            var expired = shortLived.get("/api/calls", expiring);
            assertEquals(401, expired.statusCode());
            assertTrue(expired.bodyAsJsonObject().getString("message").contains("expired"), expired.bodyAsString());
            assertTrue(shortLived.get("/metrics", null).bodyAsString().contains("reason=\"expired\""));
        }
    }

    @Test
    void theBrowserConsoleIsServedAtTheRoot() throws Exception {
        var r = node.get("/", null);
        assertEquals(200, r.statusCode());
        assertTrue(r.bodyAsString().contains("loginForm"), "the console's sign-in form");
        assertEquals(200, node.get("/js/consult-client.js", null).statusCode());
    }

    @Test
    void aTokenOfSomeoneNoLongerInTheDirectoryIsRefused() throws Exception {
        Tokens sameSecret = new Tokens(
                node.client,
                TestNode.SECRET,
                java.time.Duration.ofMinutes(5),
                java.time.Duration.ofMinutes(5),
                (device, issued) -> false,
                party -> true);
        String ghost = sameSecret.issue(
                new Practitioner("doc-ghost", "幽灵", Role.TOWNSHIP_DOCTOR, "twp-dongling", null, "ghost", "x"));
        var r = node.get("/api/calls", ghost);
        assertEquals(401, r.statusCode());
        assertTrue(r.bodyAsJsonObject().getString("message").contains("directory"), r.bodyAsString());
        String promoted =
                sameSecret.issue(new Practitioner("doc-li", "李明", Role.ADMIN, "twp-dongling", null, "liming", "x"));
        assertEquals(401, node.get("/api/calls", promoted).statusCode(), "role must match the directory");
    }

    @Test
    void unknownRouteIsJson404() throws Exception {
        var r = node.get("/api/nothing-here", null);
        assertEquals(404, r.statusCode());
        assertEquals("not_found", r.bodyAsJsonObject().getString("code"));
    }

    @Test
    void loginFloodsFromOneAddressGet429AndACounter() throws Exception {
        try (TestNode strict = TestNode.start(o -> o.loginBurst(3).loginRatePerSecond(0.01), null)) {
            JsonObject wrong = new JsonObject().put("login", "liming").put("password", "guess");
            for (int i = 0; i < 3; i++)
                assertEquals(401, strict.post("/api/login", null, wrong).statusCode());
            var limited = strict.post("/api/login", null, wrong);
            assertEquals(429, limited.statusCode());
            assertEquals("rate_limited", limited.bodyAsJsonObject().getString("code"));
            assertTrue(strict.get("/metrics", null).bodyAsString().contains("reason=\"rate_limited\""));
            assertEquals(200, strict.get("/health", null).statusCode(), "everything else is still served");
        }
    }

    @Test
    void patientsAreListedByRoleAndOrganization() throws Exception {
        var east = node.get("/api/patients", node.token("liming"))
                .bodyAsJsonObject()
                .getJsonArray("patients");
        assertEquals(
                java.util.List.of("pat-li", "pat-wang", "pat-zhang"),
                east.stream().map(o -> ((JsonObject) o).getString("patientId")).toList());
        assertEquals("OFFLINE", east.getJsonObject(0).getString("tvStatus"));
        var expert = node.get("/api/patients", node.token("wangjianguo"))
                .bodyAsJsonObject()
                .getJsonArray("patients");
        assertTrue(expert.isEmpty(), "experts see no patient list");
        var admin = node.get("/api/patients", node.token("admin"))
                .bodyAsJsonObject()
                .getJsonArray("patients");
        assertEquals(4, admin.size());
    }
}
