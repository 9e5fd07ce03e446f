package org.ruralconsult.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimelineTest {
    private static final long MS = 1_000_000L;

    @Test
    void packetsLandInTheBucketOfTheirSendTimeAndTheSummaryCountsSlowAndLateBuckets() throws Exception {
        long start = 5_000 * MS;
        Timeline t = new Timeline(start, 0.05); // 5 buckets of 10 ms, and one for the edge
        t.onReceived(start + 1 * MS, 300);
        t.onReceived(start + 9 * MS, 2_500); // slow, bucket 0
        t.onReceived(start + 12 * MS, 400);
        t.onReceived(start + 25 * MS, 7_000); // slow, bucket 2
        t.onReceived(start - 1 * MS, 9_000); // sent before the window: not counted
        t.onReceived(start + 999 * MS, 9_000); // after it: not counted
        t.onPacerRound(start + 3 * MS, 1_500 * 1000L); // 1.5 ms late, bucket 0
        t.onPacerRound(start + 14 * MS, 200 * 1000L); // 0.2 ms late, bucket 1
        t.onPacerRound(start + 41 * MS, 3_000 * 1000L); // bucket 4, no packets there

        Path csv = Files.createTempDirectory("timeline").resolve("t.csv");
        t.write(csv);
        List<String> lines = Files.readAllLines(csv);
        assertEquals("0,2,1,2500,1500", lines.get(1));
        assertEquals("10,1,0,400,200", lines.get(2));
        assertEquals("20,1,1,7000,0", lines.get(3));
        assertEquals("40,0,0,0,3000", lines.get(5));

        Map<String, Object> s = t.summary();
        assertTrue(Math.abs((long) s.get("start_epoch_ms") - System.currentTimeMillis()) < 60_000);
        assertEquals(3, s.get("buckets"));
        assertEquals(2, s.get("with_packets_over_2000us"));
        assertEquals(1, s.get("pacer_late_over_1000us"));
        assertEquals(1, s.get("both"));
    }
}
