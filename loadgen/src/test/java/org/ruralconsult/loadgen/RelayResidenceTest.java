package org.ruralconsult.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RelayResidenceTest {
    private static String scrape(long at1us, long at10us, long at1ms, long inf) {
        return "# TYPE rc_media_residence_seconds histogram\n"
                + "rc_media_residence_seconds_bucket{worker=\"0\",le=\"1.0E-6\"} " + at1us + "\n"
                + "rc_media_residence_seconds_bucket{worker=\"0\",le=\"1.0E-5\"} " + at10us + "\n"
                + "rc_media_residence_seconds_bucket{worker=\"0\",le=\"0.001\"} " + at1ms + "\n"
                + "rc_media_residence_seconds_bucket{worker=\"0\",le=\"+Inf\"} " + inf + "\n"
                + "rc_media_residence_seconds_bucket{worker=\"1\",le=\"1.0E-6\"} 0\n"
                + "rc_media_residence_seconds_bucket{worker=\"1\",le=\"1.0E-5\"} 0\n"
                + "rc_media_residence_seconds_bucket{worker=\"1\",le=\"0.001\"} 0\n"
                + "rc_media_residence_seconds_bucket{worker=\"1\",le=\"+Inf\"} 0\n"
                + "rc_media_residence_seconds_count{worker=\"0\"} " + inf + "\n";
    }

    @Test
    void theWindowIsTheDifferenceOfTwoScrapesAndPercentilesAreBucketEdges() {
        var before = RelayResidence.parse(scrape(5, 10, 10, 10));
        // in the window: 1000 packets, 900 within 10 µs, 98 more within 1 ms, 2 above
        var after = RelayResidence.parse(scrape(5, 910, 1008, 1010));
        Map<String, Object> w = RelayResidence.window(before, after);
        assertEquals(1000L, w.get("count"));
        assertEquals(10.0, w.get("p50_us_at_most"));
        assertEquals(1000.0, w.get("p99_us_at_most"));
        assertEquals(RelayResidence.ABOVE_TOP, w.get("p999_us_at_most"));
    }

    @Test
    void anEmptyWindowHasNoPercentiles() {
        var s = RelayResidence.parse(scrape(1, 2, 3, 3));
        Map<String, Object> w = RelayResidence.window(s, s);
        assertEquals(0L, w.get("count"));
        assertEquals(null, w.get("p99_us_at_most"));
    }
}
