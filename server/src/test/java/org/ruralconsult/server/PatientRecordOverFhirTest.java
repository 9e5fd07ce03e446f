package org.ruralconsult.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.ruralconsult.fhir.embedded.EmbeddedFhirServer;
import org.ruralconsult.fhir.embedded.EmbeddedFhirServerOptions;
import org.ruralconsult.signaling.config.OptionsReader;
import org.ruralconsult.signaling.config.SignalingOptions;
import org.ruralconsult.signaling.testing.WsClient;

/**
 * The patient's record through the whole node: a consult held over the WebSocket protocol (doctor, TV,
 * an invited expert, vitals, a note) is delivered by the FHIR adapter to a real HAPI JPA server and read
 * back through signaling's REST API by {@code FhirPatientRecords}; with the FHIR server gone the same
 * routes answer 503 {@code records_unavailable}.
 */
class PatientRecordOverFhirTest {
    static final String PASSWORD = "consult2026";
    static final Duration FHIR_BOOT = Duration.ofMinutes(3);
    static final Duration DELIVERY = Duration.ofSeconds(90);

    final HttpClient http = HttpClient.newHttpClient();
    final Map<String, String> tokens = new HashMap<>();
    SystemNode node;

    @Test
    void aConsultIsReadBackFromTheFhirServerAndItsAbsenceIsA503() throws Exception {
        EmbeddedFhirServer fhirServer = new EmbeddedFhirServer(
                        new EmbeddedFhirServerOptions("127.0.0.1", 0, Files.createTempDirectory("rc-record-fhir")))
                .start();
        Vertx clients = Vertx.vertx();
        try {
            fhirServer.awaitReady(FHIR_BOOT);
            SignalingOptions options = OptionsReader.read(
                    new String[] {
                        "--host", "127.0.0.1",
                        "--port", "0",
                        "--media", "false",
                        "--data-dir",
                                Files.createTempDirectory("rc-record-node").toString(),
                        "--jwt-secret", "patient-record-over-fhir-test-secret-0123456789"
                    },
                    Map.of());
            node = SystemNode.start(
                    options, ServerOptions.parse(new String[] {"--fhir-url", fhirServer.baseUrl()}, Map.of()));
            String callId;
            try (WsClient tv = WsClient.signedIn(clients, port(), pairTv(clients, "pat-wang"));
                    WsClient doctor = WsClient.signedIn(clients, port(), token("liming"));
                    WsClient expert = WsClient.signedIn(clients, port(), token("wangjianguo"))) {
                callId = doctor.ack(new JsonObject()
                                .put("type", "call.create")
                                .put(
                                        "target",
                                        new JsonObject()
                                                .put("kind", "patient_tv")
                                                .put("id", "pat-wang")))
                        .getJsonObject("call")
                        .getString("id");
                tv.awaitCall(callId, c -> "RINGING".equals(c.getString("state")));
                tv.ack(new JsonObject().put("type", "call.accept").put("callId", callId));
                doctor.ack(new JsonObject()
                        .put("type", "call.invite")
                        .put("callId", callId)
                        .put("expertId", "exp-wang")
                        .put("reason", "胸闷两周")
                        .put("urgency", "urgent"));
                expert.awaitCall(callId, c -> c.encode().contains("\"urgency\":\"urgent\""));
                expert.ack(new JsonObject().put("type", "call.accept").put("callId", callId));
                doctor.ack(new JsonObject()
                        .put("type", "call.vitals")
                        .put("callId", callId)
                        .put("systolicMmHg", 158)
                        .put("diastolicMmHg", 96)
                        .put("glucoseMmolPerL", 8.4));
                doctor.ack(new JsonObject()
                        .put("type", "call.note")
                        .put("callId", callId)
                        .put("reason", "高血压随访")
                        .put("note", "血压偏高，继续服药，两周后复查"));
                doctor.ack(new JsonObject().put("type", "call.end").put("callId", callId));
                tv.awaitCall(callId, c -> "ENDED".equals(c.getString("state")));
            }

            String id = callId;
            JsonObject record =
                    awaitJson("/api/patients/pat-wang/record", "liming", r -> r.getJsonArray("consults").stream()
                            .map(o -> (JsonObject) o)
                            .anyMatch(c -> id.equals(c.getString("callId"))
                                    && "finished".equals(c.getString("status"))
                                    && c.getString("note") != null));
            JsonObject consult = record.getJsonArray("consults").getJsonObject(0);
            assertEquals(callId, consult.getString("callId"));
            assertEquals(
                    List.of("doc-li", "exp-wang"),
                    consult.getJsonArray("participants").stream()
                            .map(o -> ((JsonObject) o).getString("id"))
                            .sorted()
                            .toList());
            assertEquals(new JsonArray().add("高血压随访"), consult.getJsonArray("reasons"));
            assertEquals("血压偏高，继续服药，两周后复查", consult.getString("note"));
            JsonArray vitals = record.getJsonArray("vitals");
            assertEquals(
                    List.of("diastolic 96.0 mmHg", "glucose 8.4 mmol/L", "systolic 158.0 mmHg"),
                    vitals.stream()
                            .map(o -> (JsonObject) o)
                            .filter(v -> id.equals(v.getString("callId")))
                            .map(v -> v.getString("kind") + " " + v.getDouble("value") + " " + v.getString("unit"))
                            .sorted()
                            .toList());
            assertTrue(record.getJsonObject("tv").getBoolean("paired"));

            JsonObject last = get("/api/patients/last-consults", "liming").body();
            JsonObject wang = last.getJsonArray("lastConsults").stream()
                    .map(o -> (JsonObject) o)
                    .filter(o -> "pat-wang".equals(o.getString("patientId")))
                    .findFirst()
                    .orElseThrow();
            assertEquals(callId, wang.getString("callId"));
            assertEquals(
                    callId,
                    get("/api/me/consults", "wangjianguo")
                            .body()
                            .getJsonArray("consults")
                            .getJsonObject(0)
                            .getString("callId"));
            assertEquals(
                    200, get("/api/patients/pat-wang/record", "wangjianguo").status(), "she took part");
            assertEquals(403, get("/api/patients/pat-wang/record", "chenlihua").status(), "she did not");
            assertEquals(403, get("/api/patients/pat-chen/record", "liming").status(), "another township's");

            fhirServer.close();
            for (String path : List.of("/api/patients/pat-wang/record", "/api/patients/last-consults")) {
                Reply down = get(path, "liming");
                assertEquals(503, down.status(), path);
                assertEquals("records_unavailable", down.body().getString("code"), path);
            }
        } finally {
            clients.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            if (node != null) node.close();
            fhirServer.close();
        }
    }

    record Reply(int status, JsonObject body) {}

    private int port() {
        return node.signaling().port();
    }

    /** Polls a record route until the delivery has made it show what the test waits for. */
    private JsonObject awaitJson(String path, String login, Predicate<JsonObject> ready) throws Exception {
        long deadline = System.nanoTime() + DELIVERY.toNanos();
        Reply last = null;
        while (System.nanoTime() < deadline) {
            last = get(path, login);
            if (last.status() == 200 && ready.test(last.body())) return last.body();
            Thread.sleep(250);
        }
        throw new AssertionError("after " + DELIVERY + ": " + path + " answered " + last);
    }

    private Reply get(String path, String login) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                        .header("Authorization", "Bearer " + token(login))
                        .timeout(Duration.ofSeconds(60))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), new JsonObject(r.body()));
    }

    private String token(String login) throws Exception {
        String known = tokens.get(login);
        if (known != null) return known;
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + "/api/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject()
                                .put("login", login)
                                .put("password", PASSWORD)
                                .encode()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), "login " + login + ": " + r.body());
        String token = new JsonObject(r.body()).getString("token");
        tokens.put(login, token);
        return token;
    }

    private String pairTv(Vertx clients, String patientId) throws Exception {
        try (WsClient tv = WsClient.connect(clients, port(), "/ws?v=1")) {
            tv.request(new JsonObject().put("type", "hello").put("v", 1), "welcome");
            String code = tv.request(new JsonObject().put("type", "pairing.request"), "pairing.code")
                    .getString("code");
            HttpResponse<String> bound = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + "/api/pairings"))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + token("admin"))
                            .POST(HttpRequest.BodyPublishers.ofString(new JsonObject()
                                    .put("code", code)
                                    .put("patientId", patientId)
                                    .encode()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, bound.statusCode(), "pairing: " + bound.body());
            return tv.awaitType("pairing.complete").getString("deviceToken");
        }
    }
}
