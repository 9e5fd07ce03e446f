package org.ruralconsult.media.bwe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The send-side estimator on a simulated bottleneck (LinkModel: real transport-cc feedback, time simulated):
 * it converges near the capacity, follows a capacity drop, recovers with probing, and respects the cap.
 */
class SendSideEstimatorTest {
    private static final long S = 1_000_000_000L;

    private static List<Long> run(LinkModel m, long untilSeconds) throws Exception {
        List<Long> samples = new ArrayList<>();
        m.runUntil(untilSeconds * S, samples::add);
        return samples;
    }

    /** Samples (every 100 ms) from second {@code from} to {@code to}. */
    private static List<Long> window(List<Long> samples, double from, double to) {
        return samples.subList((int) (from * 10), (int) (to * 10));
    }

    private static void assertWithin(List<Long> samples, long capacity, double share, String what) {
        System.out.printf(
                "%s: capacity %d, estimate min %d mean %d max %d over %d samples%n",
                what,
                capacity,
                samples.stream().mapToLong(Long::longValue).min().orElse(0),
                (long) samples.stream().mapToLong(Long::longValue).average().orElse(0),
                samples.stream().mapToLong(Long::longValue).max().orElse(0),
                samples.size());
        for (long e : samples) {
            assertTrue(
                    Math.abs(e - capacity) <= share * capacity,
                    what + ": estimate " + e + " not within " + (int) (share * 100) + " % of " + capacity + " in "
                            + samples);
        }
    }

    @Test
    void convergesOnA600kbitLink() throws Exception {
        LinkModel m = new LinkModel(600_000, 0);
        List<Long> s = run(m, 15);
        assertWithin(window(s, 4, 15), 600_000, 0.30, "600 kbit/s");
    }

    @Test
    void convergesOnA1500kbitLinkWithProbes() throws Exception {
        LinkModel m = new LinkModel(1_500_000, 0);
        List<Long> s = run(m, 15);
        assertWithin(window(s, 5, 15), 1_500_000, 0.30, "1.5 Mbit/s");
        assertTrue(m.estimator.probesSent() > 0, "probed while the estimate was below what was wanted");
    }

    @Test
    void followsACapacityDropAndRecoversWithProbing() throws Exception {
        LinkModel m = new LinkModel(1_500_000, 0);
        List<Long> s = new ArrayList<>();
        m.runUntil(10 * S, s::add);
        m.capacityBps = 600_000;
        m.runUntil(20 * S, s::add);
        assertTrue(window(s, 12, 12.1).get(0) <= 1.3 * 600_000, "dropped within 2 s: " + window(s, 10, 13));
        assertWithin(window(s, 12, 20), 600_000, 0.30, "after the drop");
        long probesBefore = m.estimator.probesSent();
        m.capacityBps = 1_500_000;
        m.runUntil(30 * S, s::add);
        assertTrue(m.estimator.probesSent() > probesBefore, "probed after the link recovered");
        assertWithin(window(s, 26, 30), 1_500_000, 0.30, "recovered");
    }

    @Test
    void randomLossBelowTenPercentDoesNotCollapseTheEstimate() throws Exception {
        LinkModel m = new LinkModel(1_500_000, 0.05);
        List<Long> s = run(m, 15);
        assertWithin(window(s, 6, 15), 1_500_000, 0.40, "5 % loss");
    }

    @Test
    void radioLossInBurstsDoesNotCollapseTheEstimate() throws Exception {
        // the island profile: 600 kbit/s, 5 % of packets lost in bursts of 10 on average (not congestion)
        LinkModel m = new LinkModel(600_000, 0);
        m.bursts(0.05, 10);
        List<Long> s = run(m, 40);
        List<Long> settled = window(s, 6, 40);
        System.out.println("bursty 5 %: min "
                + settled.stream().mapToLong(Long::longValue).min().orElse(0));
        assertWithin(settled, 600_000, 0.40, "5 % loss in bursts");
    }

    @Test
    void heavyLossCutsTheEstimate() throws Exception {
        LinkModel m = new LinkModel(1_500_000, 0);
        List<Long> s = new ArrayList<>();
        m.runUntil(8 * S, s::add);
        long before = s.get(s.size() - 1);
        m.lossRate = 0.25;
        m.runUntil(13 * S, s::add); // loss is judged over windows of a second: a cut of 12.5 % each
        assertTrue(s.get(s.size() - 1) < 0.8 * before, "25 % loss cut the estimate: " + window(s, 7, 13));
    }

    @Test
    void capAndClampApply() throws Exception {
        LinkModel m = new LinkModel(1_500_000, 0);
        m.estimator.cap(400_000);
        List<Long> s = run(m, 8);
        for (long e : window(s, 1, 8)) {
            assertTrue(e <= 400_000, "capped: " + e);
        }
        assertEquals(0, new SendSideEstimator().estimate(), "0 before any feedback");
    }
}
