package org.ruralconsult.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ruralconsult.signaling.CallFlowTest.memberState;
import static org.ruralconsult.signaling.CallFlowTest.waitFor;

import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.ruralconsult.signaling.testing.TestNode;
import org.ruralconsult.signaling.testing.WsClient;

/**
 * A TV that vanishes without a close frame (power cut, cable pulled) answers no pings: the server counts
 * its connection dropped after the idle timeout and the grace period starts, while a live client that
 * answers pings stays connected past the same timeout.
 */
class DeadConnectionTest {
    @Test
    void aSilentConnectionIsDroppedAndItsCallMemberDisconnectedWhileLiveOnesStay() throws Exception {
        try (TestNode node = TestNode.start(
                o -> o.pingInterval(Duration.ofMillis(300)).idleTimeout(Duration.ofMillis(1500)), null)) {
            String tvToken = node.pairTv("pat-li");
            String staff = node.token("sunxiuying");
            try (WsClient doctor = node.ws("liming");
                    Socket silentTv = new Socket("127.0.0.1", node.port())) {
                doctor.ack(new JsonObject().put("type", "presence.set_on_duty").put("onDuty", true));
                upgrade(silentTv, "/ws?v=1&token=" + tvToken);
                waitFor(() -> residentsBody(node, staff).contains("\"tvStatus\":\"ONLINE\""));

                var created = node.post("/api/residents/pat-li/calls", staff, null);
                assertEquals(201, created.statusCode(), created.bodyAsString());
                String id = created.bodyAsJsonObject().getJsonObject("call").getString("id");
                assertEquals("JOINED", memberState(created.bodyAsJsonObject().getJsonObject("call"), "tv-li"));

                // the TV never answers a ping: after the idle timeout its member is DISCONNECTED (grace)
                doctor.awaitCall(id, c -> "DISCONNECTED".equals(memberState(c, "tv-li")));
                assertEquals(-1, read(silentTv), "the server closed the silent connection");

                // the doctor's client answered every ping and is still served after the same timeout
                assertFalse(doctor.isClosed());
                assertEquals(
                        "pong",
                        doctor.request(new JsonObject().put("type", "ping"), "pong")
                                .getString("type"));
                doctor.ack(new JsonObject().put("type", "call.decline").put("callId", id));
                doctor.ack(new JsonObject().put("type", "presence.set_on_duty").put("onDuty", false));
            }
        }
    }

    private static String residentsBody(TestNode node, String token) {
        try {
            return node.get("/api/residents", token).bodyAsString();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A hand-made WebSocket upgrade, after which this client stays silent. */
    private static void upgrade(Socket socket, String path) throws Exception {
        String key = Base64.getEncoder()
                        .encodeToString("rural-consult-key".getBytes(StandardCharsets.US_ASCII))
                        .substring(0, 22)
                + "==";
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        StringBuilder head = new StringBuilder();
        InputStream in = socket.getInputStream();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) break;
            head.append((char) b);
        }
        assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
    }

    /** Drains what the server sent (pings, the welcome) until it closes; returns the final read (-1). */
    private static int read(Socket socket) throws Exception {
        socket.setSoTimeout(10_000);
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        int n;
        while ((n = in.read(buffer)) > 0) {
            // discard
        }
        return n;
    }
}
