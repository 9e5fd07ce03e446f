package org.ruralconsult.media.bwe;

/**
 * The loss-based rate: over each window of at least one second and 20 packets, more than 10 % lost cuts
 * the rate by half the loss share, less than 2 % lets it grow by 8 %, in between it holds. It only ever
 * limits: once it has grown back to the delay-based rate it stops limiting. The window is a second, not a
 * feedback message, because radio links lose packets in bursts that are not congestion: on the island
 * profile (5 % lost in bursts of 10) one 20-packet report often lost half its packets and halved the
 * estimate of a 600 kbit/s link ({@code SendSideEstimatorTest}); over a second such a burst is what it is,
 * a few per cent.
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
        if (loss > 0.10) {
            limit = (long) (Math.min(limit, currentBps) * (1 - 0.5 * loss));
        } else if (loss < 0.02 && limit != Long.MAX_VALUE) {
            limit = (long) (limit * 1.08);
            if (limit >= delayBasedBps) {
                limit = Long.MAX_VALUE;
            }
        }
        return limit;
    }

    /** Loss share of the last full report. */
    double lastLoss() {
        return lastLoss;
    }
}
