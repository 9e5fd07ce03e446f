package org.ruralconsult.media.routing;

/**
 * What a receiver report says about one incoming stream: extended highest sequence number, loss,
 * interarrival jitter, and the last sender report's timing.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3550#appendix-A.3">RFC 3550 A.3 loss</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3550#appendix-A.8">RFC 3550 A.8 jitter</a>
 */
final class ReceiveStatistics {
    private final int clockRate;
    private boolean started;
    private int baseSeq;
    private int maxSeq;
    private int cycles;
    private long received;
    private long expectedPrior;
    private long receivedPrior;
    private double jitter;
    private long lastTransit;
    private boolean hasTransit;
    long lastSrMiddle;
    long lastSrArrivalNanos;
    long bytesThisPeriod;
    long bytesLastPeriod;

    ReceiveStatistics(int clockRate) {
        this.clockRate = clockRate;
    }

    void onPacket(int seq, long timestamp, long nowNanos, int length) {
        bytesThisPeriod += length;
        if (!started) {
            started = true;
            baseSeq = seq;
            maxSeq = seq;
        } else {
            int delta = (seq - maxSeq) & 0xffff;
            if (delta != 0 && delta < 0x8000) {
                if (seq < maxSeq) {
                    cycles += 0x10000;
                }
                maxSeq = seq;
            }
        }
        received++;
        long arrival = nowNanos / 1000 * clockRate / 1_000_000;
        long transit = arrival - timestamp;
        if (hasTransit) {
            long d = Math.abs(transit - lastTransit);
            jitter += (d - jitter) / 16.0;
        }
        lastTransit = transit;
        hasTransit = true;
    }

    boolean started() {
        return started;
    }

    int extendedHighest() {
        return cycles + maxSeq;
    }

    long expected() {
        return (long) extendedHighest() - baseSeq + 1;
    }

    int cumulativeLost() {
        long lost = expected() - received;
        return (int) Math.max(-0x800000, Math.min(0x7fffff, lost));
    }

    /** RFC 3550 A.3: fraction lost since the previous call, as an 8-bit fixed point. */
    int takeFractionLost() {
        long expected = expected();
        long expectedInterval = expected - expectedPrior;
        long receivedInterval = received - receivedPrior;
        expectedPrior = expected;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        return expectedInterval == 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
    }

    int jitter() {
        return (int) jitter;
    }

    void rollPeriod() {
        bytesLastPeriod = bytesThisPeriod;
        bytesThisPeriod = 0;
    }
}
