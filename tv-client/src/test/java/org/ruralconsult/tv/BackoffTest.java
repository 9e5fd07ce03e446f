package org.ruralconsult.tv;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void delaysDoubleWithJitterUpToTheCap() {
        Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(15), new Random(7));
        long[] caps = {500, 1000, 2000, 4000, 8000, 15000, 15000, 15000};
        for (int round = 0; round < 50; round++) {
            for (int attempt = 0; attempt < caps.length; attempt++) {
                long d = b.delay(attempt).toMillis();
                assertTrue(d >= caps[attempt] / 2 && d <= caps[attempt], "attempt " + attempt + ": " + d);
            }
        }
    }

    @Test
    void theFirstRetriesFitTheGracePeriod() {
        Backoff b = new Backoff(Backoff.DEFAULT_INITIAL, Backoff.DEFAULT_MAX, new Random(1));
        long total = 0;
        for (int attempt = 0; attempt < 5; attempt++) {
            total += b.delay(attempt).toMillis();
        }
        assertTrue(total <= 15_500, "five tries within about half the 30 s grace period: " + total);
    }
}
