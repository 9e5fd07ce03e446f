package org.ruralconsult.tv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.ruralconsult.tv.media.NetworkAddresses;
import org.ruralconsult.tv.media.RemoteVideo;
import org.ruralconsult.tv.media.RemoteVideoListener;
import org.ruralconsult.tv.media.SpeakerSelector;
import org.ruralconsult.tv.media.TvCallMedia;
import org.ruralconsult.tv.media.TvMediaEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running TV: the public protocol (docs/protocol.md) over a WebSocket, the {@link TvApp} screens,
 * and the call's media. Server messages, remote keys and timers run on one thread ("tv-ui"), in order.
 *
 * <p>The connection is kept: when the WebSocket closes (network, server restart) the TV notices at once
 * ({@link ConnectionState#LOST}, {@link TvApp#connectionLost()}), reconnects with back-off and jitter
 * ({@link Backoff}), signs in again, sends {@code call.rejoin} for the call it was in (within the grace
 * period it is back as it was) and restarts ICE of that call's media. ICE is restarted too, with the
 * WebSocket up, when a PeerConnection fails or stays disconnected or the box's addresses change
 * ({@link IceRecovery}). A revoked TV (close status 4001, or
 * its token refused) deletes its token and shows a new pairing code. No key press throws: a request that
 * cannot be sent fails with {@code unreachable}, which the screen says plainly.
 */
public final class TvSession implements TvActions, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TvSession.class);
    /** The close status the server gives a revoked TV's connections (docs/protocol.md). */
    static final int REVOKED_STATUS = 4001;

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SPEAKER_PERIOD = Duration.ofMillis(250);
    /** How often, in a call, the box's addresses are looked at for a network change (in speaker polls). */
    private static final int ADDRESS_POLLS = 8;

    private final TvOptions options;
    private final Clock clock;
    private final Backoff backoff;
    private final ObjectMapper json = new ObjectMapper();
    private final ScheduledThreadPoolExecutor ui = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "tv-ui");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    private final TvApp app;
    private final TvMediaEngine mediaEngine;
    private final AtomicLong ids = new AtomicLong();
    private final AtomicInteger generation = new AtomicInteger();
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<TvSessionListener> listeners = new CopyOnWriteArrayList<>();
    private volatile WebSocket socket;
    private CompletableFuture<?> sendChain = CompletableFuture.completedFuture(null);
    private volatile String myId;
    private volatile boolean closing;
    // the rest is touched on the ui thread only
    private final Map<String, Long> callVersions = new HashMap<>();
    /**
     * Calls this TV has seen end (the last few): an ended call's snapshot changes again (the stars sent from
     * the rating screen are written into it) and must not open the rating screen a second time.
     */
    private final Set<String> endedCalls = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 64;
        }
    });

    /**
     * Care-home calls the server joined this TV to by itself (the home allows auto-answer): the TV counts
     * down on screen before it opens the picture, and leaves (rather than declines) when the elder says no.
     */
    private final Set<String> autoJoined = new HashSet<>();
    /** Auto-joined calls whose countdown is on screen; their picture is not open yet. */
    private final Map<String, JsonNode> countingDown = new HashMap<>();

    private ConnectionState connection = ConnectionState.CONNECTING;
    private boolean everSignedIn;
    private int reconnectAttempt;
    private ScheduledFuture<?> reconnect;
    private String mediaCallId;
    private TvCallMedia media;
    private boolean iceRestartDue;
    private SpeakerSelector speaker;
    private IceRecovery iceRecovery;
    private int polls;
    private ScheduledFuture<?> speakerPoll;
    private String largeView;
    /** The relay named a speaker in this call (media.speaker): it decides the layout from then on. */
    private boolean serverSpeaker;
    /** The others' video tracks of the latest subscribe offer (party id → msid track id). */
    private Map<String, String> offeredVideo = Map.of();
    /** Track id → the height last asked for (media.prefer goes out only when it changes). */
    private final Map<String, Integer> preferred = new HashMap<>();

    private boolean audioOnly;
    /** Picture heights asked of the relay: the large view and the thumbnail (1080p screen, 3 m away). */
    static final int LARGE_HEIGHT = 720;

    static final int THUMB_HEIGHT = 180;

    public TvSession(TvOptions options, Consumer<TvScreen> display) {
        this(
                options,
                display,
                Clock.systemUTC(),
                new Backoff(Backoff.DEFAULT_INITIAL, Backoff.DEFAULT_MAX, new Random()));
    }

    /**
     * @param clock the time for the speaker choice
     * @param backoff the reconnect delays
     */
    public TvSession(TvOptions options, Consumer<TvScreen> display, Clock clock, Backoff backoff) {
        this.options = options;
        this.clock = clock;
        this.backoff = backoff;
        // The app's countdowns and message times run on the UI thread, like keys and server news.
        Consumer<TvScreen> shown = screen -> {
            display.accept(screen);
            sendPreferences(screen);
        };
        this.app = new TvApp(this, shown, (delay, task) -> {
            java.util.concurrent.ScheduledFuture<?> scheduled =
                    ui.schedule(task, delay.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return () -> scheduled.cancel(false);
        });
        this.mediaEngine = options.media()
                ? new TvMediaEngine(options.loopbackOnly(), options.devices() == TvOptions.Devices.SYNTHETIC)
                : null;
        ui.setRemoveOnCancelPolicy(true);
    }

    /** Media, connection and speaker news; see {@link TvSessionListener}. */
    public void addListener(TvSessionListener listener) {
        listeners.add(listener);
    }

    /**
     * Connects and signs in with the stored device token, or asks for a pairing code. The future tells how
     * the first attempt went; after a failure the TV keeps retrying by itself.
     */
    public CompletableFuture<Void> start() {
        return connect();
    }

    public void press(RemoteKey key) {
        onUi(() -> app.press(key));
    }

    /** What is on screen now (read on the UI thread). */
    public CompletableFuture<TvScreen> screen() {
        return CompletableFuture.supplyAsync(app::screen, ui);
    }

    /** The current call's media, for stats and videos; empty outside a call. */
    public CompletableFuture<Optional<TvCallMedia>> media() {
        return CompletableFuture.supplyAsync(() -> Optional.ofNullable(media), ui);
    }

    /** The link to the server now. */
    public CompletableFuture<ConnectionState> connection() {
        return CompletableFuture.supplyAsync(() -> connection, ui);
    }

    /** Who fills the screen in the current call; empty outside a call or before anyone is seen. */
    public CompletableFuture<Optional<String>> largeView() {
        return CompletableFuture.supplyAsync(() -> Optional.ofNullable(largeView), ui);
    }

    public String partyId() {
        return myId;
    }

    // ---- TvActions: what the elder asked for ----

    @Override
    public void accept(String callId) {
        onUi(() -> {
            JsonNode waiting = countingDown.remove(callId);
            if (waiting != null) {
                // the server joined this TV already: opening the picture is the TV's own step
                onCall(waiting);
            } else if (!autoJoined.contains(callId)) {
                ask("call.accept", callId);
            }
        });
    }

    @Override
    public void decline(String callId) {
        onUi(() -> {
            if (countingDown.remove(callId) != null) {
                ask("call.leave", callId); // joined by the server: "no" leaves the call
            } else {
                ask("call.decline", callId);
            }
        });
    }

    @Override
    public void callMyDoctor() {
        ObjectNode body = json.createObjectNode();
        body.putObject("target").put("kind", "on_duty_doctors");
        request("call.create", body)
                .whenComplete((reply, error) -> onUi(() -> {
                    if (error != null) {
                        app.problem(ElderWords.of(codeOf(error)));
                    } else {
                        app.calling(reply.path("call").path("id").asText());
                    }
                }));
    }

    @Override
    public void cancel(String callId) {
        // an auto-joined TV waiting for the doctor did not place the call: it leaves it
        onUi(() -> ask(autoJoined.contains(callId) ? "call.leave" : "call.cancel", callId));
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

    /**
     * Audio only: the camera leaves its sender (no video goes out) and the relay is told to send no video;
     * off: both again. A refusal is logged; the call goes on with sound either way.
     */
    @Override
    public void audioOnly(String callId, boolean on) {
        audioOnly = on;
        if (media != null && callId.equals(mediaCallId)) {
            media.sendVideo(!on);
        }
        request(
                        "media.audio_only",
                        json.createObjectNode().put("callId", callId).put("on", on))
                .whenComplete((reply, error) -> {
                    if (error != null) LOG.warn("audio only {} in {} not accepted: {}", on, callId, codeOf(error));
                });
        if (!on) {
            preferred.clear();
            sendPreferences(app.screen());
        }
    }

    /**
     * media.prefer for each of the others' video tracks by where the call screen draws it: the first
     * person large, the others as thumbnails. Only changes are sent; nothing in audio only.
     */
    private void sendPreferences(TvScreen screen) {
        TvScreen behind = screen instanceof TvScreen.Message m
                ? m.behind()
                : screen instanceof TvScreen.Reconnecting r ? r.behind() : screen;
        if (!(behind instanceof TvScreen.InCall c) || !c.callId().equals(mediaCallId) || audioOnly) {
            return;
        }
        String large = c.others().isEmpty() ? null : c.others().get(0).id();
        for (Map.Entry<String, String> video : offeredVideo.entrySet()) {
            int height = video.getKey().equals(large) || c.others().size() < 2 ? LARGE_HEIGHT : THUMB_HEIGHT;
            String trackId = video.getValue();
            if (Integer.valueOf(height).equals(preferred.get(trackId))) {
                continue;
            }
            preferred.put(trackId, height);
            request(
                            "media.prefer",
                            json.createObjectNode()
                                    .put("callId", c.callId())
                                    .put("trackId", trackId)
                                    .put("maxHeight", height))
                    .whenComplete((reply, error) -> {
                        if (error != null) {
                            LOG.warn("media.prefer {} for {} not accepted: {}", height, trackId, codeOf(error));
                            onUi(() -> preferred.remove(trackId));
                        }
                    });
        }
    }

    /**
     * media.speaker: the relay's dominant speaker is shown large. Null (nobody speaks) and this TV itself
     * (the speaker for the others) move nothing.
     */
    private void onSpeaker(JsonNode msg) {
        String speakerId = msg.path("participantId").asText(null);
        if (!msg.path("callId").asText().equals(mediaCallId) || speakerId == null || speakerId.equals(myId)) {
            return;
        }
        serverSpeaker = true;
        if (!speakerId.equals(largeView)) {
            largeView = speakerId;
            app.speaking(speakerId);
            listeners.forEach(l -> l.largeView(speakerId));
        }
    }

    private void ask(String type, String callId) {
        request(type, json.createObjectNode().put("callId", callId)).exceptionally(e -> {
            onUi(() -> app.problem(ElderWords.of(codeOf(e))));
            return null;
        });
    }

    // ---- the connection ----

    private CompletableFuture<Void> connect() {
        int gen = generation.incrementAndGet();
        onUi(() -> setConnection(ConnectionState.CONNECTING));
        CompletableFuture<Void> signedIn = new CompletableFuture<>();
        http.newWebSocketBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .buildAsync(options.webSocketUri(), new Listener(gen))
                .thenCompose(ws -> {
                    socket = ws;
                    ObjectNode hello = json.createObjectNode().put("v", 1);
                    storedToken().ifPresent(t -> hello.put("token", t));
                    return request("hello", hello);
                })
                .whenComplete((welcome, error) -> onUi(() -> {
                    if (gen != generation.get()) {
                        signedIn.completeExceptionally(new IllegalStateException("superseded"));
                        return;
                    }
                    if (error == null) {
                        onWelcome(welcome);
                        signedIn.complete(null);
                    } else {
                        signedIn.completeExceptionally(error);
                        onConnectFailed(error);
                    }
                }));
        return signedIn;
    }

    private void onConnectFailed(Throwable error) {
        if (closing) {
            return;
        }
        String code = codeOf(error);
        if (code.equals("unauthorized")) {
            // the token is void (revoked, or made by another server): pair again
            LOG.warn("the server refused this TV's token; pairing again");
            revoked();
            return;
        }
        LOG.info("could not reach the server ({}); retrying", unwrap(error).toString());
        lost();
    }

    private void onDisconnected(int gen, int status, String reason) {
        if (gen != generation.get() || closing) {
            return;
        }
        LOG.warn("connection to the server closed ({} {})", status, reason);
        socket = null;
        failPending();
        if (status == REVOKED_STATUS) {
            revoked();
        } else {
            lost();
        }
    }

    private void lost() {
        if (media != null) {
            iceRestartDue = true;
        }
        setConnection(ConnectionState.LOST);
        app.connectionLost();
        scheduleReconnect();
    }

    private void revoked() {
        deleteToken();
        myId = null;
        everSignedIn = false;
        if (mediaCallId != null) {
            stopMedia(mediaCallId);
        }
        WebSocket ws = socket;
        socket = null;
        if (ws != null) {
            ws.abort();
        }
        failPending();
        setConnection(ConnectionState.REVOKED);
        app.problem(ElderWords.of("unauthorized"));
        connect();
    }

    private void scheduleReconnect() {
        if (reconnect != null && !reconnect.isDone()) {
            return;
        }
        Duration delay = backoff.delay(reconnectAttempt++);
        LOG.info("reconnecting in {} ms (attempt {})", delay.toMillis(), reconnectAttempt);
        reconnect = ui.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void setConnection(ConnectionState state) {
        if (connection != state) {
            connection = state;
            listeners.forEach(l -> l.connection(state));
        }
    }

    private void failPending() {
        for (String id : List.copyOf(pending.keySet())) {
            CompletableFuture<JsonNode> f = pending.remove(id);
            if (f != null) {
                f.completeExceptionally(new ServerError("unreachable", "the connection closed"));
            }
        }
    }

    // ---- the protocol ----

    private CompletableFuture<JsonNode> request(String type, ObjectNode body) {
        String id = "tv" + ids.incrementAndGet();
        body.put("type", type).put("id", id);
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        reply.orTimeout(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).whenComplete((r, e) -> pending.remove(id));
        send(body).whenComplete((v, e) -> {
            if (e != null) {
                pending.remove(id);
                reply.completeExceptionally(new ServerError("unreachable", "could not send: " + unwrap(e)));
            }
        });
        return reply;
    }

    /** Sends one message after the previous one (the JDK WebSocket refuses overlapping sends); never throws. */
    private synchronized CompletableFuture<Void> send(ObjectNode message) {
        WebSocket ws = socket;
        if (ws == null || ws.isOutputClosed()) {
            return CompletableFuture.failedFuture(new IOException("not connected"));
        }
        String text = message.toString();
        CompletableFuture<Void> sent = sendChain
                .handle((v, e) -> null)
                .thenCompose(v -> ws.sendText(text, true))
                .thenApply(w -> (Void) null);
        sendChain = sent;
        return sent;
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    private static String codeOf(Throwable e) {
        Throwable cause = unwrap(e);
        if (cause instanceof TimeoutException) {
            return "unreachable";
        }
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

    /** Runs on the UI thread; a failure is logged, never lost in the executor nor thrown at the caller. */
    private void onUi(Runnable task) {
        try {
            ui.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("TV task failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("the TV is closed; dropped a task");
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
            case "media.speaker" -> onSpeaker(msg);
            case "media.video_paused" -> app.videoPaused(
                    msg.path("callId").asText(), msg.path("paused").asBoolean());
            default -> {}
        }
    }

    private void onWelcome(JsonNode welcome) {
        reconnectAttempt = 0;
        setConnection(ConnectionState.CONNECTED);
        JsonNode party = welcome.path("party");
        if (party.isMissingNode() || party.isNull()) {
            request("pairing.request", json.createObjectNode());
            return;
        }
        myId = party.path("id").asText();
        TvScreen now = app.screen();
        boolean busy = now instanceof TvScreen.InCall || now instanceof TvScreen.Rating;
        if (!everSignedIn || !busy) {
            app.signedIn(welcome.path("name").asText(""));
        }
        everSignedIn = true;
        app.connectionRestored();
        String callId = now instanceof TvScreen.InCall c ? c.callId() : mediaCallId;
        if (callId != null) {
            rejoin(callId);
        }
    }

    /** Back into the call after a reconnect; a call that ended meanwhile ends here too. */
    private void rejoin(String callId) {
        request("call.rejoin", json.createObjectNode().put("callId", callId))
                .whenComplete((reply, error) -> onUi(() -> {
                    if (error == null) {
                        onCall(reply.path("call"));
                        return;
                    }
                    String code = codeOf(error);
                    if (code.equals("unreachable")) {
                        return; // dropped again: the next reconnect tries again
                    }
                    LOG.info("call {} could not be rejoined ({}): it is over", callId, code);
                    stopMedia(callId);
                    app.callEnded(callId, true);
                }));
    }

    private void onPaired(String deviceToken) {
        try {
            Files.createDirectories(options.tokenFile().getParent());
            Files.writeString(options.tokenFile(), deviceToken);
        } catch (IOException e) {
            LOG.warn("could not keep the device token; the TV will pair again after a restart", e);
        }
        // Sign in with the new token on a fresh connection, as after a restart.
        WebSocket old = socket;
        connect();
        if (old != null) {
            old.sendClose(WebSocket.NORMAL_CLOSURE, "paired");
        }
    }

    private void deleteToken() {
        try {
            Files.deleteIfExists(options.tokenFile());
        } catch (IOException e) {
            LOG.warn("could not delete a void device token", e);
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
        long version = call.path("version").asLong(-1);
        if (endedCalls.contains(callId)) {
            return;
        }
        Long seen = callVersions.get(callId);
        if (seen != null && version >= 0 && version < seen) {
            return; // an older snapshot than one already handled
        }
        boolean firstSight = seen == null;
        callVersions.put(callId, version);
        String callState = call.path("state").asText();
        JsonNode me = null;
        // The party id is also the participant id of their video (the msid stream id of the SFU's offer).
        List<TvScreen.Person> others = new ArrayList<>();
        TvScreen.Person caller = TvScreen.Person.named("");
        for (JsonNode m : call.path("members")) {
            String id = m.path("party").path("id").asText();
            TvScreen.Person person = new TvScreen.Person(
                    m.path("name").asText(), m.path("organization").asText(null), id);
            if (id.equals(myId)) {
                me = m;
            } else if (m.path("state").asText().equals("JOINED")) {
                others.add(person);
            }
            if (id.equals(call.path("caller").path("id").asText())) {
                caller = person;
            }
        }
        if (me == null) {
            return;
        }
        String mine = me.path("state").asText();
        boolean present = mine.equals("JOINED") || mine.equals("DISCONNECTED");
        if (callState.equals("ENDED") || (!present && !mine.equals("RINGING"))) {
            stopMedia(callId);
            callVersions.remove(callId);
            endedCalls.add(callId);
            autoJoined.remove(callId);
            boolean wasCountingDown = countingDown.remove(callId) != null;
            boolean tookPart = present || mine.equals("LEFT");
            app.callEnded(callId, call.hasNonNull("answeredAt") && tookPart && !wasCountingDown);
        } else if (mine.equals("RINGING")) {
            app.ringing(callId, caller, me.path("reason").asText(null));
        } else if (countingDown.containsKey(callId) || firstSight && joinedByServer(callId, call, mine)) {
            // The server joined this care-home TV by itself: count down on screen, then open the picture
            // (TvApp calls accept when the countdown ends, or at once on OK).
            boolean first = countingDown.put(callId, call) == null;
            if (first) {
                app.autoAnswer(callId, caller, me.path("reason").asText(null), (int)
                        options.autoAnswerCountdown().toSeconds());
            }
        } else if (callState.equals("RINGING")) {
            app.calling(callId);
        } else {
            if (mine.equals("DISCONNECTED")) {
                app.inCallWith(callId, others);
                rejoin(callId); // signed in again: back in (a JOINED member's rejoin changes nothing)
            } else {
                // media first: the call screen is drawn once, already saying which devices are missing
                startMedia(callId);
                app.inCallWith(callId, others);
                if (iceRestartDue && callId.equals(mediaCallId)) {
                    restartIce(callId);
                }
            }
        }
    }

    /**
     * Whether the server joined this TV to a call it never rang for: a care home that allows auto-answer
     * (docs/protocol.md, {@code call.create} target {@code resident}). Only on the first snapshot of a call,
     * so a TV that answered by OK, or rejoins after a reconnect, is not counted down again.
     */
    private boolean joinedByServer(String callId, JsonNode call, String mine) {
        if (mine.equals("JOINED")
                && "CARE_HOME_FOR_RESIDENT".equals(call.path("kind").asText())) {
            autoJoined.add(callId);
            return true;
        }
        return false;
    }

    private void startMedia(String callId) {
        if (mediaEngine == null || callId.equals(mediaCallId)) {
            return;
        }
        if (mediaCallId != null) {
            stopMedia(mediaCallId);
        }
        mediaCallId = callId;
        media = mediaEngine.newCall();
        iceRestartDue = false;
        TvCallMedia m = media;
        app.devicesMissing(m.devices().cameraMissing(), m.devices().microphoneMissing());
        listeners.forEach(l -> l.devices(m.devices()));
        m.localVideo().ifPresent(self -> listeners.forEach(l -> l.selfView(self)));
        m.addVideoListener(new RemoteVideoListener() {
            @Override
            public void appeared(RemoteVideo video) {
                onUi(() -> listeners.forEach(l -> l.videoAppeared(video)));
            }

            @Override
            public void left(String participantId) {
                onUi(() -> listeners.forEach(l -> l.videoLeft(participantId)));
            }
        });
        speaker = new SpeakerSelector(clock);
        largeView = null;
        serverSpeaker = false;
        offeredVideo = Map.of();
        preferred.clear();
        audioOnly = false;
        iceRecovery = new IceRecovery(clock);
        iceRecovery.addresses(NetworkAddresses.now());
        m.addIceListener((side, state) -> onUi(() -> {
            if (m == media) {
                iceRecovery.changed(side, state);
            }
        }));
        speakerPoll = ui.scheduleWithFixedDelay(
                () -> {
                    try {
                        pollSpeaker(m);
                        watchIce(callId, m);
                    } catch (RuntimeException e) {
                        // a periodic task that throws is never run again: log and keep polling
                        LOG.error("speaker or ICE watch of call {} failed", callId, e);
                    }
                },
                SPEAKER_PERIOD.toMillis(),
                SPEAKER_PERIOD.toMillis(),
                TimeUnit.MILLISECONDS);
        if (m.sends()) {
            publish(callId, m, false);
        } else {
            // neither camera nor microphone: receive the others all the same (docs/protocol.md)
            request("media.receive", json.createObjectNode().put("callId", callId))
                    .exceptionally(e -> {
                        LOG.warn("receiving in call {} failed: {}", callId, e.toString());
                        return null;
                    });
        }
    }

    private void publish(String callId, TvCallMedia m, boolean iceRestart) {
        m.publishOffer(iceRestart)
                .thenCompose(offer -> request(
                        "media.publish",
                        json.createObjectNode().put("callId", callId).put("sdp", offer)))
                .thenCompose(answer -> m.publishAnswer(answer.path("sdp").asText()))
                .exceptionally(e -> {
                    LOG.warn("publishing to call {} failed: {}", callId, e.toString());
                    return null;
                });
    }

    /** New ICE credentials on both PeerConnections: after a reconnect, or when {@link IceRecovery} says so. */
    private void restartIce(String callId) {
        iceRestartDue = false;
        if (iceRecovery != null) {
            iceRecovery.restarted();
        }
        LOG.info("restarting ICE of call {}", callId);
        if (media.sends()) {
            publish(callId, media, true);
        }
        request(
                        "media.ice_restart",
                        json.createObjectNode().put("callId", callId).put("pc", "subscribe"))
                .exceptionally(e -> {
                    LOG.warn("ICE restart of call {} failed: {}", callId, e.toString());
                    return null;
                });
    }

    /**
     * ICE restart without a lost WebSocket: when a PeerConnection failed or stayed disconnected, or the
     * box's addresses changed ({@link IceRecovery}). While the WebSocket is down the reconnect restarts it.
     */
    private void watchIce(String callId, TvCallMedia m) {
        if (m != media || iceRecovery == null) {
            return;
        }
        if (++polls % ADDRESS_POLLS == 0) {
            Set<String> addresses = NetworkAddresses.now();
            if (!addresses.isEmpty()) {
                iceRecovery.addresses(addresses);
            }
        }
        if (connection == ConnectionState.CONNECTED && iceRecovery.due()) {
            restartIce(callId);
        }
    }

    private void pollSpeaker(TvCallMedia m) {
        if (m != media) {
            return;
        }
        m.audioLevels()
                .thenAccept(levels -> onUi(() -> {
                    if (m != media || speaker == null || serverSpeaker) {
                        return; // once the relay names speakers, its choice holds
                    }
                    Optional<String> large = speaker.update(levels);
                    if (large.isPresent() && !large.get().equals(largeView)) {
                        largeView = large.get();
                        app.speaking(largeView); // the large slot follows (matched by party id)
                        listeners.forEach(l -> l.largeView(largeView));
                    }
                }));
    }

    private void onSubscribeOffer(JsonNode msg) {
        String callId = msg.path("callId").asText();
        if (media == null || !callId.equals(mediaCallId)) {
            return;
        }
        String offer = msg.path("sdp").asText();
        media.answerSubscribe(offer)
                .thenCompose(answer -> request(
                        "media.subscribe",
                        json.createObjectNode().put("callId", callId).put("sdp", answer)))
                .thenRun(() -> onUi(() -> {
                    if (callId.equals(mediaCallId)) {
                        offeredVideo = OfferedVideo.byParticipant(offer);
                        sendPreferences(app.screen());
                    }
                }))
                .exceptionally(e -> {
                    LOG.warn("subscribing in call {} failed: {}", callId, e.toString());
                    return null;
                });
    }

    private void stopMedia(String callId) {
        if (media != null && callId.equals(mediaCallId)) {
            if (speakerPoll != null) {
                speakerPoll.cancel(false);
            }
            List<RemoteVideo> gone = media.remoteVideos();
            media.close();
            gone.forEach(v -> listeners.forEach(l -> l.videoLeft(v.participantId())));
            media = null;
            mediaCallId = null;
            speaker = null;
            iceRecovery = null;
            largeView = null;
            iceRestartDue = false;
        }
    }

    @Override
    public void close() {
        closing = true;
        onUi(() -> {
            if (reconnect != null) {
                reconnect.cancel(false);
            }
            if (media != null) {
                stopMedia(mediaCallId);
            }
        });
        ui.shutdown();
        try {
            ui.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        WebSocket ws = socket;
        if (ws != null) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        if (mediaEngine != null) {
            mediaEngine.close();
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final int gen;
        private final StringBuilder partial = new StringBuilder();

        Listener(int gen) {
            this.gen = gen;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode msg = json.readTree(text);
                    onUi(() -> onMessage(msg));
                } catch (IOException e) {
                    LOG.warn("unreadable message from the server: {}", e.getMessage());
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            onUi(() -> onDisconnected(gen, statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            onUi(() -> onDisconnected(gen, -1, String.valueOf(error)));
        }
    }
}
