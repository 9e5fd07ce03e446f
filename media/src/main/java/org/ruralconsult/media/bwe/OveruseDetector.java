package org.ruralconsult.media.bwe;

/**
 * Compares the modified trend with an adaptive threshold γ: over-use when it stays above γ for more than
 * 10 ms over at least two groups and is not falling; under-use below -γ. γ follows |trend| slowly upward
 * (k_u = 0.0087) and faster downward (k_d = 0.039), clamped to [6, 600], so a concurrent TCP flow does
 * not starve the estimate.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/draft-ietf-rmcat-gcc-02#section-5.4">draft-ietf-rmcat-gcc-02 §5.4</a>
 */
final class OveruseDetector {
    private static final double K_UP = 0.0087;
    private static final double K_DOWN = 0.039;
    private static final double OVERUSE_TIME_MS = 10;

    private double threshold = 12.5;
    private long lastUpdateNanos = Long.MIN_VALUE;
    private double overusingMs = -1;
    private int overuseCount;
    private double previousTrend;
    private BandwidthUsage state = BandwidthUsage.NORMAL;

    BandwidthUsage detect(double trend, double sendDeltaMs, long nowNanos) {
        if (trend > threshold) {
            overusingMs = overusingMs < 0 ? sendDeltaMs / 2 : overusingMs + sendDeltaMs;
            overuseCount++;
            if (overusingMs > OVERUSE_TIME_MS && overuseCount > 1 && trend >= previousTrend) {
                overusingMs = 0;
                overuseCount = 0;
                state = BandwidthUsage.OVERUSING;
            }
        } else if (trend < -threshold) {
            overusingMs = -1;
            overuseCount = 0;
            state = BandwidthUsage.UNDERUSING;
        } else {
            overusingMs = -1;
            overuseCount = 0;
            state = BandwidthUsage.NORMAL;
        }
        previousTrend = trend;
        adaptThreshold(trend, nowNanos);
        return state;
    }

    private void adaptThreshold(double trend, long nowNanos) {
        if (lastUpdateNanos == Long.MIN_VALUE) {
            lastUpdateNanos = nowNanos;
        }
        double abs = Math.abs(trend);
        if (abs > threshold + 15) {
            lastUpdateNanos = nowNanos; // a spike (e.g. a route change) must not drag γ up
            return;
        }
        double k = abs < threshold ? K_DOWN : K_UP;
        double dtMs = Math.min((nowNanos - lastUpdateNanos) / 1e6, 100);
        threshold = Math.max(6, Math.min(600, threshold + k * (abs - threshold) * dtMs));
        lastUpdateNanos = nowNanos;
    }

    BandwidthUsage state() {
        return state;
    }

    double threshold() {
        return threshold;
    }
}
