package org.ruralconsult.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Janus 1.1 VideoRoom as the peer SFU, through its HTTP API (loadgen/README.md): one room per
 * three-way call; per participant a publisher handle (join, publish with our offer) and a subscriber handle
 * that subscribes to the other two feeds at once (multistream), answered by us. Janus is started with
 * loadgen/bench/start-janus.sh WORKDIR --ice-lite, so that, as with our SFU, we are the controlling
 * ICE agent; our offers say a=setup:active so that we are always the DTLS client.
 */
final class JanusDriver implements SystemDriver {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong ROOMS =
            new AtomicLong(ThreadLocalRandom.current().nextInt(1_000_000) * 100L);
    private final Path startScript;
    private final Path workDir;
    private final String base;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private final AtomicLong tx = new AtomicLong();
    private final Map<String, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<JsonNode>> webrtcUp = new ConcurrentHashMap<>();
    private final ExecutorService handshakes = Executors.newFixedThreadPool(6, r -> {
        Thread t = new Thread(r, "janus-setup");
        t.setDaemon(true);
        return t;
    });
    private final List<Conn> conns = new ArrayList<>();
    private final List<Long> rooms = new ArrayList<>();
    private long pid = -1;
    private long session;
    private long control;
    private volatile boolean polling;
    private Thread poller;

    private final MediaMode mode;

    JanusDriver(Path startScript, Path workDir, MediaMode mode) {
        this.mode = mode;
        this.startScript = startScript;
        this.workDir = workDir;
        this.base = "http://127.0.0.1:8088/janus";
    }

    @Override
    public String name() {
        return "janus";
    }

    @Override
    public void start() throws Exception {
        Long running = Long.getLong("loadgen.janus.pid");
        if (running != null) { // a Janus started by hand (e.g. with --libnice-debug): used, not stopped
            pid = running;
            return;
        }
        Files.createDirectories(workDir);
        Process p = new ProcessBuilder("bash", startScript.toString(), workDir.toString(), "--ice-lite")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || out.isEmpty()) {
            throw new IOException("start-janus.sh failed (see " + workDir + "/log/janus.log)");
        }
        pid = Long.parseLong(out.lines().reduce((a, b) -> b).orElseThrow().trim());
    }

    @Override
    public List<Double> setUp(int calls, Stats stats, IoLoop io, Pacer pacer) throws Exception {
        session = post(base, obj("create")).path("data").path("id").asLong();
        startPolling();
        control = attach();
        List<Double> setup = new ArrayList<>();
        for (int c = 0; c < calls; c++) {
            setup.add(setUpCall(stats, io, pacer));
        }
        return setup;
    }

    private double setUpCall(Stats stats, IoLoop io, Pacer pacer) throws Exception {
        long t0 = System.nanoTime();
        long room = ROOMS.incrementAndGet();
        ObjectNode create = JSON.createObjectNode()
                .put("request", "create")
                .put("room", room)
                .put("publishers", 3)
                .put("audiocodec", "opus")
                .put("videocodec", "vp8")
                .put("bitrate", 2_000_000)
                .put("fir_freq", 10);
        JsonNode created = message(control, create, null, false);
        if (!"created"
                .equals(created.path("plugindata")
                        .path("data")
                        .path("videoroom")
                        .asText())) {
            throw new IOException("room create failed: " + created);
        }
        rooms.add(room);
        long[] feeds = new long[3];
        long[] pubHandles = new long[3];
        List<Future<?>> connecting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long h = attach();
            ObjectNode join = JSON.createObjectNode()
                    .put("request", "join")
                    .put("ptype", "publisher")
                    .put("room", room)
                    .put("display", "p" + i);
            JsonNode joined = message(h, join, null, true);
            feeds[i] = joined.path("plugindata").path("data").path("id").asLong();
            pubHandles[i] = h;
            Conn conn = new Conn(io, true, stats);
            conns.add(conn);
            Publisher pub = Publisher.create(conn, stats, 2, mode);
            String offer = Sdp.publishOffer(
                    conn.localUfrag,
                    conn.localPwd,
                    conn.localPort(),
                    pub.audioSsrc,
                    pub.videoSsrcs(),
                    mode.red(),
                    "active",
                    "p" + i);
            ObjectNode jsep = JSON.createObjectNode().put("type", "offer").put("sdp", offer);
            if (mode.simulcast()) {
                jsep.put("rid_order", "lmh"); // Janus takes the first rid for the highest layer otherwise
            }
            JsonNode configured = message(h, JSON.createObjectNode().put("request", "publish"), jsep, true);
            String answer = configured.path("jsep").path("sdp").asText(null);
            if (answer == null) {
                throw new IOException("publish: no answer from Janus: " + configured);
            }
            trickleDone(h);
            debug("publish offer", offer);
            debug("janus answer", answer);
            Sdp.Remote remote = Sdp.parse(answer);
            if (mode.red()) {
                pub.useRed(Sdp.redPt(remote));
            }
            connecting.add(handshakes.submit(() -> {
                conn.connect(remote, 15_000);
                pacer.add(pub);
                return null;
            }));
        }
        for (Future<?> f : connecting) {
            f.get(30, TimeUnit.SECONDS);
        }
        connecting.clear();
        // Janus refuses subscriptions (428 no such feed) until it has seen the publisher's PeerConnection up
        for (long h : pubHandles) {
            webrtcUp.computeIfAbsent(h, k -> new CompletableFuture<>()).get(30, TimeUnit.SECONDS);
        }
        for (int i = 0; i < 3; i++) {
            long h = attach();
            ArrayNode streams = JSON.createArrayNode();
            streams.addObject().put("feed", feeds[(i + 1) % 3]);
            streams.addObject().put("feed", feeds[(i + 2) % 3]);
            ObjectNode join = JSON.createObjectNode()
                    .put("request", "join")
                    .put("ptype", "subscriber")
                    .put("room", room);
            join.set("streams", streams);
            JsonNode attached = null;
            for (int attempt = 0; attached == null; attempt++) {
                try {
                    attached = message(h, join, null, true);
                } catch (IOException e) {
                    // a feed that is up but not yet announced in the room: try again a little later
                    if (attempt >= 20 || !String.valueOf(e.getMessage()).contains("428")) {
                        throw e;
                    }
                    Thread.sleep(100);
                }
            }
            String offer = attached.path("jsep").path("sdp").asText(null);
            if (offer == null) {
                throw new IOException("subscribe: no offer from Janus: " + attached);
            }
            Conn conn = new Conn(io, true, stats);
            conns.add(conn);
            Sdp.Remote remote = Sdp.parse(offer);
            String answer = Sdp.recvOnlyAnswer(
                    remote, conn.localUfrag, conn.localPwd, conn.localPort(), mode.transportCc(), mode.red());
            if (mode.transportCc()) {
                conn.transportCc(Sdp.transportCcId(remote));
            }
            debug("subscribe offer", offer);
            debug("subscribe answer", answer);
            ObjectNode jsep = JSON.createObjectNode().put("type", "answer").put("sdp", answer);
            message(h, JSON.createObjectNode().put("request", "start"), jsep, true);
            connecting.add(handshakes.submit(() -> {
                conn.connect(remote, 15_000);
                pacer.watch(conn);
                return null;
            }));
        }
        for (Future<?> f : connecting) {
            f.get(30, TimeUnit.SECONDS);
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    private static void debug(String what, String sdp) {
        if (Boolean.getBoolean("loadgen.debug")) {
            System.err.println("--- " + what + "\n" + sdp);
        }
    }

    private long attach() throws IOException, InterruptedException {
        ObjectNode a = obj("attach").put("plugin", "janus.plugin.videoroom");
        return post(base + "/" + session, a).path("data").path("id").asLong();
    }

    private void trickleDone(long handle) throws IOException, InterruptedException {
        ObjectNode t = obj("trickle");
        t.putObject("candidate").put("completed", true);
        post(base + "/" + session + "/" + handle, t);
    }

    /** A plugin message; asynchronous ones are answered on the long poll with the same transaction. */
    private JsonNode message(long handle, ObjectNode body, ObjectNode jsep, boolean async) throws Exception {
        ObjectNode m = obj("message");
        m.set("body", body);
        if (jsep != null) {
            m.set("jsep", jsep);
        }
        String t = m.path("transaction").asText();
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        if (async) {
            waiting.put(t, f);
        }
        JsonNode r = post(base + "/" + session + "/" + handle, m);
        if (!async) {
            return r;
        }
        if ("error".equals(r.path("janus").asText())) {
            waiting.remove(t);
            throw new IOException("Janus error: " + r);
        }
        JsonNode ev = f.get(20, TimeUnit.SECONDS);
        JsonNode data = ev.path("plugindata").path("data");
        if (data.has("error")) {
            throw new IOException("VideoRoom error: " + data);
        }
        return ev;
    }

    private void startPolling() {
        polling = true;
        long s = session;
        poller = new Thread(
                () -> {
                    while (polling) {
                        try {
                            HttpRequest get = HttpRequest.newBuilder(URI.create(base + "/" + s + "?maxev=20"))
                                    .timeout(Duration.ofSeconds(40))
                                    .build();
                            JsonNode r = JSON.readTree(http.send(get, HttpResponse.BodyHandlers.ofString())
                                    .body());
                            if (r.isArray()) {
                                r.forEach(this::onEvent);
                            } else {
                                onEvent(r);
                            }
                        } catch (InterruptedException e) {
                            return;
                        } catch (IOException e) {
                            if (!polling) {
                                return;
                            }
                        }
                    }
                },
                "janus-poll");
        poller.setDaemon(true);
        poller.start();
    }

    private void onEvent(JsonNode ev) {
        String t = ev.path("transaction").asText(null);
        if (t != null && "event".equals(ev.path("janus").asText())) {
            CompletableFuture<JsonNode> f = waiting.remove(t);
            if (f != null) {
                f.complete(ev);
            }
        } else if ("webrtcup".equals(ev.path("janus").asText())) {
            webrtcUp.computeIfAbsent(ev.path("sender").asLong(), k -> new CompletableFuture<>())
                    .complete(ev);
        }
    }

    private ObjectNode obj(String janus) {
        return JSON.createObjectNode().put("janus", janus).put("transaction", "t" + tx.incrementAndGet());
    }

    private JsonNode post(String url, ObjectNode body) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        JsonNode r = JSON.readTree(
                http.send(req, HttpResponse.BodyHandlers.ofString()).body());
        if ("error".equals(r.path("janus").asText())
                && !"message".equals(body.path("janus").asText())) {
            throw new IOException("Janus error: " + r);
        }
        return r;
    }

    @Override
    public void tearDown() throws Exception {
        for (Long room : rooms) {
            try {
                message(
                        control,
                        JSON.createObjectNode().put("request", "destroy").put("room", room),
                        null,
                        false);
            } catch (Exception e) {
                // the session goes anyway
            }
        }
        rooms.clear();
        polling = false;
        try {
            post(base + "/" + session, obj("destroy"));
        } catch (IOException e) {
            // Janus may be gone
        }
        if (poller != null) {
            poller.interrupt();
            poller.join(2000);
        }
        for (Conn c : conns) {
            c.close();
        }
        conns.clear();
        waiting.clear();
        webrtcUp.clear();
    }

    @Override
    public List<Long> pids() {
        return pid > 0 ? List.of(pid) : List.of();
    }

    @Override
    public void close() throws Exception {
        handshakes.shutdownNow();
        if (pid > 0 && Long.getLong("loadgen.janus.pid") == null) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
            for (int i = 0;
                    i < 50 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                    i++) {
                Thread.sleep(100);
            }
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            pid = -1;
        }
    }
}
