package org.ruralconsult.tv;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Reconnect delays: exponential back-off with jitter. Attempt {@code n} (from 0) waits between half and all
 * of {@code min(max, initial × 2^n)}, so many TVs cut off by one server restart do not all come back in the
 * same instant, and the first retry comes quickly (the grace period of a call is short: 30 s).
 */
public final class Backoff {
    public static final Duration DEFAULT_INITIAL = Duration.ofMillis(500);
    public static final Duration DEFAULT_MAX = Duration.ofSeconds(15);

    private final Duration initial;
    private final Duration max;
    private final RandomGenerator random;

    public Backoff(Duration initial, Duration max, RandomGenerator random) {
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    public Duration delay(int attempt) {
        long cap = initial.toMillis();
        for (int i = 0; i < attempt && cap < max.toMillis(); i++) {
            cap *= 2;
        }
        cap = Math.min(cap, max.toMillis());
        long half = cap / 2;
        return Duration.ofMillis(half + random.nextLong(cap - half + 1));
    }
}
