package org.ruralconsult.tv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.ruralconsult.tv.media.TvCallMedia;
import org.ruralconsult.tv.media.TvMediaEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running TV: the public protocol (docs/protocol.md) over a WebSocket, the {@link TvApp} screens,
 * and the call's media. Server messages and remote keys are handled on one "UI" thread, in order.
 */
public final class TvSession implements TvActions, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TvSession.class);

    private final TvOptions options;
    private final ObjectMapper json = new ObjectMapper();
    private final ExecutorService ui = Executors.newSingleThreadExecutor(r -> new Thread(r, "tv-ui"));
    private final HttpClient http = HttpClient.newHttpClient();
    private final TvApp app;
    private final TvMediaEngine mediaEngine;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private volatile WebSocket socket;
    private volatile String myId;
    private String mediaCallId;
    private TvCallMedia media;

    public TvSession(TvOptions options, Consumer<TvScreen> display) {
        this.options = options;
        this.app = new TvApp(this, display);
        this.mediaEngine = options.media() ? new TvMediaEngine(options.loopbackOnly()) : null;
    }

    /** Connects and signs in with the stored device token, or asks for a pairing code. */
    public CompletableFuture<Void> start() {
        return http.newWebSocketBuilder()
                .buildAsync(options.webSocketUri(), new Listener())
                .thenCompose(ws -> {
                    socket = ws;
                    ObjectNode hello = json.createObjectNode().put("v", 1);
                    storedToken().ifPresent(t -> hello.put("token", t));
                    return request("hello", hello);
                })
                .thenAccept(welcome -> ui.execute(() -> onWelcome(welcome)));
    }

    public void press(RemoteKey key) {
        ui.execute(() -> app.press(key));
    }

    /** What is on screen now (read on the UI thread). */
    public CompletableFuture<TvScreen> screen() {
        return CompletableFuture.supplyAsync(app::screen, ui);
    }

    /** The current call's media, for stats; empty outside a call. */
    public CompletableFuture<Optional<TvCallMedia>> media() {
        return CompletableFuture.supplyAsync(() -> Optional.ofNullable(media), ui);
    }

    public String partyId() {
        return myId;
    }

    // ---- TvActions: what the elder asked for ----

    @Override
    public void accept(String callId) {
        ask("call.accept", callId);
    }

    @Override
    public void decline(String callId) {
        ask("call.decline", callId);
    }

    @Override
    public void callMyDoctor() {
        ObjectNode body = json.createObjectNode();
        body.putObject("target").put("kind", "on_duty_doctors");
        request("call.create", body)
                .whenComplete((reply, error) -> ui.execute(() -> {
                    if (error != null) {
                        app.problem(ElderWords.of(codeOf(error)));
                    } else {
                        app.calling(reply.path("call").path("id").asText());
                    }
                }));
    }

    @Override
    public void cancel(String callId) {
        ask("call.cancel", callId);
    }

    @Override
    public void hangUp(String callId) {
        ask("call.end", callId);
    }

    @Override
    public void rate(String callId, int stars) {
        // The elder is already home again: a refusal (e.g. already rated) is logged, not shown.
        request("call.rate", json.createObjectNode().put("callId", callId).put("stars", stars))
                .whenComplete((reply, error) -> {
                    if (error != null) LOG.warn("stars for {} not accepted: {}", callId, codeOf(error));
                });
    }

    private void ask(String type, String callId) {
        request(type, json.createObjectNode().put("callId", callId)).exceptionally(e -> {
            ui.execute(() -> app.problem(ElderWords.of(codeOf(e))));
            return null;
        });
    }

    // ---- the protocol ----

    private CompletableFuture<JsonNode> request(String type, ObjectNode body) {
        String id = "tv" + ids.incrementAndGet();
        body.put("type", type).put("id", id);
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        send(body);
        return reply;
    }

    private synchronized void send(ObjectNode message) {
        // One send at a time: the JDK WebSocket refuses a send while the previous one is in flight.
        socket.sendText(message.toString(), true).join();
    }

    private static String codeOf(Throwable e) {
        Throwable cause =
                e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        return cause instanceof ServerError se ? se.code : "unreachable";
    }

    private static final class ServerError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String code;

        ServerError(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    private void onMessage(JsonNode msg) {
        String ref = msg.path("ref").asText(null);
        CompletableFuture<JsonNode> waiting = ref == null ? null : pending.remove(ref);
        String type = msg.path("type").asText();
        if (waiting != null) {
            if ("error".equals(type)) {
                waiting.completeExceptionally(new ServerError(
                        msg.path("code").asText(), msg.path("message").asText()));
            } else {
                waiting.complete(msg);
            }
        }
        switch (type) {
            case "pairing.code" -> app.pairingCode(msg.path("code").asText());
            case "pairing.complete" -> onPaired(msg.path("deviceToken").asText());
            case "call.update" -> onCall(msg.path("call"));
            case "call.message" -> app.showMessage(
                    msg.path("from").path("name").asText(), msg.path("text").asText());
            case "media.offer" -> onSubscribeOffer(msg);
            case "error" -> onError(msg);
            default -> {}
        }
    }

    private void onWelcome(JsonNode welcome) {
        JsonNode party = welcome.path("party");
        if (party.isMissingNode() || party.isNull()) {
            request("pairing.request", json.createObjectNode());
            return;
        }
        myId = party.path("id").asText();
        app.signedIn(welcome.path("name").asText(""));
    }

    private void onPaired(String deviceToken) {
        try {
            Files.createDirectories(options.tokenFile().getParent());
            Files.writeString(options.tokenFile(), deviceToken);
        } catch (IOException e) {
            LOG.warn("could not keep the device token; the TV will pair again after a restart", e);
        }
        // Sign in with the new token on a fresh connection, as after a restart.
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "paired");
        start();
    }

    private void onError(JsonNode msg) {
        String code = msg.path("code").asText();
        if (code.startsWith("token_") || code.equals("unauthorized") || code.equals("device_revoked")) {
            try {
                Files.deleteIfExists(options.tokenFile());
            } catch (IOException e) {
                LOG.warn("could not delete a void device token", e);
            }
        }
    }

    private Optional<String> storedToken() {
        try {
            return Files.isReadable(options.tokenFile())
                    ? Optional.of(Files.readString(options.tokenFile()).trim()).filter(t -> !t.isEmpty())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private void onCall(JsonNode call) {
        String callId = call.path("id").asText();
        String callState = call.path("state").asText();
        JsonNode me = null;
        List<String> others = new ArrayList<>();
        String callerName = "";
        for (JsonNode m : call.path("members")) {
            String id = m.path("party").path("id").asText();
            if (id.equals(myId)) {
                me = m;
            } else if (m.path("state").asText().equals("JOINED")) {
                others.add(m.path("name").asText());
            }
            if (id.equals(call.path("caller").path("id").asText())) {
                callerName = m.path("name").asText();
            }
        }
        if (me == null) {
            return;
        }
        String mine = me.path("state").asText();
        boolean present = mine.equals("JOINED") || mine.equals("DISCONNECTED");
        if (callState.equals("ENDED") || (!present && !mine.equals("RINGING"))) {
            stopMedia(callId);
            boolean tookPart = present || mine.equals("LEFT");
            app.callEnded(callId, call.hasNonNull("answeredAt") && tookPart);
        } else if (mine.equals("RINGING")) {
            app.ringing(callId, callerName, me.path("reason").asText(null));
        } else if (callState.equals("RINGING")) {
            app.calling(callId);
        } else {
            app.inCall(callId, others);
            startMedia(callId);
        }
    }

    private void startMedia(String callId) {
        if (mediaEngine == null || callId.equals(mediaCallId)) {
            return;
        }
        mediaCallId = callId;
        media = mediaEngine.newCall();
        TvCallMedia m = media;
        m.publishOffer(false)
                .thenCompose(offer -> request(
                        "media.publish",
                        json.createObjectNode().put("callId", callId).put("sdp", offer)))
                .thenCompose(answer -> m.publishAnswer(answer.path("sdp").asText()))
                .exceptionally(e -> {
                    LOG.warn("publishing to call {} failed: {}", callId, e.toString());
                    return null;
                });
    }

    private void onSubscribeOffer(JsonNode msg) {
        String callId = msg.path("callId").asText();
        if (media == null || !callId.equals(mediaCallId)) {
            return;
        }
        media.answerSubscribe(msg.path("sdp").asText())
                .thenCompose(answer -> request(
                        "media.subscribe",
                        json.createObjectNode().put("callId", callId).put("sdp", answer)))
                .exceptionally(e -> {
                    LOG.warn("subscribing in call {} failed: {}", callId, e.toString());
                    return null;
                });
    }

    private void stopMedia(String callId) {
        if (media != null && callId.equals(mediaCallId)) {
            media.close();
            media = null;
            mediaCallId = null;
        }
    }

    @Override
    public void close() {
        ui.submit(() -> {
            if (media != null) {
                media.close();
            }
        });
        ui.shutdown();
        if (socket != null) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        if (mediaEngine != null) {
            mediaEngine.close();
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode msg = json.readTree(text);
                    ui.execute(() -> onMessage(msg));
                } catch (IOException e) {
                    LOG.warn("unreadable message from the server: {}", e.getMessage());
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            ui.execute(() -> app.problem(ElderWords.of("unreachable")));
        }
    }
}
