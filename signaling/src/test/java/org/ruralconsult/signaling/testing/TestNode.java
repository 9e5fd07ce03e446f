package org.ruralconsult.signaling.testing;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.ruralconsult.calls.store.StateStore;
import org.ruralconsult.domain.event.DomainEvent;
import org.ruralconsult.signaling.SignalingServer;
import org.ruralconsult.signaling.config.SignalingOptions;
import org.ruralconsult.signaling.media.MediaRelay;
import org.ruralconsult.signaling.records.ClinicalRecords;
import org.ruralconsult.signaling.records.PatientRecords;

/**
 * A running signaling server on an ephemeral loopback port (demo county, in-memory state unless a store
 * is given) with a real HTTP and WebSocket client.
 */
public final class TestNode implements AutoCloseable {
    public static final String PASSWORD = "consult2026";
    public static final String SECRET = "test-secret-shared-by-all-test-nodes-0123456789";
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    public final SignalingServer server;
    public final Vertx client = Vertx.vertx();
    public final WebClient http = WebClient.create(client);

    private TestNode(SignalingServer server) {
        this.server = server;
    }

    public static TestNode start() throws Exception {
        return start(o -> o, null);
    }

    public static TestNode start(UnaryOperator<SignalingOptions> tweak, StateStore store) throws Exception {
        return start(tweak, store, MediaRelay.NONE);
    }

    public static TestNode start(UnaryOperator<SignalingOptions> tweak, StateStore store, MediaRelay media)
            throws Exception {
        return start(tweak, store, media, ClinicalRecords.NONE);
    }

    public static TestNode start(
            UnaryOperator<SignalingOptions> tweak, StateStore store, MediaRelay media, ClinicalRecords records)
            throws Exception {
        return start(tweak, store, media, records, PatientRecords.NONE);
    }

    /** A node whose patient records (GET /api/patients/{id}/record and friends) come from the test. */
    public static TestNode withPatientRecords(PatientRecords patientRecords) throws Exception {
        return start(o -> o, null, MediaRelay.NONE, ClinicalRecords.NONE, patientRecords);
    }

    public static TestNode start(
            UnaryOperator<SignalingOptions> tweak,
            StateStore store,
            MediaRelay media,
            ClinicalRecords records,
            PatientRecords patientRecords)
            throws Exception {
        SignalingOptions options = tweak.apply(new SignalingOptions()
                .host("127.0.0.1")
                .port(0)
                .jwtSecret(SECRET)
                .mediaEnabled(false));
        List<DomainEvent> events = new CopyOnWriteArrayList<>();
        SignalingServer.Builder builder = SignalingServer.builder()
                .options(options)
                .eventSink(events::add)
                .tickPeriod(Duration.ofMillis(200))
                .mediaRelay(media)
                .clinicalRecords(records)
                .patientRecords(patientRecords);
        if (store != null) builder.stateStore(store);
        TestNode node = new TestNode(builder.start());
        node.sinkEvents = events;
        return node;
    }

    private List<DomainEvent> sinkEvents;

    /** Domain events the server handed to its sink so far. */
    public List<DomainEvent> sinkEvents() {
        return sinkEvents;
    }

    public int port() {
        return server.port();
    }

    public HttpResponse<Buffer> get(String path, String token) throws Exception {
        var request = http.get(port(), "127.0.0.1", path);
        if (token != null) request.bearerTokenAuthentication(token);
        return request.send().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    public HttpResponse<Buffer> post(String path, String token, JsonObject body) throws Exception {
        var request = http.post(port(), "127.0.0.1", path);
        if (token != null) request.bearerTokenAuthentication(token);
        var future = body == null ? request.send() : request.sendJsonObject(body);
        return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    public HttpResponse<Buffer> postRaw(String path, String token, String body) throws Exception {
        var request = http.post(port(), "127.0.0.1", path).putHeader("Content-Type", "application/json");
        if (token != null) request.bearerTokenAuthentication(token);
        return request.sendBuffer(Buffer.buffer(body))
                .toCompletionStage()
                .toCompletableFuture()
                .get(20, TimeUnit.SECONDS);
    }

    /** Logs in through POST /api/login (once per login per test JVM; the secret is shared). */
    public String token(String login) {
        return TOKENS.computeIfAbsent(login, l -> {
            try {
                var response = post(
                        "/api/login", null, new JsonObject().put("login", l).put("password", PASSWORD));
                if (response.statusCode() != 200)
                    throw new AssertionError("login " + l + ": " + response.bodyAsString());
                return response.bodyAsJsonObject().getString("token");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    public WsClient ws(String login) throws Exception {
        return WsClient.signedIn(client, port(), token(login));
    }

    public WsClient wsWithToken(String token) throws Exception {
        return WsClient.signedIn(client, port(), token);
    }

    public WsClient anonymous() throws Exception {
        return WsClient.connect(client, port(), "/ws?v=1");
    }

    /** A device token for the demo patient's TV, made by pairing it as the admin. */
    public String pairTv(String patientId) throws Exception {
        try (WsClient tv = anonymous()) {
            tv.request(new JsonObject().put("type", "hello").put("v", 1), "welcome");
            JsonObject code = tv.request(new JsonObject().put("type", "pairing.request"), "pairing.code");
            var bound = post(
                    "/api/pairings",
                    token("admin"),
                    new JsonObject().put("code", code.getString("code")).put("patientId", patientId));
            if (bound.statusCode() != 200) throw new AssertionError("pairing failed: " + bound.bodyAsString());
            return tv.awaitType("pairing.complete").getString("deviceToken");
        }
    }

    @Override
    public void close() {
        try {
            client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("test client did not close", e);
        } finally {
            server.close();
        }
        List<String> problems = WsClient.drainSchemaProblems();
        if (!problems.isEmpty()) {
            throw new AssertionError("server messages outside the published schemas: " + problems);
        }
    }
}
