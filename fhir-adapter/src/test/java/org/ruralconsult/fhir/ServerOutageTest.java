package org.ruralconsult.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ruralconsult.domain.event.DomainEvent;
import org.ruralconsult.fhir.mapping.ConsultBundleFactory;
import org.ruralconsult.fhir.outbox.ConsultOutbox;
import org.ruralconsult.fhir.outbox.OutboxLog;
import org.ruralconsult.fhir.outbox.OutboxRecord;

/**
 * The delivery loop against a fake FHIR server on a fake clock: an outage costs attempts on the breaker's
 * schedule whatever the number of waiting calls, and the backlog goes out as soon as a probe gets through.
 * Back-offs are the defaults (500 ms up to 1 min): the clock is ours.
 */
class ServerOutageTest {
    private static final FhirContext FHIR = FhirContext.forR4();
    private static final Duration STEP = Duration.ofMillis(10);
    private static final FhirClientConnectionException REFUSED =
            new FhirClientConnectionException("Connection refused");

    private final TestCounty county = TestCounty.withSuffix("breaker-unit");
    private final ConsultScript script = new ConsultScript(county);
    private final FakeClock clock = new FakeClock(Instant.parse("2026-11-20T03:00:00Z"));
    private final FakeFhirServer server = new FakeFhirServer();
    private final ConsultOutbox outbox = new ConsultOutbox(new NoLog());
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final AtomicInteger bundlesBuilt = new AtomicInteger();
    private final FhirAdapterOptions options =
            new FhirAdapterOptions().setBundleObserver(bundle -> bundlesBuilt.incrementAndGet());
    private BundleDelivery delivery;

    /** The outbox without persistence: these tests are about the delivery loop. */
    private static final class NoLog implements OutboxLog {
        @Override
        public void append(OutboxRecord record, boolean durable) {}

        @Override
        public void replay(Consumer<OutboxRecord> consumer) {}

        @Override
        public void close() {}
    }

    @BeforeEach
    void setUp() {
        FhirServerBreaker breaker =
                new FhirServerBreaker(new RetrySchedule(options.getInitialBackoff(), options.getMaxBackoff()));
        delivery = new BundleDelivery(
                outbox,
                new ConsultBundleFactory(county.directory()),
                server,
                FHIR,
                () -> "http://fhir.example/fhir",
                options,
                breaker,
                new OutboxMetrics(metrics, outbox, breaker),
                clock,
                DeliveryLease.sole("test-node"));
    }

    @Test
    void anOutageCostsAttemptsOnTheBreakersScheduleNotPerWaitingCall() throws Exception {
        List<String> calls = IntStream.range(0, 100).mapToObj(i -> "call-" + i).toList();
        for (String call : calls) script.missedCall(call).forEach(outbox::store);
        server.answer(call -> REFUSED);

        Duration outage = Duration.ofMinutes(1);
        runFor(outage);

        int attempts = server.attempts.size();
        int allowed = BreakerSchedule.maxAttempts(outage, options.getInitialBackoff(), options.getMaxBackoff());
        assertTrue(attempts >= 2 && attempts <= allowed, attempts + " attempts, the schedule allows " + allowed);
        assertEquals(attempts, bundlesBuilt.get(), "no bundle is built while deliveries are held");
        assertEquals(attempts, new HashSet<>(server.attempts).size(), "each probe is another call");
        assertEquals(attempts - 1, metrics.counter("fhir.outbox.breaker.probes").count());
        assertEquals(attempts, metrics.counter("fhir.outbox.retried").count());
        assertEquals(1.0, metrics.get("fhir.outbox.breaker.open").gauge().value());
        assertEquals(3L * calls.size(), outbox.backlog());

        server.answer(call -> null);
        runUntil(() -> !server.committed.isEmpty(), Duration.ofMinutes(2));
        // The probe got through: everything waiting goes now, without the clock moving on.
        runNow(2 * calls.size());
        assertEquals(0, outbox.backlog());
        assertEquals(new HashSet<>(calls), new HashSet<>(server.committed));
        assertEquals(calls.size(), server.committed.size(), "each call's bundle committed once");
        assertEquals(attempts + calls.size(), server.attempts.size(), "no failed attempt after the server is back");
        assertEquals(
                3.0 * calls.size(), metrics.counter("fhir.outbox.delivered").count());
        assertEquals(0.0, metrics.get("fhir.outbox.breaker.open").gauge().value());
    }

    @Test
    void aRejectedBundleDoesNotOpenTheBreaker() throws Exception {
        script.missedCall("call-rejected").forEach(outbox::store);
        script.missedCall("call-a").forEach(outbox::store);
        script.missedCall("call-b").forEach(outbox::store);
        server.answer(call -> call.equals("call-rejected") ? new UnprocessableEntityException("HAPI-1094") : null);

        runNow(5);

        assertEquals(1, outbox.parkedCount());
        assertEquals(
                List.of("call-a", "call-b"), server.committed.stream().sorted().toList());
        assertEquals(0.0, metrics.get("fhir.outbox.breaker.open").gauge().value());
        assertEquals(0.0, metrics.counter("fhir.outbox.breaker.probes").count());
    }

    @Test
    void aProbeRejectedOnItsMeritsShowsTheServerIsBack() throws Exception {
        script.missedCall("call-rejected").forEach(outbox::store);
        server.answer(call -> REFUSED);
        runFor(Duration.ofSeconds(5));
        assertEquals(1.0, metrics.get("fhir.outbox.breaker.open").gauge().value());

        server.answer(call -> new UnprocessableEntityException("HAPI-1094"));
        runUntil(() -> outbox.parkedCount() == 1, Duration.ofMinutes(1));
        assertEquals(0.0, metrics.get("fhir.outbox.breaker.open").gauge().value());

        server.answer(call -> null);
        script.missedCall("call-next").forEach(outbox::store);
        runNow(1);
        assertEquals(List.of("call-next"), server.committed);
    }

    @Test
    void aBundleThatBreaksTheServerDoesNotHoldTheOthers() throws Exception {
        // One bundle the server fails with 500 every time (a server bug it triggers), among good ones.
        server.answer(call -> call.equals("call-poison") ? new InternalErrorException("HAPI-0000") : null);
        script.missedCall("call-poison").forEach(outbox::store);
        runNow(1);
        assertEquals(1.0, metrics.get("fhir.outbox.breaker.open").gauge().value(), "a 500 may be an outage");

        List<String> good = List.of("call-a", "call-b", "call-c");
        for (String call : good) script.missedCall(call).forEach(outbox::store);
        runUntil(() -> !server.committed.isEmpty(), Duration.ofSeconds(1));
        runNow(good.size() + 1);
        assertEquals(new HashSet<>(good), new HashSet<>(server.committed));
        assertEquals(
                List.of("call-poison", "call-poison"),
                server.attempts.stream().filter("call-poison"::equals).toList());

        // The second 500 came after the server had answered others: it is that bundle's, not an outage.
        runFor(Duration.ofMinutes(10));
        assertEquals(0.0, metrics.get("fhir.outbox.breaker.open").gauge().value());
        assertEquals(1.0, metrics.counter("fhir.outbox.breaker.probes").count());
        long poisonAttempts =
                server.attempts.stream().filter("call-poison"::equals).count();
        assertTrue(poisonAttempts < 30, "it backs off on its own: " + poisonAttempts + " attempts in 10 min");
        script.missedCall("call-d").forEach(outbox::store);
        runNow(1);
        assertTrue(server.committed.contains("call-d"), "new calls are not held");
        assertEquals(3, outbox.backlog(), "only the bad call waits");
    }

    @Test
    void aConflictBetweenTwoWritersIsRetriedNotParked() throws Exception {
        // HAPI answers 409 when two writers create the same client-assigned id at once (HAPI-0550/0825).
        AtomicInteger conflicts = new AtomicInteger(2);
        server.answer(call -> conflicts.getAndDecrement() > 0
                ? new ResourceVersionConflictException("HAPI-0550: unique index violated")
                : null);
        script.missedCall("call-race").forEach(outbox::store);
        runUntil(() -> !server.committed.isEmpty(), Duration.ofSeconds(10));
        assertEquals(List.of("call-race", "call-race", "call-race"), server.attempts);
        assertEquals(0, outbox.parkedCount());
        assertEquals(0, outbox.backlog());
        assertEquals(0.0, metrics.counter("fhir.outbox.parked").count());
    }

    @Test
    void aConflictThatNeverEndsIsParkedAfterItsRetries() throws Exception {
        server.answer(call -> new ResourceVersionConflictException("HAPI-0550: unique index violated"));
        script.missedCall("call-stuck").forEach(outbox::store);
        runFor(Duration.ofMinutes(10));
        assertEquals(options.getMaxConflictRetries() + 1, server.attempts.size());
        assertEquals(1, outbox.parkedCount());
        assertEquals(409, outbox.parked().get(0).httpStatus());
    }

    @Test
    void eventsAfterAGapWaitForTheMissingOneThenGoInOrder() throws Exception {
        options.setGapWait(Duration.ofHours(2));
        List<DomainEvent> events = script.threeWayConsult("call-gap");
        // Event 4 is still on its way from another node; 5 and later have arrived.
        events.stream().filter(e -> e.sequence() != 4).forEach(outbox::store);
        runNow(3);
        assertEquals(List.of("call-gap"), server.committed, "events 1-3 go");
        assertEquals(events.size() - 4, outbox.backlog(), "4 is missing: 5 and later wait for it");
        outbox.store(events.get(3));
        runNow(3);
        assertEquals(0, outbox.backlog());
        assertEquals(2, server.committed.size());

        // An event that never comes holds the later ones back only for the gap wait.
        List<DomainEvent> other = script.threeWayConsult("call-lost-event");
        other.stream().filter(e -> e.sequence() != 2).forEach(outbox::store);
        runNow(3);
        assertEquals(other.size() - 2, outbox.backlog(), "event 1 went; 3 and later wait for 2");
        clock.advance(Duration.ofHours(3));
        runNow(3);
        assertEquals(0, outbox.backlog());
    }

    /** Runs the loop over a stretch of fake time, in small steps. */
    private void runFor(Duration duration) throws InterruptedException {
        Instant end = clock.instant().plus(duration);
        while (clock.instant().isBefore(end)) {
            delivery.turn(Duration.ZERO);
            clock.advance(STEP);
        }
    }

    private void runUntil(java.util.function.BooleanSupplier done, Duration limit) throws InterruptedException {
        Instant end = clock.instant().plus(limit);
        while (true) {
            delivery.turn(Duration.ZERO);
            if (done.getAsBoolean()) return;
            assertFalse(clock.instant().isAfter(end), "not done within " + limit + " of fake time");
            clock.advance(STEP);
        }
    }

    /** Turns of the loop at one instant: only what is due now goes. */
    private void runNow(int turns) throws InterruptedException {
        for (int i = 0; i < turns; i++) delivery.turn(Duration.ZERO);
    }
}
