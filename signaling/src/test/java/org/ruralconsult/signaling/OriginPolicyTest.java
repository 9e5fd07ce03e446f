package org.ruralconsult.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ruralconsult.signaling.testing.TestNode;
import org.ruralconsult.signaling.testing.WsClient;

/**
 * The WebSocket Origin and CORS policy: a page from another site cannot open a consult socket; the
 * server's own pages, listed origins and clients without an Origin (TVs, webrtc-java peers) can; REST
 * replies carry CORS headers only for a listed origin.
 */
class OriginPolicyTest {
    private static final String LISTED = "https://console.county.example";
    static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(o -> o.allowedOrigins(List.of(LISTED)), null);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void aPageFromAForeignOriginCannotOpenTheWebSocket() {
        ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(
                ExecutionException.class, () -> upgrade("https://evil.example"));
        assertTrue(refused.getCause() instanceof UpgradeRejectedException, refused.toString());
        assertEquals(403, ((UpgradeRejectedException) refused.getCause()).getStatus());
        ExecutionException otherPort = org.junit.jupiter.api.Assertions.assertThrows(
                ExecutionException.class, () -> upgrade("http://127.0.0.1:1"));
        assertEquals(
                403, ((UpgradeRejectedException) otherPort.getCause()).getStatus(), "another port is another origin");
    }

    @Test
    void theServersOwnPagesListedOriginsAndClientsWithoutAnOriginAreLetIn() throws Exception {
        upgrade("http://127.0.0.1:" + node.port()).close();
        upgrade(LISTED).close();
        try (WsClient tv = node.anonymous()) {
            assertEquals(
                    "welcome",
                    tv.request(new JsonObject().put("type", "hello").put("v", 1), "welcome")
                            .getString("type"),
                    "no Origin header: a TV or a webrtc-java peer");
        }
    }

    @Test
    void restRepliesCarryCorsHeadersOnlyForAListedOrigin() throws Exception {
        var listed = node.http
                .get(node.port(), "127.0.0.1", "/api/calls")
                .putHeader("Origin", LISTED)
                .bearerTokenAuthentication(node.token("zhoumin"))
                .send()
                .toCompletionStage()
                .toCompletableFuture()
                .get(20, TimeUnit.SECONDS);
        assertEquals(200, listed.statusCode());
        assertEquals(LISTED, listed.getHeader("Access-Control-Allow-Origin"));

        var preflight = node.http
                .request(io.vertx.core.http.HttpMethod.OPTIONS, node.port(), "127.0.0.1", "/api/calls")
                .putHeader("Origin", LISTED)
                .putHeader("Access-Control-Request-Method", "GET")
                .putHeader("Access-Control-Request-Headers", "authorization")
                .send()
                .toCompletionStage()
                .toCompletableFuture()
                .get(20, TimeUnit.SECONDS);
        assertEquals(204, preflight.statusCode());
        assertTrue(preflight.getHeader("Access-Control-Allow-Headers").contains("Authorization"));

        var foreign = node.http
                .get(node.port(), "127.0.0.1", "/api/calls")
                .putHeader("Origin", "https://evil.example")
                .bearerTokenAuthentication(node.token("zhoumin"))
                .send()
                .toCompletionStage()
                .toCompletableFuture()
                .get(20, TimeUnit.SECONDS);
        assertNull(foreign.getHeader("Access-Control-Allow-Origin"), "no CORS header: the browser withholds the reply");
        assertNull(node.get("/api/calls", node.token("zhoumin")).getHeader("Access-Control-Allow-Origin"));
    }

    private static WebSocket upgrade(String origin) throws Exception {
        WebSocketClient client = node.client.createWebSocketClient();
        return client.connect(new WebSocketConnectOptions()
                        .setHost("127.0.0.1")
                        .setPort(node.port())
                        .setURI("/ws?v=1")
                        .addHeader("Origin", origin))
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }
}
