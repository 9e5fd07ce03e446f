package org.ruralconsult.calls;

import java.time.Duration;

/**
 * Timeouts of the call state machine.
 *
 * @param ringTimeout how long a ring lasts before it counts as missed
 * @param gracePeriod how long a participant whose connection dropped may resume without leaving
 * @param endedRetention how long an ended call stays readable in the store
 */
public record CallOptions(Duration ringTimeout, Duration gracePeriod, Duration endedRetention) {
    public static final Duration DEFAULT_RING_TIMEOUT = Duration.ofSeconds(45);
    public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(30);
    public static final Duration DEFAULT_ENDED_RETENTION = Duration.ofDays(1);

    public static CallOptions defaults() {
        return new CallOptions(DEFAULT_RING_TIMEOUT, DEFAULT_GRACE_PERIOD, DEFAULT_ENDED_RETENTION);
    }
}
