package org.ruralconsult.signaling.ws;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.ruralconsult.domain.event.Party;
import org.ruralconsult.signaling.SignalingMetrics;
import org.ruralconsult.signaling.auth.Tokens;
import org.ruralconsult.signaling.config.SignalingOptions;
import org.ruralconsult.signaling.protocol.JsonSchema;
import org.ruralconsult.signaling.protocol.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket side of the server: authenticates connections ({@code hello}), guards them (size limit,
 * token-bucket rate limit, JSON and schema validation) and dispatches each valid message to the
 * {@link MessageHandler} registered for its type. Every refused message gets an {@code error} and a
 * counter; only a connection that keeps misbehaving ({@link SignalingOptions#abuseLimit()}) or fails
 * authentication repeatedly is closed.
 */
public final class WebSocketGateway {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketGateway.class);
    private static final short POLICY_VIOLATION = 1008;
    private static final int MAX_REF_LENGTH = 64;

    private final Vertx vertx;
    private final SignalingOptions options;
    private final Protocol protocol;
    private final Tokens tokens;
    private final SignalingMetrics metrics;
    private final Connections connections;
    private final String nodeId;
    private final Function<Party, String> names;
    private final Map<String, MessageHandler> handlers = new ConcurrentHashMap<>();
    private final List<Consumer<Connection>> onAuthenticated = new CopyOnWriteArrayList<>();
    private final List<Consumer<Connection>> onClosed = new CopyOnWriteArrayList<>();

    public WebSocketGateway(
            Vertx vertx,
            SignalingOptions options,
            Protocol protocol,
            Tokens tokens,
            SignalingMetrics metrics,
            Connections connections,
            String nodeId,
            Function<Party, String> names) {
        this.vertx = vertx;
        this.options = options;
        this.protocol = protocol;
        this.tokens = tokens;
        this.metrics = metrics;
        this.connections = connections;
        this.nodeId = nodeId;
        this.names = names;
        handlers.put("hello", this::hello);
        handlers.put(
                "ping",
                (c, m) -> Future.succeededFuture(new JsonObject()
                        .put("type", "pong")
                        .put("at", Instant.now().toString())));
    }

    /** Registers the handler of a message type (one per type). */
    public WebSocketGateway handle(String type, MessageHandler handler) {
        if (protocol.clientSchema(type).isEmpty()) throw new IllegalArgumentException("no schema for " + type);
        handlers.put(type, handler);
        return this;
    }

    public WebSocketGateway onAuthenticated(Consumer<Connection> listener) {
        onAuthenticated.add(listener);
        return this;
    }

    public WebSocketGateway onClosed(Consumer<Connection> listener) {
        onClosed.add(listener);
        return this;
    }

    public Connections connections() {
        return connections;
    }

    /** Takes over an upgraded WebSocket. */
    public void accept(ServerWebSocket socket) {
        Connection connection = new Connection(
                socket, new TokenBucket(options.ratePerSecond(), options.rateBurst(), System.nanoTime()));
        connections.add(connection);
        metrics.connectionOpened();
        connection.helloTimer(vertx.setTimer(options.helloTimeout().toMillis(), t -> {
            if (!connection.helloReceived()) {
                metrics.abusiveClose("hello_timeout");
                connection.close(POLICY_VIOLATION, "hello expected");
            }
        }));
        long pinger = vertx.setPeriodic(options.pingInterval().toMillis(), id -> {
            if (!socket.isClosed()) socket.writePing(Buffer.buffer("rc"));
        });
        socket.textMessageHandler(text -> onText(connection, text));
        socket.binaryMessageHandler(binary -> onBinary(connection, binary));
        socket.exceptionHandler(e -> LOG.debug("connection {} failed: {}", connection.id(), e.toString()));
        socket.closeHandler(v -> {
            vertx.cancelTimer(pinger);
            onClose(connection);
        });
        String token = socket.query() == null ? null : queryToken(socket.query());
        if (token != null) {
            authenticate(connection, token, null)
                    .onSuccess(v -> connection.send(welcome(connection).putNull("ref")));
        }
    }

    private static String queryToken(String query) {
        for (String pair : query.split("&")) {
            if (pair.startsWith("token=")) return URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
        }
        return null;
    }

    private void onClose(Connection connection) {
        vertx.cancelTimer(connection.helloTimer());
        connections.remove(connection);
        metrics.connectionClosed();
        for (Consumer<Connection> listener : onClosed) {
            try {
                listener.accept(connection);
            } catch (RuntimeException e) {
                LOG.warn("close listener failed for {}", connection.id(), e);
            }
        }
    }

    private void onBinary(Connection connection, Buffer binary) {
        if (!admit(connection)) return;
        refuse(connection, null, "unsupported_frame", "binary frames are not part of the protocol");
    }

    private void onText(Connection connection, String text) {
        if (!admit(connection)) return;
        if (text.length() > options.maxMessageBytes()
                || text.getBytes(StandardCharsets.UTF_8).length > options.maxMessageBytes()) {
            refuse(connection, null, "too_large", "message larger than " + options.maxMessageBytes() + " bytes");
            return;
        }
        JsonObject message;
        try {
            message = new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            refuse(connection, null, "malformed_json", "message is not a JSON object");
            return;
        }
        Object idValue = message.getValue("id");
        // echo the id only when it could be a valid one, never an attacker's 16 KiB
        String ref = idValue instanceof String s && s.length() <= MAX_REF_LENGTH ? s : null;
        Object typeValue = message.getValue("type");
        if (!(typeValue instanceof String type)) {
            refuse(connection, ref, "invalid_message", "missing string field type");
            return;
        }
        JsonSchema schema = protocol.clientSchema(type).orElse(null);
        if (schema == null) {
            refuse(connection, ref, "unknown_type", "unknown message type " + abbreviate(type));
            return;
        }
        List<String> problems = schema.validate(message);
        if (!problems.isEmpty()) {
            refuse(
                    connection,
                    ref,
                    "invalid_message",
                    String.join("; ", problems.subList(0, Math.min(5, problems.size()))));
            return;
        }
        if (!type.equals("hello") && !type.equals("ping") && !connection.helloReceived()) {
            refuse(connection, ref, "unauthorized", "send hello first");
            return;
        }
        if (!connection.authenticated()
                && !type.equals("hello")
                && !type.equals("ping")
                && !type.equals("pairing.request")) {
            refuse(connection, ref, "unauthorized", "this connection has no token; only pairing.request is allowed");
            return;
        }
        MessageHandler handler = handlers.get(type);
        if (handler == null) {
            metrics.handled(type);
            sendError(connection, ref, "not_implemented", type + " is not available on this server");
            return;
        }
        metrics.handled(type);
        Future<JsonObject> reply;
        try {
            reply = handler.handle(connection, message);
        } catch (RuntimeException e) {
            reply = Future.failedFuture(e);
        }
        reply.onComplete(ar -> {
            if (ar.succeeded()) {
                JsonObject body = ar.result() == null ? new JsonObject() : ar.result();
                if (!body.containsKey("type"))
                    body = new JsonObject().put("type", "ack").mergeIn(body);
                connection.send(body.put("ref", ref));
            } else if (ar.cause() instanceof ProtocolError error) {
                sendError(connection, ref, error.code(), error.getMessage());
            } else if (ar.cause() instanceof Tokens.TokenRejected rejected) {
                sendError(connection, ref, "unauthorized", rejected.getMessage());
            } else {
                LOG.error("handler for {} failed", type, ar.cause());
                sendError(connection, ref, "internal_error", "the server could not process " + type);
            }
        });
    }

    private Future<JsonObject> hello(Connection connection, JsonObject message) {
        String token = message.getString("token");
        if (token == null) {
            connection.helloReceived(true);
            vertx.cancelTimer(connection.helloTimer());
            return Future.succeededFuture(welcome(connection));
        }
        if (connection.authenticated()) {
            return Future.failedFuture(new ProtocolError("illegal_state", "already authenticated"));
        }
        return authenticate(connection, token, message.getString("id")).map(v -> welcome(connection));
    }

    private Future<Void> authenticate(Connection connection, String token, String ref) {
        return tokens.verify(vertx, token)
                .onSuccess(party -> {
                    connection.helloReceived(true);
                    vertx.cancelTimer(connection.helloTimer());
                    connection.authenticate(party, names.apply(party));
                    connections.authenticated(connection);
                    for (Consumer<Connection> listener : onAuthenticated) {
                        try {
                            listener.accept(connection);
                        } catch (RuntimeException e) {
                            LOG.warn("authentication listener failed for {}", connection.id(), e);
                        }
                    }
                })
                .recover(e -> {
                    String reason = e instanceof Tokens.TokenRejected r ? r.reason() : "invalid";
                    metrics.authFailure("ws", reason);
                    int failures = connection.authFailure();
                    if (ref == null) {
                        sendError(connection, null, "unauthorized", e.getMessage());
                    }
                    if (failures >= options.authFailureLimit()) {
                        if (ref != null) sendError(connection, ref, "unauthorized", e.getMessage());
                        metrics.abusiveClose("auth_failures");
                        connection.close(POLICY_VIOLATION, "too many failed authentications");
                        return Future.failedFuture(new ProtocolError("unauthorized", e.getMessage()));
                    }
                    return ref == null
                            ? Future.succeededFuture()
                            : Future.failedFuture(new ProtocolError("unauthorized", e.getMessage()));
                })
                .mapEmpty();
    }

    private JsonObject welcome(Connection connection) {
        JsonObject welcome = new JsonObject()
                .put("type", "welcome")
                .put("v", Protocol.VERSION)
                .put("node", nodeId);
        if (connection.party() != null) {
            welcome.put(
                    "party",
                    new JsonObject()
                            .put("id", connection.party().id())
                            .put("role", connection.party().role().name())
                            .put("organizationId", connection.party().organizationId())
                            .put("patientId", connection.party().patientId()));
            welcome.put("name", connection.name());
        } else {
            welcome.putNull("party");
        }
        return welcome;
    }

    /** Rate limit and abuse accounting; false when the message must be dropped. */
    private boolean admit(Connection connection) {
        if (connection.closing()) return false;
        if (connection.bucket().tryTake(System.nanoTime())) return true;
        refuse(connection, null, "rate_limited", "too many messages; slow down");
        return false;
    }

    private void refuse(Connection connection, String ref, String code, String message) {
        metrics.rejected(code);
        sendError(connection, ref, code, message);
        if (connection.violation() >= options.abuseLimit()) {
            metrics.abusiveClose(code);
            connection.close(POLICY_VIOLATION, "too many bad messages");
        }
    }

    private static void sendError(Connection connection, String ref, String code, String message) {
        connection.send(new JsonObject()
                .put("type", "error")
                .put("code", code)
                .put("message", message)
                .put("ref", ref));
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
