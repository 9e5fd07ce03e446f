package org.ruralconsult.media.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** When a subscriber's REMB says its link is full, from recorded (time, estimate, sending) rows. */
class LinkTrendTest {
    @Test
    void aFallingEstimateIsACeilingForTenSecondsARisingOneIsNot() {
        LinkTrend trend = new LinkTrend();
        long s = 1_000_000_000L;
        // time s, estimate, what the subscriber gets, probing?
        long[][] rows = {
            {0, 0, 500_000, 0}, // no estimate: nothing to probe (and no limit)
            {1, 600_000, 500_000, 1}, // first estimate above what it gets
            {2, 400_000, 1_500_000, 0}, // fell: over-use
            {3, 420_000, 400_000, 0}, // rising, but within the quiet 10 s
            {11, 430_000, 400_000, 0},
            {12, 440_000, 400_000, 1}, // quiet over
            {13, 400_000, 500_000, 1}, // a 9 % dip is noise
            {14, 300_000, 500_000, 0}, // a real fall
        };
        for (long[] r : rows) {
            assertEquals(r[3] == 1, trend.probing(r[1], r[2], r[0] * s), "at " + r[0] + " s");
        }
        LinkTrend first = new LinkTrend();
        assertEquals(false, first.probing(10_000, 100_000, 0), "a first estimate below what it gets: full");
    }
}
