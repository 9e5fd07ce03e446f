package org.ruralconsult.resilience;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A minimal client of the Janus HTTP API (janus.transport.http, Janus 1.1): a session, plugin handles,
 * plugin messages, and asynchronous events by long poll ({@code GET /janus/SESSION?maxev=N}); a keepalive
 * every 20 s, well inside the 60 s session timeout of loadgen/bench/start-janus.sh.
 */
final class JanusSession implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String VIDEOROOM = "janus.plugin.videoroom";

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final long session;
    private final AtomicLong transactions = new AtomicLong();
    private final ScheduledExecutorService keepalive = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "janus-keepalive");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean open = true;

    private JanusSession(String base, long session) {
        this.base = base;
        this.session = session;
    }

    /** {@code POST /janus {"janus":"create"}}: a session; {@code events} gets every asynchronous event. */
    static JanusSession create(String base, Consumer<JsonNode> events) throws IOException {
        JanusSession probe = new JanusSession(base, 0);
        JsonNode r = probe.post(base, probe.request("create"));
        JanusSession s = new JanusSession(base, r.path("data").path("id").asLong());
        s.keepalive.scheduleAtFixedRate(
                () -> {
                    try {
                        s.post(s.base + "/" + s.session, s.request("keepalive"));
                    } catch (IOException e) {
                        // the next one may get through; the long poll reports a lost session
                    }
                },
                20,
                20,
                TimeUnit.SECONDS);
        Thread poll = new Thread(() -> s.poll(events), "janus-events");
        poll.setDaemon(true);
        poll.start();
        return s;
    }

    /** Attaches the VideoRoom plugin: the handle id. */
    long attach() throws IOException {
        ObjectNode m = request("attach").put("plugin", VIDEOROOM);
        return post(base + "/" + session, m).path("data").path("id").asLong();
    }

    /**
     * A plugin message, with a JSEP when {@code jsepType} is not null; the synchronous reply (an ack, whose
     * result comes as an event, or the plugin's data for synchronous requests such as {@code create}).
     */
    JsonNode message(long handle, ObjectNode body, String jsepType, String sdp) throws IOException {
        ObjectNode m = request("message");
        m.set("body", body);
        if (jsepType != null) {
            m.putObject("jsep").put("type", jsepType).put("sdp", sdp);
        }
        return post(base + "/" + session + "/" + handle, m);
    }

    /** The SDPs carry every candidate (non-trickle); this tells Janus there are no more. */
    void candidatesComplete(long handle) throws IOException {
        ObjectNode m = request("trickle");
        m.putObject("candidate").put("completed", true);
        post(base + "/" + session + "/" + handle, m);
    }

    static ObjectNode body(String request) {
        return JSON.createObjectNode().put("request", request);
    }

    private ObjectNode request(String janus) {
        return JSON.createObjectNode().put("janus", janus).put("transaction", "t" + transactions.incrementAndGet());
    }

    private JsonNode post(String url, ObjectNode m) throws IOException {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(15))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(m.toString()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode reply = JSON.readTree(r.body());
            if (r.statusCode() != 200 || "error".equals(reply.path("janus").asText())) {
                throw new IOException("janus " + m.path("janus").asText() + ": " + r.statusCode() + " " + r.body());
            }
            return reply;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private void poll(Consumer<JsonNode> events) {
        while (open) {
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/" + session + "?maxev=10"))
                                .timeout(Duration.ofSeconds(45))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                JsonNode reply = JSON.readTree(r.body());
                for (JsonNode e :
                        reply.isArray() ? reply : JSON.createArrayNode().add(reply)) {
                    // a poll with nothing to say ends in a keepalive after 30 s
                    if (!"keepalive".equals(e.path("janus").asText())) {
                        events.accept(e);
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                // the shaped link lost the poll or its answer: poll again (Janus keeps the events queued)
            }
        }
    }

    @Override
    public void close() {
        open = false;
        keepalive.shutdownNow();
        try {
            post(base + "/" + session, request("destroy"));
        } catch (IOException e) {
            // the session times out on its own
        }
    }
}
