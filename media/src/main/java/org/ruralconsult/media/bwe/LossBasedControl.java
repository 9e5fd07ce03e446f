package org.ruralconsult.media.bwe;

/**
 * The loss-based rate: over each report of at least 20 packets, more than 10 % lost cuts the rate by half
 * the loss share (at most every 300 ms), less than 2 % lets it grow by 5 %, in between it holds. It only
 * ever limits: once it has grown back to the delay-based rate it stops limiting.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/draft-ietf-rmcat-gcc-02#section-6">draft-ietf-rmcat-gcc-02 §6</a>
 */
final class LossBasedControl {
    private static final int MIN_PACKETS = 20;
    private static final long DECREASE_INTERVAL_NANOS = 300_000_000L;

    private long limit = Long.MAX_VALUE;
    private int lost;
    private int total;
    private long lastDecreaseNanos = Long.MIN_VALUE;
    private double lastLoss;

    void onPackets(int lostPackets, int totalPackets) {
        lost += lostPackets;
        total += totalPackets;
    }

    /** Updates with what the reports since the last call hold; returns the limit (MAX_VALUE: none). */
    long update(long currentBps, long delayBasedBps, long nowNanos) {
        if (total < MIN_PACKETS) {
            return limit;
        }
        double loss = (double) lost / total;
        lastLoss = loss;
        lost = 0;
        total = 0;
        if (loss > 0.10) {
            if (lastDecreaseNanos == Long.MIN_VALUE || nowNanos - lastDecreaseNanos >= DECREASE_INTERVAL_NANOS) {
                limit = (long) (Math.min(limit, currentBps) * (1 - 0.5 * loss));
                lastDecreaseNanos = nowNanos;
            }
        } else if (loss < 0.02 && limit != Long.MAX_VALUE) {
            limit = (long) (limit * 1.05);
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
