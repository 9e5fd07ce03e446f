package org.ruralconsult.signaling.testing;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.ruralconsult.signaling.protocol.Protocol;

/** A real Vert.x WebSocket client for tests: sends protocol messages and waits for matching replies. */
public final class WsClient implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final WebSocket socket;
    private final List<JsonObject> received = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile Short closeStatus;

    /**
     * Held for as long as this client lives: Vert.x closes a WebSocketClient nobody references when the
     * garbage collector finds it, and its sockets with it (status 1000), which made long tests flaky.
     */
    private final WebSocketClient client;

    private WsClient(WebSocketClient client, WebSocket socket) {
        this.client = client;
        this.socket = socket;
        socket.textMessageHandler(text -> {
            JsonObject message = new JsonObject(text);
            checkAgainstSchema(message);
            synchronized (received) {
                received.add(message);
                received.notifyAll();
            }
        });
        socket.closeHandler(v -> {
            closeStatus = socket.closeStatusCode() == null ? -1 : socket.closeStatusCode();
            synchronized (received) {
                received.notifyAll();
            }
        });
    }

    /** Every server message is checked against its published schema (protocol/v1/server/*.schema.json). */
    private static final Protocol PROTOCOL = new Protocol();

    private static final List<String> SCHEMA_PROBLEMS = new java.util.concurrent.CopyOnWriteArrayList<>();

    private static void checkAgainstSchema(JsonObject message) {
        String type = message.getString("type");
        var schema = PROTOCOL.serverSchema(type);
        if (schema.isEmpty()) {
            SCHEMA_PROBLEMS.add("server sent undocumented type " + type + ": " + message.encode());
            return;
        }
        schema.get().validate(message).forEach(p -> SCHEMA_PROBLEMS.add(type + " " + p + " in " + message.encode()));
    }

    /** Server messages seen so far that do not match the protocol's server schemas. */
    public static List<String> drainSchemaProblems() {
        List<String> problems = List.copyOf(SCHEMA_PROBLEMS);
        SCHEMA_PROBLEMS.removeAll(problems);
        return problems;
    }

    public static WsClient connect(Vertx vertx, int port, String pathAndQuery) throws Exception {
        WebSocketClient client = vertx.createWebSocketClient(
                new WebSocketClientOptions().setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 20));
        // handlers are set on the event loop as the upgrade completes: a server that speaks first (welcome for a
        // token in the query) would otherwise find no handler yet, and its message would be dropped
        return client.connect(new WebSocketConnectOptions()
                        .setHost("127.0.0.1")
                        .setPort(port)
                        .setURI(pathAndQuery))
                .map(socket -> new WsClient(client, socket))
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    /** Connects and says hello with the token; waits for welcome. */
    public static WsClient signedIn(Vertx vertx, int port, String token) throws Exception {
        WsClient c = connect(vertx, port, "/ws?v=1");
        c.request(new JsonObject().put("type", "hello").put("v", 1).put("token", token), "welcome");
        return c;
    }

    public void sendText(String text) {
        socket.writeTextMessage(text);
    }

    public void sendBinary(byte[] bytes) {
        socket.writeBinaryMessage(Buffer.buffer(bytes));
    }

    /** Sends the message with a fresh id; returns the id. */
    public String send(JsonObject message) {
        String id = message.containsKey("id") ? message.getString("id") : "m" + ids.incrementAndGet();
        sendText(message.copy().put("id", id).encode());
        return id;
    }

    /** Sends and waits for the reply (of the expected type) or an error with the same ref. */
    public JsonObject request(JsonObject message, String expectedType) throws InterruptedException {
        String id = send(message);
        JsonObject reply = await(m -> id.equals(m.getString("ref"))
                && (expectedType.equals(m.getString("type")) || "error".equals(m.getString("type"))));
        return reply;
    }

    /** Sends and expects an ack; fails the test with the error otherwise. */
    public JsonObject ack(JsonObject message) throws InterruptedException {
        JsonObject reply = request(message, "ack");
        if (!"ack".equals(reply.getString("type"))) throw new AssertionError("expected ack, got " + reply.encode());
        return reply;
    }

    /** Waits for (and consumes) the first received message that matches. */
    public JsonObject await(Predicate<JsonObject> match) throws InterruptedException {
        JsonObject m = poll(match, WAIT);
        assertNotNull(m, () -> "no matching message within " + WAIT + "; received: " + snapshot());
        return m;
    }

    public JsonObject awaitType(String type) throws InterruptedException {
        return await(m -> type.equals(m.getString("type")));
    }

    /** The next call.update for the call that satisfies the predicate. */
    public JsonObject awaitCall(String callId, Predicate<JsonObject> call) throws InterruptedException {
        return await(m -> "call.update".equals(m.getString("type"))
                        && callId.equals(m.getJsonObject("call").getString("id"))
                        && call.test(m.getJsonObject("call")))
                .getJsonObject("call");
    }

    /** Waits up to {@code timeout}; null if nothing matched. */
    public JsonObject poll(Predicate<JsonObject> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (true) {
                Iterator<JsonObject> it = received.iterator();
                while (it.hasNext()) {
                    JsonObject m = it.next();
                    if (match.test(m)) {
                        it.remove();
                        return m;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || closeStatus != null) {
                    // one last look happened above; a closed socket receives nothing more
                    return null;
                }
                TimeUnit.NANOSECONDS.timedWait(received, left);
            }
        }
    }

    public List<JsonObject> snapshot() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Waits until the server closed the connection; returns its status code. */
    public short awaitClose() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        synchronized (received) {
            while (closeStatus == null && System.nanoTime() < deadline) received.wait(100);
        }
        assertNotNull(closeStatus, "connection was not closed");
        return closeStatus;
    }

    public boolean isClosed() {
        return closeStatus != null || socket.isClosed();
    }

    @Override
    public void close() {
        if (!socket.isClosed()) socket.close();
        client.close();
    }
}
