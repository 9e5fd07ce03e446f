package org.ruralconsult.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The breaker on its own: closed lets everything through, open holds for a growing, capped, jittered while. */
class FhirServerBreakerTest {
    private static final Duration INITIAL = Duration.ofMillis(500);
    private static final Duration MAX = Duration.ofMinutes(1);
    private final FhirServerBreaker breaker = new FhirServerBreaker(new RetrySchedule(INITIAL, MAX));
    private Instant now = Instant.parse("2026-11-20T03:00:00Z");

    @Test
    void closedHoldsNothingAndSendsNoProbes() {
        assertFalse(breaker.isOpen());
        assertEquals(Duration.ZERO, breaker.holdFor(now));
        assertFalse(breaker.attempting());
    }

    @Test
    void eachFailedProbeHoldsTwiceAsLongUpToTheMaximum() {
        long nominal = INITIAL.toMillis();
        for (int failure = 1; failure <= 12; failure++) {
            breaker.serverFailed(now, "connection refused");
            assertTrue(breaker.isOpen());
            long hold = breaker.holdFor(now).toMillis();
            assertTrue(hold >= 0.8 * nominal - 1 && hold <= 1.2 * nominal + 1, failure + ": " + hold + " ms");
            // Until the hold has passed nothing goes; then exactly one attempt, the probe.
            assertTrue(breaker.holdFor(now.plusMillis(hold - 1)).toMillis() > 0);
            now = now.plusMillis(hold);
            assertEquals(Duration.ZERO, breaker.holdFor(now));
            assertTrue(breaker.attempting(), "an attempt while open is a probe");
            nominal = Math.min(MAX.toMillis(), nominal * 2);
        }
    }

    @Test
    void anAnswerClosesIt() {
        breaker.serverFailed(now, "503");
        breaker.serverFailed(now, "503");
        breaker.serverAnswered(now.plusSeconds(2));
        assertFalse(breaker.isOpen());
        assertEquals(Duration.ZERO, breaker.holdFor(now));
        // The next outage starts over from the initial back-off.
        breaker.serverFailed(now, "503");
        assertTrue(breaker.holdFor(now).toMillis() <= 1.2 * INITIAL.toMillis() + 1);
    }
}
