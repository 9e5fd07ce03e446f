package org.ruralconsult.media.bwe;

/**
 * The loss-based rate: over each window of at least one second and 20 packets, a loss more than 10 % above
 * the link's inherent loss cuts the rate by half that excess, less than 2 % above it lets it grow by 8 %,
 * in between it holds. It only ever limits: once it has grown back to the delay-based rate it stops
 * limiting. Radio links lose packets that are not congestion, so GCC's fixed thresholds read the island
 * profile (5 % lost in bursts of 10) as congestion: per 20-packet report one burst halved the estimate, and
 * even per second the windows above 10 % outweighed those below 2 % and held a 600 kbit/s link near
 * 300 kbit/s, where the allocator paused a video. The inherent loss is the loss averaged over about ten
 * windows; congestion shows first in the delay (the delay-based rate) and as loss that rises above it.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/draft-ietf-rmcat-gcc-02#section-6">draft-ietf-rmcat-gcc-02 §6</a>
 */
final class LossBasedControl {
    private static final int MIN_PACKETS = 20;
    private static final long WINDOW_NANOS = 1_000_000_000L;

    private long limit = Long.MAX_VALUE;
    private int lost;
    private int total;
    private long windowStartNanos = Long.MIN_VALUE;
    private double lastLoss;
    /** Loss averaged over about ten windows: what the link loses whatever is sent. */
    private double inherentLoss;

    private static final double INHERENT_WEIGHT = 0.1;

    void onPackets(int lostPackets, int totalPackets) {
        lost += lostPackets;
        total += totalPackets;
    }

    /** Updates with what the reports since the last call hold; returns the limit (MAX_VALUE: none). */
    long update(long currentBps, long delayBasedBps, long nowNanos) {
        if (windowStartNanos == Long.MIN_VALUE) {
            windowStartNanos = nowNanos;
        }
        if (total < MIN_PACKETS || nowNanos - windowStartNanos < WINDOW_NANOS) {
            return limit;
        }
        windowStartNanos = nowNanos;
        double loss = (double) lost / total;
        lastLoss = loss;
        lost = 0;
        total = 0;
        double excess = loss - inherentLoss;
        inherentLoss += INHERENT_WEIGHT * (loss - inherentLoss);
        if (excess > 0.10) {
            limit = (long) (Math.min(limit, currentBps) * (1 - 0.5 * excess));
        } else if (excess < 0.02 && limit != Long.MAX_VALUE) {
            limit = (long) (limit * 1.08);
            if (limit >= delayBasedBps) {
                limit = Long.MAX_VALUE;
            }
        }
        return limit;
    }

    /** The link's inherent loss share as learnt so far. */
    double inherentLoss() {
        return inherentLoss;
    }

    /** Loss share of the last full report. */
    double lastLoss() {
        return lastLoss;
    }
}
