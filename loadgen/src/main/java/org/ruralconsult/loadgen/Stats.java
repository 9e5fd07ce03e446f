package org.ruralconsult.loadgen;

import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The figures of one load step. Packets count only when their send time (stamped in the payload) falls
 * inside the measuring window, so that packets in flight at either edge are neither lost nor counted twice.
 */
final class Stats {
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;
    final LongAdder sent = new LongAdder();
    final LongAdder expected = new LongAdder();
    final LongAdder received = new LongAdder();
    final LongAdder receivedOutsideWindow = new LongAdder();
    final LongAdder undecryptable = new LongAdder();
    final LongAdder beforeKeys = new LongAdder();
    final LongAdder rrSent = new LongAdder();
    final LongAdder nackSent = new LongAdder();
    final LongAdder pliSent = new LongAdder();
    final LongAdder pliReceived = new LongAdder();
    final LongAdder nackReceived = new LongAdder();
    final LongAdder rtcpReceived = new LongAdder();
    final LongAdder keyFrames = new LongAdder();
    final LongAdder transportCcNoted = new LongAdder();
    final LongAdder transportCcSent = new LongAdder();
    /** Video packets received in the window, by the layer they were sent on (0 lowest). */
    final LongAdder[] videoByLayer = {new LongAdder(), new LongAdder(), new LongAdder()};
    /**
     * Simulcast: a relay forwards one layer of several, so the video a receiver should get is counted where
     * it arrives (what it got plus the gaps in each layer's stamps), not where it was sent.
     */
    volatile boolean videoExpectedAtReceiver;
    /** One-way latency in microseconds, up to 60 s. */
    private final Recorder latency = new Recorder(60_000_000L, 3);
    /** Latency over time for this step, when asked for (--timeline-dir); null otherwise. */
    volatile Timeline timeline;

    void open(long now) {
        windowEnd = Long.MAX_VALUE;
        windowStart = now;
    }

    void close(long now) {
        windowEnd = now;
    }

    boolean inWindow(long sendNanos) {
        return sendNanos >= windowStart && sendNanos < windowEnd;
    }

    /** A publisher sent one packet that {@code receivers} participants should get. */
    void onSent(long sendNanos, int receivers) {
        if (inWindow(sendNanos)) {
            sent.increment();
            expected.add(receivers);
        }
    }

    void onReceived(long sendNanos, long now) {
        if (inWindow(sendNanos)) {
            received.increment();
            long micros = Math.max(0, Math.min(60_000_000L, (now - sendNanos) / 1000));
            latency.recordValue(micros);
            Timeline t = timeline;
            if (t != null) {
                t.onReceived(sendNanos, micros);
            }
        } else {
            receivedOutsideWindow.increment();
        }
    }

    /**
     * A video packet of {@code layer} sent at {@code sendNanos} arrived, {@code missedBefore} packets of
     * the same layer after the previous one received (-1: it came late, and was one of them).
     */
    void onVideoReceived(long sendNanos, int layer, int missedBefore) {
        if (!inWindow(sendNanos)) {
            return;
        }
        videoByLayer[Math.min(layer, videoByLayer.length - 1)].increment();
        if (videoExpectedAtReceiver) {
            expected.add(1 + missedBefore);
        }
    }

    Histogram latencyMicros() {
        return latency.getIntervalHistogram();
    }

    double windowSeconds() {
        return (windowEnd - windowStart) / 1e9;
    }
}
