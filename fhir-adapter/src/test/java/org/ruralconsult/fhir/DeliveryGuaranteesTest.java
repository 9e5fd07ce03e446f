package org.ruralconsult.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ruralconsult.domain.directory.Role;
import org.ruralconsult.domain.event.CallCreated;
import org.ruralconsult.domain.event.CallKind;
import org.ruralconsult.domain.event.DomainEvent;
import org.ruralconsult.domain.event.ParticipantJoined;
import org.ruralconsult.domain.event.Party;
import org.ruralconsult.fhir.EmbeddedJpaServerExtension.JpaServer;
import org.ruralconsult.fhir.mapping.RecordIds;
import org.ruralconsult.fhir.outbox.ParkedCall;

/** Duplicates, outages and rejections, against the real JPA server. */
@ExtendWith(EmbeddedJpaServerExtension.class)
class DeliveryGuaranteesTest {

    private static FhirAdapterOptions fastRetry(Path dir, String baseUrl) {
        return new FhirAdapterOptions()
                .setDataDirectory(dir)
                .setFhirBaseUrl(baseUrl)
                .setInitialBackoff(Duration.ofMillis(100))
                .setMaxBackoff(Duration.ofMillis(500))
                .setConnectTimeout(Duration.ofSeconds(2));
    }

    static int count(
            JpaServer server, Class<? extends org.hl7.fhir.r4.model.Resource> type, String param, String value) {
        return server.client()
                .search()
                .forResource(type)
                .whereMap(java.util.Map.of(param, List.of(value)))
                .summaryMode(ca.uhn.fhir.rest.api.SummaryEnum.COUNT)
                .returnBundle(Bundle.class)
                .execute()
                .getTotal();
    }

    @Test
    void sameEventTwiceMakesNoDuplicate(JpaServer server) throws Exception {
        TestCounty county = TestCounty.withSuffix("dup");
        List<DomainEvent> events = new ConsultScript(county).threeWayConsult("call-dup");
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (FhirAdapter adapter = new FhirAdapter(
                        county.directory(),
                        fastRetry(Files.createTempDirectory(Path.of("target"), "dup-"), server.baseUrl()),
                        metrics)
                .start()) {
            for (DomainEvent event : events) {
                adapter.accept(event);
                adapter.accept(event); // the signaling server retried its accept
            }
            Eventually.await("delivery", Duration.ofSeconds(60), () -> adapter.backlog() == 0);
            assertEquals(
                    events.size(),
                    metrics.counter("fhir.outbox.delivered").count(),
                    "duplicates never reach the outbox");
        }
        // The same events once more through a fresh outbox: the bundles reach the server a second time,
        // as after a crash between the server's commit and our "delivered" marker.
        try (FhirAdapter again = new FhirAdapter(
                        county.directory(),
                        fastRetry(Files.createTempDirectory(Path.of("target"), "dup2-"), server.baseUrl()),
                        new SimpleMeterRegistry())
                .start()) {
            for (DomainEvent event : events) again.accept(event);
            Eventually.await("second delivery", Duration.ofSeconds(60), () -> again.backlog() == 0);
        }
        assertEquals(1, count(server, Encounter.class, "identifier", RecordIds.CALL_SYSTEM + "|call-dup"));
        assertEquals(3, count(server, Observation.class, "encounter", "Encounter/" + RecordIds.encounter("call-dup")));
        assertEquals(
                1,
                count(
                        server,
                        org.hl7.fhir.r4.model.Patient.class,
                        "identifier",
                        RecordIds.PATIENT_SYSTEM + "|" + county.villager()));
    }

    @Test
    void recordsArriveAfterFhirServerOutage(JpaServer server) throws Exception {
        TestCounty county = TestCounty.withSuffix("outage");
        List<DomainEvent> events = new ConsultScript(county).careHomeConsult("call-outage");
        int port = EmbeddedJpaServerExtension.freePort();
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        // The adapter's FHIR server is a loopback forwarder to the JPA server that is down at first.
        try (FhirAdapter adapter = new FhirAdapter(
                        county.directory(),
                        fastRetry(
                                Files.createTempDirectory(Path.of("target"), "outage-"),
                                "http://127.0.0.1:" + port + "/fhir"),
                        metrics)
                .start()) {
            for (DomainEvent event : events) adapter.accept(event);
            Eventually.await(
                    "failed attempts",
                    Duration.ofSeconds(30),
                    () -> metrics.counter("fhir.outbox.retried").count() >= 3);
            assertEquals(events.size(), adapter.backlog(), "nothing delivered while the server is down");
            assertEquals(0, count(server, Encounter.class, "identifier", RecordIds.CALL_SYSTEM + "|call-outage"));
            assertEquals(1.0, metrics.get("fhir.outbox.breaker.open").gauge().value());
            try (LoopbackForwarder forwarder = new LoopbackForwarder(port, server.port())) {
                Eventually.await("delivery after the outage", Duration.ofSeconds(60), () -> adapter.backlog() == 0);
            }
            // the delivery thread empties the backlog, then closes the breaker: read it once it has
            Eventually.await(
                    "breaker closed after the outage",
                    Duration.ofSeconds(10),
                    () -> metrics.get("fhir.outbox.breaker.open").gauge().value() == 0.0);
        }
        assertEquals(1, count(server, Encounter.class, "identifier", RecordIds.CALL_SYSTEM + "|call-outage"));
        Encounter encounter = server.client()
                .read()
                .resource(Encounter.class)
                .withId(RecordIds.encounter("call-outage"))
                .execute();
        assertEquals(Encounter.EncounterStatus.FINISHED, encounter.getStatus());
        // The doctor dropped and rejoined: two spans; the staff member who started it takes part (PART).
        assertEquals(3, encounter.getParticipant().size());
        assertEquals(
                1,
                encounter.getParticipant().stream()
                        .filter(p -> p.getTypeFirstRep()
                                .getCodingFirstRep()
                                .getCode()
                                .equals("PART"))
                        .count());
        assertEquals(
                2,
                encounter.getParticipant().stream()
                        .filter(p -> p.getTypeFirstRep()
                                .getCodingFirstRep()
                                .getCode()
                                .equals("PPRF"))
                        .count());
        assertEquals(
                "Location/" + RecordIds.premises(TestCounty.CARE_HOME),
                encounter.getLocationFirstRep().getLocation().getReference());
    }

    @Test
    void manyCallsWaitingThroughAnOutageCostAttemptsOnTheBreakersScheduleAndAllArriveOnce(JpaServer server)
            throws Exception {
        TestCounty county = TestCounty.withSuffix("breaker");
        ConsultScript script = new ConsultScript(county);
        List<String> calls =
                IntStream.range(0, 24).mapToObj(i -> "call-breaker-" + i).toList();
        int port = EmbeddedJpaServerExtension.freePort();
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        AtomicInteger attempts = new AtomicInteger(); // the observer sees every bundle just before it is sent
        FhirAdapterOptions options = fastRetry(
                        Files.createTempDirectory(Path.of("target"), "breaker-"), "http://127.0.0.1:" + port + "/fhir")
                .setBundleObserver(bundle -> attempts.incrementAndGet());
        try (FhirAdapter adapter = new FhirAdapter(county.directory(), options, metrics).start()) {
            long outageStart = System.nanoTime();
            for (String call : calls) script.missedCall(call).forEach(adapter::accept);
            Eventually.await(
                    "a few probes",
                    Duration.ofSeconds(30),
                    () -> metrics.counter("fhir.outbox.breaker.probes").count() >= 3);
            int duringOutage = attempts.get();
            Duration outage = Duration.ofNanos(System.nanoTime() - outageStart);
            int allowed = BreakerSchedule.maxAttempts(outage, options.getInitialBackoff(), options.getMaxBackoff());
            assertTrue(
                    duringOutage <= allowed,
                    duringOutage + " attempts in " + outage.toMillis() + " ms; the breaker allows " + allowed);
            assertTrue(duringOutage < calls.size(), "not an attempt per waiting call: " + duringOutage);
            assertEquals(1.0, metrics.get("fhir.outbox.breaker.open").gauge().value());
            assertEquals(3L * calls.size(), adapter.backlog(), "nothing lost, nothing delivered");

            try (LoopbackForwarder forwarder = new LoopbackForwarder(port, server.port())) {
                Eventually.await("delivery after the outage", Duration.ofSeconds(90), () -> adapter.backlog() == 0);
            }
            assertEquals(0.0, metrics.get("fhir.outbox.breaker.open").gauge().value());
            assertEquals(
                    3.0 * calls.size(), metrics.counter("fhir.outbox.delivered").count());
            // Every attempt either failed (and was counted as retried) or committed a call: one commit per call.
            assertEquals(
                    calls.size(),
                    attempts.get()
                            - (int) metrics.counter("fhir.outbox.retried").count(),
                    "each call's bundle committed once");
        }
        Bundle found = server.client()
                .search()
                .forResource(Encounter.class)
                .where(Encounter.PATIENT.hasId("Patient/" + RecordIds.patient(county.villager())))
                .count(100)
                .returnBundle(Bundle.class)
                .execute();
        List<String> arrived = found.getEntry().stream()
                .map(e -> ((Encounter) e.getResource()).getIdentifier().get(0).getValue())
                .toList();
        assertEquals(calls.size(), arrived.size(), "one Encounter per call: " + arrived);
        assertEquals(new HashSet<>(calls), new HashSet<>(arrived));
    }

    @Test
    void rejectedBundleIsParkedAndDoesNotBlockOtherCalls(JpaServer server) throws Exception {
        TestCounty county = TestCounty.withSuffix("park");
        ConsultScript script = new ConsultScript(county);
        // A patient and a practitioner the directory does not know: the Encounter refers to resources
        // that are in neither the bundle nor the server, and the server's referential integrity rejects
        // it (4xx) from the very first event on, however the events are batched.
        Party ghost = new Party("dr-ghost", Role.TOWNSHIP_DOCTOR, TestCounty.TOWNSHIP, null);
        List<DomainEvent> bad = List.of(
                new CallCreated(
                        "call-bad",
                        1,
                        ConsultScript.START,
                        CallKind.DOCTOR_TO_TV,
                        ghost,
                        "ghost-patient",
                        TestCounty.TOWNSHIP,
                        TestCounty.VILLAGE),
                new ParticipantJoined("call-bad", 2, ConsultScript.START.plusSeconds(1), ghost));
        List<DomainEvent> good = script.missedCall("call-good");
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (FhirAdapter adapter = new FhirAdapter(
                        county.directory(),
                        fastRetry(Files.createTempDirectory(Path.of("target"), "park-"), server.baseUrl()),
                        metrics)
                .start()) {
            List<DomainEvent> interleaved = new ArrayList<>(bad);
            interleaved.addAll(good);
            for (DomainEvent event : interleaved) adapter.accept(event);
            Eventually.await(
                    "good call delivered, bad call parked",
                    Duration.ofSeconds(60),
                    () -> adapter.parked().size() == 1
                            && metrics.counter("fhir.outbox.delivered").count() == good.size());
            assertEquals(bad.size(), adapter.backlog(), "nothing of the rejected call was delivered");

            ParkedCall parked = adapter.parked().get(0);
            assertEquals("call-bad", parked.callId());
            assertTrue(parked.httpStatus() >= 400 && parked.httpStatus() < 500, "status " + parked.httpStatus());
            assertTrue(parked.reason().contains("HAPI-1094"), parked.reason()); // resource not found
            // The server names the first unknown reference it meets: the patient's, or the practitioner's.
            assertTrue(
                    parked.reason().contains("Patient/" + RecordIds.patient("ghost-patient"))
                            || parked.reason().contains("Practitioner/" + RecordIds.practitioner("dr-ghost")),
                    parked.reason());
            assertNotNull(parked.operationOutcome());
            assertTrue(parked.operationOutcome().contains("OperationOutcome"));
            // The rejected bundle holds the first event, and the second too if it was stored in time.
            assertEquals("call-bad/1", parked.eventIds().get(0));
            assertEquals(1.0, metrics.counter("fhir.outbox.parked").count());
            assertEquals(1.0, metrics.get("fhir.outbox.parked.calls").gauge().value());
            // A rejection is about that bundle, not the server: no outage, no probes.
            assertEquals(0.0, metrics.get("fhir.outbox.breaker.open").gauge().value());
            assertEquals(0.0, metrics.counter("fhir.outbox.breaker.probes").count());
            assertEquals(2.0, metrics.get("fhir.outbox.backlog").gauge().value());
            assertEquals(good.size(), metrics.counter("fhir.outbox.delivered").count());

            // A later event of the parked call waits behind the rejected bundle, it is not sent alone.
            adapter.accept(
                    new ParticipantJoined("call-bad", 3, ConsultScript.START.plusSeconds(2), script.villagerTv()));
            Thread.sleep(500);
            assertEquals(3, adapter.backlog());
            assertEquals(1, adapter.parked().size());

            // An admin retries: the cause is not fixed, so it is parked again, with the same reason.
            assertTrue(adapter.retryParked("call-bad"));
            Eventually.await(
                    "parked again",
                    Duration.ofSeconds(30),
                    () -> metrics.counter("fhir.outbox.parked").count() == 2.0);
            assertEquals(1, adapter.parked().size());
            assertFalse(adapter.retryParked("call-good"), "only parked calls can be retried");
        }
        Encounter good1 = server.client()
                .read()
                .resource(Encounter.class)
                .withId(RecordIds.encounter("call-good"))
                .execute();
        assertEquals(Encounter.EncounterStatus.CANCELLED, good1.getStatus(), "a call never answered");
        assertEquals(0, count(server, Encounter.class, "identifier", RecordIds.CALL_SYSTEM + "|call-bad"));
    }
}
