package org.ruralconsult.media.bwe;

/**
 * Estimates whether queuing delay is growing: the accumulated delay variation, smoothed, over the last
 * 20 groups, and the slope of its least-squares line against arrival time. The slope, scaled by the number
 * of deltas seen (up to 60) and a gain of 4, is the "modified trend" the over-use detector compares with
 * its threshold (libwebrtc's trendline variant of the arrival-time filter of GCC).
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/draft-ietf-rmcat-gcc-02#section-5.3">draft-ietf-rmcat-gcc-02 §5.3</a>
 */
final class TrendlineFilter {
    static final int WINDOW = 20;
    private static final double SMOOTHING = 0.9;
    private static final double GAIN = 4.0;

    private final double[] xMs = new double[WINDOW];
    private final double[] yMs = new double[WINDOW];
    private int size;
    private int head;
    private long firstArrival = Long.MIN_VALUE;
    private double accumulated;
    private double smoothed;
    private int deltas;
    private double trend;

    /** Adds one inter-group delay variation (ms) at the group's arrival time; returns the modified trend. */
    double update(double delayVariationMs, long arrivalNanos) {
        if (firstArrival == Long.MIN_VALUE) {
            firstArrival = arrivalNanos;
        }
        deltas = Math.min(deltas + 1, 1000);
        accumulated += delayVariationMs;
        smoothed = SMOOTHING * smoothed + (1 - SMOOTHING) * accumulated;
        xMs[head] = (arrivalNanos - firstArrival) / 1e6;
        yMs[head] = smoothed;
        head = (head + 1) % WINDOW;
        size = Math.min(size + 1, WINDOW);
        if (size == WINDOW) {
            trend = slope();
        }
        return Math.min(deltas, 60) * trend * GAIN;
    }

    private double slope() {
        double sx = 0;
        double sy = 0;
        for (int i = 0; i < size; i++) {
            sx += xMs[i];
            sy += yMs[i];
        }
        double mx = sx / size;
        double my = sy / size;
        double num = 0;
        double den = 0;
        for (int i = 0; i < size; i++) {
            num += (xMs[i] - mx) * (yMs[i] - my);
            den += (xMs[i] - mx) * (xMs[i] - mx);
        }
        return den == 0 ? trend : num / den;
    }
}
