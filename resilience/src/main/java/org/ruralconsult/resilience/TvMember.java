package org.ruralconsult.resilience;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.ruralconsult.tv.media.TvCallMedia;
import org.ruralconsult.tv.media.TvMediaEngine;

/**
 * The elder's TV as the measured member, in its own network namespace (a process of its own, since a
 * network namespace belongs to a process): the TV client's own media code ({@link TvMediaEngine} with its
 * synthetic camera and tone, {@link TvCallMedia}) behind a minimal client of our WebSocket protocol
 * (docs/protocol.md) that accepts the first call that rings it, publishes, and answers every
 * {@code media.offer}. Every 250 ms it prints one JSON line (a {@link Sample}) with its inbound-rtp
 * counters; lines starting with {@code #} are events. It ends when its stdin closes.
 *
 * <pre>java ... TvMember WS_URL TOKEN</pre>
 */
public final class TvMember {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TvMediaEngine engine = TvMediaEngine.synthetic(false, 640, 360, 15);
    private final ExecutorService signaling = Executors.newSingleThreadExecutor();
    private final AtomicLong ids = new AtomicLong();
    /** Publisher (party id) of each mid of the latest subscribe offer. */
    private final Map<String, String> publisherByMid = new HashMap<>();

    private volatile WebSocket ws;
    private volatile TvCallMedia media;
    private String me;
    private boolean accepted;
    private boolean published;

    public static void main(String[] args) throws Exception {
        TvMember tv = new TvMember();
        tv.connect(args[0], args[1]);
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(tv::sample, 250, 250, TimeUnit.MILLISECONDS);
        // stdin closed: the run is over
        while (System.in.read() >= 0) {
            // nothing to read
        }
        sampler.shutdownNow();
        if (tv.media != null) {
            tv.media.close();
        }
        System.exit(0);
    }

    private void connect(String url, String token) throws Exception {
        StringBuilder partial = new StringBuilder();
        ws = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(URI.create(url + "/ws?v=1&token=" + token), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            String text = partial.toString();
                            partial.setLength(0);
                            signaling.execute(() -> onMessage(text));
                        }
                        socket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
                        event("closed " + code + " " + reason);
                        return null;
                    }
                })
                .get(20, TimeUnit.SECONDS);
    }

    private void onMessage(String text) {
        try {
            JsonNode m = JSON.readTree(text);
            switch (m.path("type").asText()) {
                case "welcome" -> {
                    JsonNode party = m.path("party");
                    me = party.isObject() ? party.path("id").asText() : party.asText();
                    event("welcome " + me);
                }
                case "call.update" -> onCall(m.path("call"));
                case "ack" -> {
                    if (m.has("call")) {
                        onCall(m.path("call"));
                    }
                }
                case "media.answer" -> media.publishAnswer(m.path("sdp").asText())
                        .get(10, TimeUnit.SECONDS);
                case "media.offer" -> onOffer(
                        m.path("callId").asText(), m.path("sdp").asText());
                case "error" -> event("error " + m);
                default -> {}
            }
        } catch (Exception e) {
            event("failed " + e);
        }
    }

    private void onCall(JsonNode call) throws Exception {
        String callId = call.path("id").asText();
        String mine = "";
        for (JsonNode member : call.path("members")) {
            JsonNode party = member.path("party");
            String id = party.isObject() ? party.path("id").asText() : party.asText();
            if (id.equals(me)) {
                mine = member.path("state").asText();
            }
        }
        if ("RINGING".equals(mine) && !accepted) {
            accepted = true;
            send(msg("call.accept").put("callId", callId));
        }
        if ("JOINED".equals(mine) && "ACTIVE".equals(call.path("state").asText()) && !published) {
            published = true;
            media = engine.newCall();
            media.addIceListener((side, state) -> event("ice " + side + " " + state));
            String offer = media.publishOffer(false).get(10, TimeUnit.SECONDS);
            send(msg("media.publish").put("callId", callId).put("sdp", offer));
            event("published " + callId);
        }
    }

    private void onOffer(String callId, String sdp) throws Exception {
        String mid = null;
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("m=")) {
                mid = null;
            } else if (line.startsWith("a=mid:")) {
                mid = line.substring(6).trim();
            } else if (line.startsWith("a=msid:") && mid != null) {
                synchronized (publisherByMid) {
                    publisherByMid.put(mid, line.substring(7).trim().split(" ")[0]);
                }
            }
        }
        String answer = media.answerSubscribe(sdp).get(10, TimeUnit.SECONDS);
        send(msg("media.subscribe").put("callId", callId).put("sdp", answer));
    }

    private void sample() {
        TvReadings.print(media, publisherByMid);
    }

    private ObjectNode msg(String type) {
        return JSON.createObjectNode().put("type", type).put("id", "tv" + ids.incrementAndGet());
    }

    private void send(ObjectNode m) {
        CompletableFuture<WebSocket> f;
        synchronized (this) {
            f = ws.sendText(m.toString(), true);
        }
        f.join();
    }

    private static void event(String text) {
        TvReadings.event(text);
    }
}
