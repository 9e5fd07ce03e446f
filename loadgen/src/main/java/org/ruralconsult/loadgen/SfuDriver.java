package org.ruralconsult.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Our own server, through the public signaling API a browser uses (docs/protocol.md on branch signaling):
 * {@code POST /api/login}, WebSocket {@code /ws?v=1&token=..}, {@code call.create} (practitioner) +
 * {@code call.accept}, {@code call.invite} of an expert + {@code call.accept}; then per participant
 * {@code media.publish} with our offer (answer in {@code media.answer}) and {@code media.subscribe} answering
 * the pushed {@code media.offer} (again whenever a new offer comes).
 *
 * <p>NOT RUN YET: the signaling server still answers media.* with not_implemented. Each call needs three
 * logins that are free (a practitioner, another practitioner, an expert), given as
 * {@code --sfu-logins caller,callee,expert;caller,callee,expert;...}; the demo county has enough for one call
 * ({@code liming,zhangfang,wangjianguo}), a load run needs a seed with more. The relay's CPU is read from
 * {@code --sfu-pid} (the server JVM when media runs in-process).
 */
final class SfuDriver implements SystemDriver {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String base;
    private final String password;
    private final List<String[]> logins;
    private final long pid;
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicLong ids = new AtomicLong();
    private final List<Client> clients = new ArrayList<>();
    private final List<Conn> conns = new ArrayList<>();

    SfuDriver(String base, String password, String loginGroups, long pid) {
        this.base = base;
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
    }

    @Override
    public String name() {
        return "sfu";
    }

    @Override
    public void start() {}

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
                p[i] = connect(logins.get(c)[i]);
                clients.add(p[i]);
            }
            ObjectNode target =
                    JSON.createObjectNode().put("kind", "practitioner").put("id", p[1].party);
            ObjectNode create = p[0].msg("call.create");
            create.set("target", target);
            String callId = p[0].request(create).path("call").path("id").asText();
            p[1].request(p[1].msg("call.accept").put("callId", callId));
            p[0].request(p[0].msg("call.invite")
                    .put("callId", callId)
                    .put("expertId", p[2].party)
                    .put("reason", "load test")
                    .put("urgency", "routine"));
            p[2].request(p[2].msg("call.accept").put("callId", callId));
            for (Client cl : p) {
                Conn conn = new Conn(io, true, stats);
                conns.add(conn);
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                Publisher pub = new Publisher(conn, stats, 2, rnd.nextInt(), rnd.nextInt(), Sdp.OPUS_PT, Sdp.VP8_PT);
                String offer = Sdp.publishOffer(
                        conn.localUfrag, conn.localPwd, conn.localPort(), pub.audioSsrc, pub.videoSsrc, "actpass", "p");
                JsonNode answer =
                        cl.request(cl.msg("media.publish").put("callId", callId).put("sdp", offer));
                conn.connect(Sdp.parse(answer.path("sdp").asText()), 15_000);
                pacer.add(pub);
            }
            for (Client cl : p) {
                Conn conn = new Conn(io, true, stats);
                conns.add(conn);
                cl.subscribe(callId, conn);
                pacer.watch(conn);
            }
            setup.add((System.nanoTime() - t0) / 1e6);
        }
        return setup;
    }

    private Client connect(String login) throws Exception {
        String body = JSON.createObjectNode()
                .put("login", login)
                .put("password", password)
                .toString();
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/login"))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String token = JSON.readTree(r.body()).path("token").asText(null);
        if (token == null) {
            throw new IOException("login " + login + ": " + r.statusCode() + " " + r.body());
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

    /** One signed-in WebSocket: replies by ref, media.offer pushes answered on the subscribe connection. */
    private final class Client implements WebSocket.Listener {
        WebSocket ws;
        String party;
        private final StringBuilder partial = new StringBuilder();
        private final Map<String, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();
        private final Map<String, CompletableFuture<String>> firstOffer = new ConcurrentHashMap<>();
        private volatile Conn subscribeConn;

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

        void subscribe(String callId, Conn conn) throws Exception {
            subscribeConn = conn;
            String offer = firstOffer
                    .computeIfAbsent(callId, k -> new CompletableFuture<>())
                    .get(20, TimeUnit.SECONDS);
            Sdp.Remote remote = Sdp.parse(offer);
            answer(callId, remote);
            conn.connect(remote, 15_000);
        }

        private void answer(String callId, Sdp.Remote remote) throws Exception {
            Conn c = subscribeConn;
            String sdp = Sdp.recvOnlyAnswer(remote, c.localUfrag, c.localPwd, c.localPort());
            request(msg("media.subscribe").put("callId", callId).put("sdp", sdp));
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
                CompletableFuture<String> first = firstOffer.computeIfAbsent(callId, k -> new CompletableFuture<>());
                if (!first.complete(sdp) && subscribeConn != null) {
                    // a renegotiation (tracks came or went): answer with the same transport
                    CompletableFuture.runAsync(() -> {
                        try {
                            answer(callId, Sdp.parse(sdp));
                        } catch (Exception e) {
                            System.err.println("sfu driver: renegotiation failed: " + e);
                        }
                    });
                }
            }
        }
    }

    @Override
    public void tearDown() throws Exception {
        for (Client c : clients) {
            c.ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
            c.ws.abort();
        }
        clients.clear();
        for (Conn c : conns) {
            c.close();
        }
        conns.clear();
    }

    @Override
    public List<Long> pids() {
        return pid > 0 ? List.of(pid) : List.of();
    }

    @Override
    public void close() {}
}
