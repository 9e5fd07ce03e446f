package org.ruralconsult.fhir;

import java.time.Duration;

/** What the server-wide back-off allows: the most delivery attempts an outage of a given length can see. */
final class BreakerSchedule {
    private BreakerSchedule() {}

    /**
     * The first failed attempt, then one probe per hold: initial × 2^k capped at max, each at least 80%
     * of that (the jitter's low end, less a millisecond for rounding).
     */
    static int maxAttempts(Duration outage, Duration initial, Duration max) {
        long elapsed = 0;
        int attempts = 1;
        for (int failures = 1; ; failures++) {
            long nominal = Math.min(max.toMillis(), initial.toMillis() << Math.min(30, failures - 1));
            elapsed += Math.max(1, (long) Math.floor(0.8 * nominal) - 1);
            if (elapsed > outage.toMillis()) return attempts;
            attempts++;
        }
    }
}
