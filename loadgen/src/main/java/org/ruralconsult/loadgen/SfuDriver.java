package org.ruralconsult.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Our own server, through the public signaling API a browser uses (docs/protocol.md): {@code POST /api/login},
 * WebSocket {@code /ws?v=1} with {@code hello}, {@code call.create} (practitioner) + {@code call.accept},
 * {@code call.invite} of an expert + {@code call.accept}; then per participant {@code media.publish} with our
 * offer ({@code a=setup:actpass}; the relay answers {@code passive}, we are the DTLS client) answered in
 * {@code media.answer}, and {@code media.subscribe} answering the pushed {@code media.offer} (the relay offers
 * {@code actpass}, we answer {@code active}: again the DTLS client). The relay offers again whenever tracks
 * come, once its previous offer is answered (first one track, then more): every offer is answered at once on
 * the same transport, and a call counts as set up when the answered offer carries the other two
 * participants' four tracks and the subscribe connection has its SRTP keys.
 *
 * <p>Each call needs three free logins (two practitioners, one expert), {@code --sfu-logins
 * caller,callee,expert;...}; {@link SeedCounty} writes a county with as many groups as wanted. Logins go
 * out from one loopback address per call (127.1.x.y): the server allows 2 logins/s (burst 20) per address,
 * as many separate clients would. Tokens are kept across steps. Between steps every call is ended with
 * {@code call.end} (the router is freed) and the sockets closed.
 *
 * <p>{@code sfu}: attaches to a running server ({@code --sfu-url}, {@code --sfu-pid}). {@code sfu-wN}: starts
 * the server itself with {@code --media-workers N} ({@link Launch}) and stops it after its ramp. The relay's
 * CPU is the whole server JVM (signaling, media, GC, JIT); the media workers' threads are reported apart.
 */
final class SfuDriver implements SystemDriver {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final boolean DEBUG = Boolean.getBoolean("loadgen.debug");
    /**
     * How long ICE + DTLS of one connection, and the offers of a subscription, may take. A freshly started
     * server on a loaded machine (load average 20 on two cores) took 32 s for its first call; the setup time
     * is reported either way.
     */
    private static final int CONNECT_MILLIS = 60_000;
    /** A tracks count that means "the other two participants' audio and video" in a three-way call. */
    private static final int REMOTE_TRACKS = 4;

    /** How to start the server for {@code sfu-wN}: the command line and where its output goes. */
    record Launch(List<String> command, Path log, String url) {}

    private final String name;
    private final String base;
    private final String password;
    private final List<String[]> logins;
    private final Launch launch;
    private long pid;
    private Process server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final List<Client> clients = new ArrayList<>();
    private final List<Conn> conns = new ArrayList<>();
    private final List<Object[]> calls = new ArrayList<>();

    private final MediaMode mode;

    SfuDriver(String name, String base, String password, String loginGroups, long pid, Launch launch, MediaMode mode) {
        this.mode = mode;
        this.name = name;
        this.base = launch == null ? base : launch.url();
        this.password = password;
        this.logins = new ArrayList<>();
        for (String g : loginGroups.split(";")) {
            String[] three = g.split(",");
            if (three.length != 3) {
                throw new IllegalArgumentException("--sfu-logins: caller,callee,expert per call, calls split by ;");
            }
            logins.add(three);
        }
        this.pid = pid;
        this.launch = launch;
    }

    @Override
    public String metricsBaseUrl() {
        return base;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start() throws Exception {
        if (launch == null) {
            return;
        }
        server = new ProcessBuilder(launch.command())
                .redirectErrorStream(true)
                .redirectOutput(launch.log().toFile())
                .start();
        pid = server.pid();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (true) {
            if (!server.isAlive()) {
                throw new IOException("the server exited (" + server.exitValue() + "), see " + launch.log());
            }
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/health/ready"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    break;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the server did not become ready in 120 s, see " + launch.log());
            }
            Thread.sleep(250);
        }
        Thread.sleep(2000); // let start-up work (JIT, FHIR client) settle before the first step
    }

    @Override
    public List<Double> setUp(int calls, Stats stats, IoLoop io, Pacer pacer) throws Exception {
        if (calls > logins.size()) {
            throw new IllegalArgumentException(calls + " calls need " + calls + " login groups in --sfu-logins");
        }
        List<Double> setup = new ArrayList<>();
        for (int c = 0; c < calls; c++) {
            long t0 = System.nanoTime();
            Client[] p = new Client[3];
            for (int i = 0; i < 3; i++) {
                p[i] = connect(logins.get(c)[i], c);
                clients.add(p[i]);
            }
            ObjectNode target =
                    JSON.createObjectNode().put("kind", "practitioner").put("id", p[1].party);
            ObjectNode create = p[0].msg("call.create");
            create.set("target", target);
            String callId = p[0].request(create).path("call").path("id").asText();
            this.calls.add(new Object[] {p[0], callId});
            p[1].request(p[1].msg("call.accept").put("callId", callId));
            p[0].request(p[0].msg("call.invite")
                    .put("callId", callId)
                    .put("expertId", p[2].party)
                    .put("reason", "load test")
                    .put("urgency", "routine"));
            p[2].request(p[2].msg("call.accept").put("callId", callId));
            long t1 = System.nanoTime();
            for (Client cl : p) {
                Conn sub = new Conn(io, true, stats);
                conns.add(sub);
                cl.subscribeWith(sub);
                pacer.watch(sub);
            }
            for (Client cl : p) {
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
                        "actpass",
                        cl.party);
                JsonNode answer =
                        cl.request(cl.msg("media.publish").put("callId", callId).put("sdp", offer));
                Sdp.Remote remote = Sdp.parse(answer.path("sdp").asText());
                if (mode.red()) {
                    pub.useRed(Sdp.redPt(remote));
                }
                conn.connect(remote, CONNECT_MILLIS);
                pacer.add(pub);
            }
            long t2 = System.nanoTime();
            for (Client cl : p) {
                cl.awaitSubscription(callId);
            }
            setup.add((System.nanoTime() - t0) / 1e6);
            if (DEBUG) {
                System.err.printf(
                        "sfu driver: call %d: signaling %.0f ms, publish %.0f ms, subscribe %.0f ms%n",
                        c, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (System.nanoTime() - t2) / 1e6);
            }
        }
        return setup;
    }

    private Client connect(String login, int group) throws Exception {
        String token = tokens.get(login);
        if (token == null) {
            token = login(login, group);
            tokens.put(login, token);
        }
        Client c = new Client();
        String ws = base.replaceFirst("^http", "ws") + "/ws?v=1";
        c.ws = http.newWebSocketBuilder().buildAsync(URI.create(ws), c).get(10, TimeUnit.SECONDS);
        JsonNode welcome = c.request(c.msg("hello").put("v", 1).put("token", token));
        JsonNode party = welcome.path("party");
        c.party = party.isObject() ? party.path("id").asText() : party.asText();
        if (c.party.isEmpty()) {
            throw new IOException("welcome without a party id: " + welcome);
        }
        return c;
    }

    /**
     * {@code POST /api/login} over a plain HTTP/1.1 socket bound to 127.1.x.y, one address per call group
     * (java.net.http cannot choose its local address on Java 17). Inside the benchmark's network namespace
     * the whole 127/8 is loopback.
     */
    private String login(String login, int group) throws IOException {
        URI u = URI.create(base);
        String body = JSON.createObjectNode()
                .put("login", login)
                .put("password", password)
                .toString();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        InetAddress local =
                InetAddress.getByAddress(new byte[] {127, 1, (byte) (group / 250), (byte) (group % 250 + 1)});
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(local, 0));
            s.connect(new InetSocketAddress(u.getHost(), u.getPort()), 5000);
            s.setSoTimeout(20_000);
            String head = "POST /api/login HTTP/1.1\r\nHost: " + u.getHost() + ":" + u.getPort()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                    + "\r\nConnection: close\r\n\r\n";
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int at = reply.indexOf("\r\n\r\n");
            String json = at < 0 ? "" : reply.substring(at + 4).trim();
            if (json.startsWith("{")) {
                String token = JSON.readTree(json).path("token").asText(null);
                if (token != null) {
                    return token;
                }
            }
            throw new IOException(
                    "login " + login + ": " + reply.lines().findFirst().orElse("") + " " + json);
        }
    }

    /** One signed-in WebSocket: replies by ref; media.offer pushes answered on the subscribe connection. */
    private final class Client implements WebSocket.Listener {
        WebSocket ws;
        String party;
        private final StringBuilder partial = new StringBuilder();
        private final Map<String, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();
        /** The latest media.offer per call; {@code this} is notified on each. */
        private final Map<String, String> offers = new ConcurrentHashMap<>();

        private final ExecutorService answering = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sfu-renegotiation");
            t.setDaemon(true);
            return t;
        });
        private volatile Conn subscribeConn;
        /** The offers answered: the first (its transport is the connection's) and the latest. */
        private String firstAnswered;

        private String answered;

        ObjectNode msg(String type) {
            return JSON.createObjectNode().put("type", type).put("id", "m" + ids.incrementAndGet());
        }

        JsonNode request(ObjectNode m) throws Exception {
            CompletableFuture<JsonNode> f = new CompletableFuture<>();
            replies.put(m.path("id").asText(), f);
            synchronized (this) {
                ws.sendText(m.toString(), true).get(10, TimeUnit.SECONDS);
            }
            JsonNode r = f.get(20, TimeUnit.SECONDS);
            if ("error".equals(r.path("type").asText())) {
                throw new IOException(m.path("type").asText() + ": " + r);
            }
            return r;
        }

        /**
         * Answers every media.offer as it comes (the relay offers again only once its previous offer is
         * answered: first one track, then the rest), so the subscribe connection must exist before the first
         * publish of the call.
         */
        void subscribeWith(Conn conn) {
            subscribeConn = conn;
        }

        /** Waits until the answered offer carries the other two participants' tracks, then ICE + DTLS. */
        void awaitSubscription(String callId) throws Exception {
            long deadline = System.nanoTime() + CONNECT_MILLIS * 1_000_000L;
            String first;
            synchronized (offers) {
                while (answered == null || activeTracks(Sdp.parse(answered)) < REMOTE_TRACKS) {
                    long left = (deadline - System.nanoTime()) / 1_000_000L;
                    if (left <= 0) {
                        throw new IOException("no media.offer with " + REMOTE_TRACKS + " tracks answered; last: "
                                + offers.get(callId));
                    }
                    offers.wait(left);
                }
                first = firstAnswered;
            }
            subscribeConn.connect(Sdp.parse(first), CONNECT_MILLIS);
        }

        private void answer(String callId, String offer) throws Exception {
            if (!offer.equals(offers.get(callId))) {
                return; // a newer offer is there and will be answered next
            }
            Conn c = subscribeConn;
            Sdp.Remote remote = Sdp.parse(offer);
            String sdp =
                    Sdp.recvOnlyAnswer(remote, c.localUfrag, c.localPwd, c.localPort(), mode.transportCc(), mode.red());
            if (mode.transportCc()) {
                c.transportCc(Sdp.transportCcId(remote));
            }
            request(msg("media.subscribe").put("callId", callId).put("sdp", sdp));
            synchronized (offers) {
                answered = offer;
                if (firstAnswered == null) {
                    firstAnswered = offer;
                }
                offers.notifyAll();
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    onMessage(JSON.readTree(text));
                } catch (Exception e) {
                    System.err.println("sfu driver: " + e);
                }
            }
            w.request(1);
            return null;
        }

        private void onMessage(JsonNode m) {
            String ref = m.path("ref").asText(null);
            if (ref != null) {
                CompletableFuture<JsonNode> f = replies.remove(ref);
                if (f != null) {
                    f.complete(m);
                }
                return;
            }
            if ("media.offer".equals(m.path("type").asText())) {
                String callId = m.path("callId").asText();
                String sdp = m.path("sdp").asText();
                offers.put(callId, sdp);
                // the first offer, or tracks came or went: answered in order on the same transport
                answering.execute(() -> {
                    try {
                        answer(callId, sdp);
                    } catch (Exception e) {
                        System.err.println("sfu driver: media.subscribe failed: " + e);
                    }
                });
            }
        }

        void close() {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
            ws.abort();
            answering.shutdownNow();
        }
    }

    private static int activeTracks(Sdp.Remote r) {
        int n = 0;
        for (Sdp.Section s : r.sections()) {
            if (s.port() != 0 && s.pt() >= 0 && !"inactive".equals(s.direction())) {
                n++;
            }
        }
        return n;
    }

    @Override
    public void tearDown() throws Exception {
        for (Object[] call : calls) {
            Client c = (Client) call[0];
            try {
                c.request(c.msg("call.end").put("callId", (String) call[1]));
            } catch (Exception e) {
                System.err.println("sfu driver: call.end: " + e);
            }
        }
        calls.clear();
        for (Client c : clients) {
            c.close();
        }
        clients.clear();
        for (Conn c : conns) {
            c.close();
        }
        conns.clear();
        Thread.sleep(500); // the server frees routers and sessions
    }

    @Override
    public List<Long> pids() {
        return pid > 0 ? List.of(pid) : List.of();
    }

    @Override
    public String workerThreadPrefix() {
        return "media-worker";
    }

    @Override
    public void close() throws Exception {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
                server.waitFor(10, TimeUnit.SECONDS);
            }
            server = null;
        }
    }
}
