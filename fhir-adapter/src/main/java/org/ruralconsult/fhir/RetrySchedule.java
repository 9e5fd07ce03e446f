package org.ruralconsult.fhir;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off: initial × 2^(failures-1), capped at max, with ±20% jitter so that waiting calls
 * (and adapters sharing one FHIR server) do not retry in step.
 */
final class RetrySchedule {
    private final long initialMs;
    private final long maxMs;

    RetrySchedule(Duration initial, Duration max) {
        this.initialMs = initial.toMillis();
        this.maxMs = max.toMillis();
    }

    /** The wait after the given number of consecutive failures (1 for the first). */
    Duration delayAfter(int failures) {
        long exponential = failures >= 31 ? maxMs : Math.min(maxMs, initialMs << Math.max(0, failures - 1));
        double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis(Math.max(1, Math.round(exponential * jitter)));
    }
}
