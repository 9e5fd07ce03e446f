package org.ruralconsult.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ruralconsult.domain.event.DomainEvent;
import org.ruralconsult.fhir.EmbeddedJpaServerExtension.JpaServer;
import org.ruralconsult.fhir.mapping.RecordIds;
import redis.embedded.RedisServer;

/**
 * Several nodes on one Redis outbox, against a real redis-server and the real JPA server: whichever node
 * accepted which event, in whatever order they reached the stream, one node delivers and every consult
 * ends in the record once and correct; the delivering node killed mid-delivery is replaced.
 */
@ExtendWith(EmbeddedJpaServerExtension.class)
class SharedOutboxTest {
    private static final long SEED = System.nanoTime();
    private static RedisServer redis;
    private static String redisUri;

    @BeforeAll
    static void startRedis() throws Exception {
        int port = EmbeddedJpaServerExtension.freePort();
        redis = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("appendonly no")
                .build();
        redis.start();
        redisUri = "redis://127.0.0.1:" + port;
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) redis.stop();
    }

    /** A node with the default lease (5 s): it keeps the lease while it lives. */
    private static FhirAdapterOptions node(String name, String stream, String fhirUrl) throws Exception {
        return new FhirAdapterOptions()
                .setDataDirectory(Files.createTempDirectory(Path.of("target"), "shared-" + name + "-"))
                .setNodeId(name)
                .setRedisUri(redisUri)
                .setRedisStreamKey(stream)
                .setFhirBaseUrl(fhirUrl)
                .setInitialBackoff(Duration.ofMillis(100))
                .setMaxBackoff(Duration.ofMillis(500));
    }

    @Test
    void eventsOfOneConsultSpreadOverTwoNodesInAnyOrderEndInOneCorrectRecord(JpaServer server) throws Exception {
        TestCounty county = TestCounty.withSuffix("shared");
        ConsultScript script = new ConsultScript(county);
        String stream = "test:shared:" + SEED;
        Random random = new Random(SEED);
        List<String> calls = new ArrayList<>();
        try (FhirAdapter a = new FhirAdapter(
                                county.directory(), node("node-a", stream, server.baseUrl()), new SimpleMeterRegistry())
                        .start();
                FhirAdapter b = new FhirAdapter(
                                county.directory(), node("node-b", stream, server.baseUrl()), new SimpleMeterRegistry())
                        .start()) {
            for (int i = 0; i < 8; i++) {
                String callId = "shared-" + i;
                calls.add(callId);
                List<DomainEvent> events =
                        new ArrayList<>(i % 4 == 3 ? script.missedCall(callId) : script.threeWayConsult(callId));
                // Neighbouring events swap places: a later event reaches the stream first from another node.
                for (int k = 0; k + 1 < events.size(); k++) {
                    if (random.nextInt(3) == 0) Collections.swap(events, k, k + 1);
                }
                for (DomainEvent event : events) (random.nextBoolean() ? a : b).accept(event);
                // Some events come twice, from the other node (the engine delivers at least once).
                b.accept(events.get(random.nextInt(events.size())));
            }
            Eventually.await(
                    "both nodes see every event delivered (seed " + SEED + ")",
                    Duration.ofSeconds(90),
                    () -> a.backlog() == 0 && b.backlog() == 0);

            OutboxStatus statusA = a.status();
            OutboxStatus statusB = b.status();
            assertEquals(statusA.deliveringNode(), statusB.deliveringNode(), "one node delivers");
            assertEquals(1, statusA.lastDeliveredByNode().size(), statusA.toString());
            assertEquals(statusA.lastDeliveredByNode(), statusB.lastDeliveredByNode(), "both see the same truth");
            assertEquals(0, statusA.parkedCalls() + statusB.parkedCalls());

            Instant from = ConsultScript.START;
            RecordCheck.Report check = b.check(from, from.plus(Duration.ofDays(1)));
            assertEquals(calls.size(), check.checked(), check.toString());
            assertEquals(calls.size(), check.complete(), check.toString());
            assertEquals(check, a.check(from, from.plus(Duration.ofDays(1))), "both nodes see the same record");
        }
        for (int i = 0; i < calls.size(); i++) {
            String callId = calls.get(i);
            assertEquals(
                    1,
                    DeliveryGuaranteesTest.count(
                            server, Encounter.class, "identifier", RecordIds.CALL_SYSTEM + "|" + callId));
            Encounter encounter = server.client()
                    .read()
                    .resource(Encounter.class)
                    .withId(RecordIds.encounter(callId))
                    .execute();
            if (i % 4 == 3) {
                assertEquals(Encounter.EncounterStatus.CANCELLED, encounter.getStatus(), callId);
            } else {
                assertEquals(Encounter.EncounterStatus.FINISHED, encounter.getStatus(), callId);
                assertEquals(2, encounter.getParticipant().size(), callId);
                assertEquals(
                        3,
                        DeliveryGuaranteesTest.count(
                                server, Observation.class, "encounter", "Encounter/" + RecordIds.encounter(callId)));
            }
        }
    }

    @Test
    void theDeliveringNodeKilledMidDeliveryIsReplacedAndNothingIsLostOrDuplicated(JpaServer server) throws Exception {
        TestCounty county = TestCounty.withSuffix("takeover");
        String stream = "test:takeover:" + SEED;
        Path childDir = Files.createTempDirectory(Path.of("target"), "takeover-child-");
        DeliveringNodeProcess child = DeliveringNodeProcess.start(
                "256m",
                childDir.toString(),
                redisUri,
                stream,
                server.baseUrl(),
                "0",
                "node-child",
                "takeover",
                "takeover-child",
                "16",
                "600");
        List<String> calls = new ArrayList<>();
        try {
            child.await("LEADING", Duration.ofSeconds(60));
            ConsultScript script = new ConsultScript(county);
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            try (FhirAdapter survivor = new FhirAdapter(
                            county.directory(), node("node-survivor", stream, server.baseUrl()), metrics)
                    .start()) {
                for (int i = 0; i < 4; i++) {
                    String callId = "takeover-survivor-" + i;
                    script.threeWayConsult(callId).forEach(survivor::accept);
                    calls.add(callId);
                }
                child.awaitDelivered(1, Duration.ofSeconds(60));
                Thread.sleep(new Random(SEED).nextInt(300));
                // SIGKILL: no close(), so the lease stays until it expires.
                assertEquals(137, child.kill());
                calls.addAll(child.accepted());
                assertTrue(child.lastDelivered() > 0);

                Eventually.await(
                        "the survivor takes over and delivers the rest (seed " + SEED + ")",
                        Duration.ofSeconds(90),
                        () -> survivor.backlog() == 0
                                && "node-survivor".equals(survivor.status().deliveringNode()));
                OutboxStatus status = survivor.status();
                assertNotNull(status.lastDeliveredByNode().get("node-child"), status.toString());
                assertNotNull(status.lastDeliveredByNode().get("node-survivor"), status.toString());
                assertEquals(0, status.parkedCalls());
                Instant from = ConsultScript.START;
                RecordCheck.Report check = survivor.check(from, from.plus(Duration.ofDays(1)));
                assertEquals(0, check.findings().size(), check.toString());
                assertEquals(check.checked(), check.complete(), check.toString());
                assertTrue(check.checked() >= calls.size(), check.toString());
            }
        } finally {
            child.process.destroyForcibly();
        }
        for (String callId : calls) {
            assertEquals(
                    1,
                    DeliveryGuaranteesTest.count(
                            server, Encounter.class, "identifier", RecordIds.CALL_SYSTEM + "|" + callId),
                    callId);
            assertEquals(
                    3,
                    DeliveryGuaranteesTest.count(
                            server, Observation.class, "encounter", "Encounter/" + RecordIds.encounter(callId)),
                    callId);
        }
    }
}
