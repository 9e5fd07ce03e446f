package org.ruralconsult.fhir;

import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the FHIR server is worth a request at all. An outage is server-wide: once a delivery fails for
 * the server's reasons (unreachable, 5xx, 408, 429) no call is sent until a back-off has passed; then one
 * call goes as a probe. The server answering it closes the breaker; another failure holds everything
 * again, twice as long, up to the maximum back-off.
 *
 * <p>Driven by the one delivery thread; other threads only read {@link #isOpen} (metrics).
 */
final class FhirServerBreaker {
    private static final Logger log = LoggerFactory.getLogger(FhirServerBreaker.class);

    private final RetrySchedule schedule;
    /** Consecutive server-wide failures; 0 while closed. */
    private volatile int failures;

    private Instant openedAt;
    private Instant probeAt;
    private int probes;

    FhirServerBreaker(RetrySchedule schedule) {
        this.schedule = schedule;
    }

    /** Open (holding, or letting a probe through) rather than closed. */
    boolean isOpen() {
        return failures > 0;
    }

    /** How long every delivery must still wait; zero when one may go (closed, or a probe is due). */
    Duration holdFor(Instant now) {
        if (failures == 0 || !now.isBefore(probeAt)) return Duration.ZERO;
        return Duration.between(now, probeAt);
    }

    /** Called just before a bundle is sent; true when that attempt is a probe of an open breaker. */
    boolean attempting() {
        if (failures == 0) return false;
        probes++;
        return true;
    }

    /** A delivery failed for the server's reasons: open, or stay open for longer. */
    void serverFailed(Instant now, String why) {
        failures++;
        Duration hold = schedule.delayAfter(failures);
        probeAt = now.plus(hold);
        if (failures == 1) {
            openedAt = now;
            probes = 0;
            log.warn(
                    "FHIR server unavailable ({}): holding the deliveries of every call; one probe in {} ms",
                    why,
                    hold.toMillis());
        } else {
            log.debug("FHIR server probe {} failed ({}); next probe in {} ms", probes, why, hold.toMillis());
        }
    }

    /** The server answered a delivery (committed it, or rejected that one bundle on its merits): close. */
    void serverAnswered(Instant now) {
        if (failures == 0) return;
        log.info(
                "FHIR server answering again after {} ms and {} probes: delivering every waiting call",
                Duration.between(openedAt, now).toMillis(),
                probes);
        failures = 0;
    }
}
