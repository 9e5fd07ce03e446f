package org.ruralconsult.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.ruralconsult.calls.testing.RedisProcess;
import org.ruralconsult.fhir.OutboxStatus;
import org.ruralconsult.fhir.RecordCheck;
import org.ruralconsult.fhir.embedded.EmbeddedFhirServer;
import org.ruralconsult.fhir.embedded.EmbeddedFhirServerOptions;
import org.ruralconsult.fhir.mapping.RecordIds;
import org.ruralconsult.signaling.config.OptionsReader;
import org.ruralconsult.signaling.config.SignalingOptions;
import org.ruralconsult.signaling.testing.WsClient;

/**
 * Two whole nodes (signaling + FHIR adapter) on one real Redis, delivering to one real HAPI FHIR JPA
 * server, as two signaling nodes of a county would run: 20 ring-all races with the two on-duty doctors
 * on different nodes accepting at once, and consults whose members and events are spread over both
 * nodes. Every call must end up in the FHIR server exactly once and as it ended (issue 10: before the
 * shared outbox, the two nodes' adapters wrote the same Encounter from two places, out of order).
 *
 * <p>Real processes only: redis-server (never a skip), the embedded HAPI JPA server (started once for the
 * class: it takes 20-50 s), the nodes' own HTTP and WebSocket servers on 127.0.0.1.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoNodeRecordsTest {
    static final String PASSWORD = "consult2026";
    /** Both nodes sign tokens with it, so a token from one node is good on the other (as in production). */
    static final String JWT_SECRET = "two-node-records-test-secret-0123456789abcdef";

    static final Duration FHIR_BOOT = Duration.ofMinutes(3);
    /** Everything accepted is delivered well within this once the calls are over. */
    static final Duration DELIVERY = Duration.ofSeconds(90);

    static final int RACES = 20;

    RedisProcess redis;
    EmbeddedFhirServer fhirServer;
    SystemNode node1;
    SystemNode node2;
    Vertx clients;
    IGenericClient fhir;
    final HttpClient http = HttpClient.newHttpClient();
    final Map<String, String> tokens = new LinkedHashMap<>();

    /** How each call ended, by call id. */
    record Outcome(boolean answered, Set<String> practitioners, boolean vitals) {}

    final Map<String, Outcome> calls = new LinkedHashMap<>();

    @BeforeAll
    void start() throws Exception {
        redis = RedisProcess.start();
        fhirServer = new EmbeddedFhirServer(
                        new EmbeddedFhirServerOptions("127.0.0.1", 0, Files.createTempDirectory("rc-two-node-fhir")))
                .start();
        fhirServer.awaitReady(FHIR_BOOT);
        String fhirBase = fhirServer.baseUrl();
        fhir = FhirContext.forR4().newRestfulGenericClient(fhirBase);
        node1 = startNode("node-1", fhirBase);
        node2 = startNode("node-2", fhirBase);
        clients = Vertx.vertx();
    }

    private SystemNode startNode(String name, String fhirBase) throws Exception {
        SignalingOptions options = OptionsReader.read(
                new String[] {
                    "--host",
                    "127.0.0.1",
                    "--port",
                    "0",
                    "--media",
                    "false",
                    "--data-dir",
                    Files.createTempDirectory("rc-" + name).toString(),
                    "--redis-url",
                    redis.url(),
                    "--jwt-secret",
                    JWT_SECRET
                },
                Map.of());
        // Both nodes run in this one JVM: name them, or both would take the adapter's default (host and pid).
        ServerOptions serverOptions =
                ServerOptions.parse(new String[] {"--fhir-url", fhirBase, "--node-id", name}, Map.of());
        return SystemNode.start(options, serverOptions);
    }

    @AfterAll
    void stop() throws Exception {
        if (clients != null)
            clients.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        if (node1 != null) node1.close();
        if (node2 != null) node2.close();
        if (fhirServer != null) fhirServer.close();
        if (redis != null) redis.close();
    }

    @Test
    void everyCallOfTwoNodesIsInTheRecordExactlyOnceAndAsItEnded() throws Exception {
        Instant from = Instant.now().minusSeconds(1);
        String tvChen = pairTv(node1, "pat-chen");
        String tvWang = pairTv(node2, "pat-wang");
        // xixi's TV and doctors: the TV and liu on node 1, zhao on node 2;
        // dongling's: the TV and liming on node 2, zhangfang on node 1.
        try (WsClient chen = signedIn(node1, tvChen);
                WsClient liu = signedIn(node1, token("liuwei"));
                WsClient zhangfang = signedIn(node1, token("zhangfang"));
                WsClient wang = signedIn(node2, tvWang);
                WsClient zhao = signedIn(node2, token("zhaojing"));
                WsClient liming = signedIn(node2, token("liming"))) {
            for (WsClient doctor : List.of(liu, zhao, liming, zhangfang)) {
                doctor.ack(new JsonObject().put("type", "presence.set_on_duty").put("onDuty", true));
            }
            Map<String, Integer> winsByNode = new LinkedHashMap<>();
            for (int round = 0; round < RACES; round++) {
                boolean xixi = round % 2 == 0;
                WsClient tv = xixi ? chen : wang;
                // a: the doctor on the TV's node, b: the one on the other node; who sends first alternates
                Doctor a = xixi ? new Doctor(liu, "doc-liu", "node-1") : new Doctor(liming, "doc-li", "node-2");
                Doctor b = xixi ? new Doctor(zhao, "doc-zhao", "node-2") : new Doctor(zhangfang, "doc-zhang", "node-1");
                Race race = race(tv, (round / 2) % 2 == 0 ? a : b, (round / 2) % 2 == 0 ? b : a);
                Doctor winner = race.winner();
                winsByNode.merge(winner.node(), 1, Integer::sum);
                boolean vitals = round % 3 == 0;
                if (vitals) recordVitalsAndNote(winner.client(), race.callId());
                winner.client().ack(new JsonObject().put("type", "call.end").put("callId", race.callId()));
                tv.awaitCall(race.callId(), c -> "ENDED".equals(c.getString("state")));
                calls.put(race.callId(), new Outcome(true, Set.of(winner.practitionerId()), vitals));
            }
            System.out.println("ring-all races won by node: " + winsByNode);

            // A doctor on node 1 calls the TV on node 2, which answers there; the doctor records and ends on node 1.
            for (int i = 0; i < 2; i++) {
                String id = create(
                        zhangfang, new JsonObject().put("kind", "patient_tv").put("id", "pat-wang"));
                wang.awaitCall(id, c -> "RINGING".equals(memberState(c, "tv-wang")));
                wang.ack(new JsonObject().put("type", "call.accept").put("callId", id));
                zhangfang.awaitCall(id, c -> "JOINED".equals(memberState(c, "tv-wang")));
                recordVitalsAndNote(zhangfang, id);
                zhangfang.ack(new JsonObject().put("type", "call.end").put("callId", id));
                wang.awaitCall(id, c -> "ENDED".equals(c.getString("state")));
                calls.put(id, new Outcome(true, Set.of("doc-zhang"), true));
            }
            // The other way round: a doctor on node 2 calls the TV on node 1, the TV answers there, the doctor ends.
            String across =
                    create(zhao, new JsonObject().put("kind", "patient_tv").put("id", "pat-chen"));
            chen.awaitCall(across, c -> "RINGING".equals(memberState(c, "tv-chen")));
            chen.ack(new JsonObject().put("type", "call.accept").put("callId", across));
            zhao.awaitCall(across, c -> "JOINED".equals(memberState(c, "tv-chen")));
            zhao.ack(new JsonObject().put("type", "call.end").put("callId", across));
            chen.awaitCall(across, c -> "ENDED".equals(c.getString("state")));
            calls.put(across, new Outcome(true, Set.of("doc-zhao"), false));

            // Never answered: the TV on node 2 declines a call from node 1, and a TV's ring-all is cancelled.
            String declined =
                    create(zhangfang, new JsonObject().put("kind", "patient_tv").put("id", "pat-wang"));
            wang.awaitCall(declined, c -> "RINGING".equals(memberState(c, "tv-wang")));
            wang.ack(new JsonObject().put("type", "call.decline").put("callId", declined));
            zhangfang.awaitCall(declined, c -> "ENDED".equals(c.getString("state")));
            calls.put(declined, new Outcome(false, Set.of(), false));
            String cancelled = create(chen, new JsonObject().put("kind", "on_duty_doctors"));
            zhao.awaitCall(cancelled, c -> "RINGING".equals(memberState(c, "doc-zhao")));
            chen.ack(new JsonObject().put("type", "call.cancel").put("callId", cancelled));
            zhao.awaitCall(cancelled, c -> "ENDED".equals(c.getString("state")));
            calls.put(cancelled, new Outcome(false, Set.of(), false));

            for (WsClient doctor : List.of(liu, zhao, liming, zhangfang)) {
                doctor.ack(new JsonObject().put("type", "presence.set_on_duty").put("onDuty", false));
            }
        }
        List<String> schemaProblems = WsClient.drainSchemaProblems();
        assertTrue(schemaProblems.isEmpty(), "server messages outside the published schemas: " + schemaProblems);

        // Both nodes see every event (the shared outbox); wait until nothing waits and each has seen every end.
        Instant to = Instant.now().plusSeconds(60);
        awaitTrue(
                DELIVERY,
                () -> "records still waiting: node-1 " + node1.fhir().status() + ", node-2 "
                        + node2.fhir().status(),
                () -> idle(node1.fhir().status()) && idle(node2.fhir().status()));
        awaitTrue(
                DELIVERY,
                () -> "a node has not yet seen every call's end: node-1 "
                        + node1.fhir().check(from, to) + ", node-2 "
                        + node2.fhir().check(from, to),
                () -> node1.fhir().check(from, to).checked() == calls.size()
                        && node2.fhir().check(from, to).checked() == calls.size());

        for (Map.Entry<String, Outcome> call : calls.entrySet()) {
            assertTheRecordOf(call.getKey(), call.getValue());
        }

        for (SystemNode node : List.of(node1, node2)) {
            OutboxStatus status = node.fhir().status();
            assertTrue(
                    node.fhir().parked().isEmpty(),
                    status.node() + " parked " + node.fhir().parked());
            assertEquals(0, status.parkedCalls(), status.toString());
            RecordCheck.Report report = node.fhir().check(from, to);
            assertEquals(calls.size(), report.checked(), report.toString());
            assertEquals(report.checked(), report.complete(), report.toString());
            assertEquals(List.of(), report.findings(), report.toString());
        }
        // One node delivers for both, and both say which.
        OutboxStatus one = node1.fhir().status();
        OutboxStatus two = node2.fhir().status();
        assertNotNull(one.deliveringNode(), one.toString());
        assertTrue(Set.of("node-1", "node-2").contains(one.deliveringNode()), one.toString());
        assertEquals(one.deliveringNode(), two.deliveringNode(), one + " / " + two);
        assertTrue(one.lastDeliveredByNode().containsKey(one.deliveringNode()), one.toString());

        // The operator sees the same through the admin API of either node.
        JsonObject view = getJson(node2, "/api/admin/records");
        assertEquals("node-2", view.getString("node"), view.encode());
        assertEquals(one.deliveringNode(), view.getString("deliveringNode"), view.encode());
        assertEquals(0, view.getLong("backlog"), view.encode());
        assertEquals(0, view.getInteger("parkedCalls"), view.encode());
        assertTrue(view.getJsonObject("lastDeliveredByNode").containsKey(one.deliveringNode()), view.encode());
        JsonObject check = getJson(node1, "/api/admin/records/check?from=" + from + "&to=" + to);
        assertEquals(calls.size(), check.getInteger("checked"), check.encode());
        assertEquals(calls.size(), check.getInteger("complete"), check.encode());
        assertTrue(check.getJsonArray("findings").isEmpty(), check.encode());
    }

    record Doctor(WsClient client, String practitionerId, String node) {}

    record Race(String callId, Doctor winner) {}

    /** The TV rings all on-duty doctors of its township; both accept at once; exactly one wins. */
    private Race race(WsClient tv, Doctor first, Doctor second) throws InterruptedException {
        String id = create(tv, new JsonObject().put("kind", "on_duty_doctors"));
        first.client().awaitCall(id, c -> "RINGING".equals(memberState(c, first.practitionerId())));
        second.client().awaitCall(id, c -> "RINGING".equals(memberState(c, second.practitionerId())));
        String a =
                first.client().send(new JsonObject().put("type", "call.accept").put("callId", id));
        String b =
                second.client().send(new JsonObject().put("type", "call.accept").put("callId", id));
        JsonObject ra = first.client().await(m -> a.equals(m.getString("ref")));
        JsonObject rb = second.client().await(m -> b.equals(m.getString("ref")));
        long acks = List.of(ra, rb).stream()
                .filter(r -> "ack".equals(r.getString("type")))
                .count();
        assertEquals(1, acks, "exactly one accept wins: " + ra.encode() + " / " + rb.encode());
        JsonObject loser = "ack".equals(ra.getString("type")) ? rb : ra;
        assertEquals("already_answered", loser.getString("code"), loser.encode());
        return new Race(id, "ack".equals(ra.getString("type")) ? first : second);
    }

    private static void recordVitalsAndNote(WsClient doctor, String callId) throws InterruptedException {
        doctor.ack(new JsonObject()
                .put("type", "call.vitals")
                .put("callId", callId)
                .put("systolicMmHg", 148)
                .put("diastolicMmHg", 90)
                .put("heartRatePerMin", 76));
        doctor.ack(new JsonObject()
                .put("type", "call.note")
                .put("callId", callId)
                .put("reason", "高血压随访")
                .put("note", "血压偏高，继续服药，两周后复查"));
    }

    /** One Encounter with the call's identifier, in the state the call ended in, with its practitioners. */
    private void assertTheRecordOf(String callId, Outcome outcome) {
        Bundle found = fhir.search()
                .byUrl("Encounter?identifier=" + RecordIds.CALL_SYSTEM + "|" + callId)
                .returnBundle(Bundle.class)
                .execute();
        assertEquals(1, found.getEntry().size(), "Encounters of call " + callId);
        Encounter encounter = (Encounter) found.getEntryFirstRep().getResource();
        assertEquals(
                outcome.answered() ? Encounter.EncounterStatus.FINISHED : Encounter.EncounterStatus.CANCELLED,
                encounter.getStatus(),
                "status of call " + callId);
        Set<String> participants = encounter.getParticipant().stream()
                .map(p -> p.getIndividual().getReference())
                .collect(Collectors.toSet());
        Set<String> expected = outcome.practitioners().stream()
                .map(id -> "Practitioner/" + RecordIds.practitioner(id))
                .collect(Collectors.toSet());
        assertEquals(expected, participants, "participants of call " + callId);
        assertTrue(encounter.hasPeriod() && encounter.getPeriod().hasEnd(), "period of call " + callId);
        if (outcome.vitals()) {
            Bundle observations = fhir.search()
                    .byUrl("Observation?encounter=Encounter/"
                            + encounter.getIdElement().getIdPart())
                    .returnBundle(Bundle.class)
                    .execute();
            assertTrue(observations.getEntry().size() >= 1, "vitals of call " + callId);
        }
    }

    private static boolean idle(OutboxStatus status) {
        return status.backlog() == 0 && status.inFlight() == 0;
    }

    private static void awaitTrue(Duration timeout, Supplier<String> why, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("after " + timeout + ": " + why.get());
            Thread.sleep(200);
        }
    }

    private static String create(WsClient client, JsonObject target) throws InterruptedException {
        return client.ack(new JsonObject().put("type", "call.create").put("target", target))
                .getJsonObject("call")
                .getString("id");
    }

    private static String memberState(JsonObject call, String partyId) {
        for (Object o : call.getJsonArray("members")) {
            JsonObject m = (JsonObject) o;
            if (m.getJsonObject("party").getString("id").equals(partyId)) return m.getString("state");
        }
        return null;
    }

    private WsClient signedIn(SystemNode node, String token) throws Exception {
        return WsClient.signedIn(clients, node.signaling().port(), token);
    }

    /** Logs in once per login (through node 1; the secret is shared, so the token is good on both). */
    private String token(String login) throws Exception {
        String known = tokens.get(login);
        if (known != null) return known;
        HttpResponse<String> r = send(
                node1,
                HttpRequest.newBuilder()
                        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject()
                                .put("login", login)
                                .put("password", PASSWORD)
                                .encode()))
                        .header("Content-Type", "application/json"),
                "/api/login");
        assertEquals(200, r.statusCode(), "login " + login + ": " + r.body());
        String token = new JsonObject(r.body()).getString("token");
        tokens.put(login, token);
        return token;
    }

    /** A device token for the patient's TV: it asks for a code on {@code node}, the admin binds it. */
    private String pairTv(SystemNode node, String patientId) throws Exception {
        try (WsClient tv = WsClient.connect(clients, node.signaling().port(), "/ws?v=1")) {
            tv.request(new JsonObject().put("type", "hello").put("v", 1), "welcome");
            String code = tv.request(new JsonObject().put("type", "pairing.request"), "pairing.code")
                    .getString("code");
            HttpResponse<String> bound = send(
                    node,
                    HttpRequest.newBuilder()
                            .POST(HttpRequest.BodyPublishers.ofString(new JsonObject()
                                    .put("code", code)
                                    .put("patientId", patientId)
                                    .encode()))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + token("admin")),
                    "/api/pairings");
            assertEquals(200, bound.statusCode(), "pairing " + patientId + ": " + bound.body());
            return tv.awaitType("pairing.complete").getString("deviceToken");
        }
    }

    private JsonObject getJson(SystemNode node, String path) throws Exception {
        HttpResponse<String> r =
                send(node, HttpRequest.newBuilder().GET().header("Authorization", "Bearer " + token("admin")), path);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return new JsonObject(r.body());
    }

    private HttpResponse<String> send(SystemNode node, HttpRequest.Builder request, String path) throws Exception {
        return http.send(
                request.uri(URI.create("http://127.0.0.1:" + node.signaling().port() + path))
                        .timeout(Duration.ofSeconds(60))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
