package org.ruralconsult.loadgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One load step's latency over time, in 10 ms buckets of send time: packets received, packets later than
 * {@link #SLOW_MICROS}, the largest latency, and how late the generator's own pacer ran. A tail percentile
 * says how many packets were late; this says whether they were late together (a stall somewhere) or
 * spread out (steady queueing), and whether the generator itself was behind at the same moment.
 *
 * <p>Each column has one writer: the I/O thread writes the packet columns, the pacer its lateness.
 */
final class Timeline {
    static final long BUCKET_NANOS = 10_000_000L;
    static final long SLOW_MICROS = 2_000;
    static final long PACER_LATE_MICROS = 1_000;

    private final long start;
    /** The window's start on the wall clock, to line the buckets up with other logs (GC, JIT, the relay's). */
    private final long startEpochMillis = System.currentTimeMillis();

    private final AtomicLongArray received;
    private final AtomicLongArray slow;
    private final AtomicLongArray maxLatency;
    private final AtomicLongArray pacerLate;

    Timeline(long startNanos, double seconds) {
        this.start = startNanos;
        int n = (int) Math.ceil(seconds * 1e9 / BUCKET_NANOS) + 1;
        received = new AtomicLongArray(n);
        slow = new AtomicLongArray(n);
        maxLatency = new AtomicLongArray(n);
        pacerLate = new AtomicLongArray(n);
    }

    private int bucket(long nanos) {
        long b = Math.floorDiv(nanos - start, BUCKET_NANOS);
        return b < 0 || b >= received.length() ? -1 : (int) b;
    }

    /** I/O thread: a packet sent at {@code sendNanos} arrived {@code latencyMicros} later. */
    void onReceived(long sendNanos, long latencyMicros) {
        int b = bucket(sendNanos);
        if (b < 0) {
            return;
        }
        received.lazySet(b, received.get(b) + 1);
        if (latencyMicros > SLOW_MICROS) {
            slow.lazySet(b, slow.get(b) + 1);
        }
        if (latencyMicros > maxLatency.get(b)) {
            maxLatency.lazySet(b, latencyMicros);
        }
    }

    /** Pacer thread: at {@code now} it started a round {@code lateNanos} after the first packet was due. */
    void onPacerRound(long now, long lateNanos) {
        int b = bucket(now);
        long micros = lateNanos / 1000;
        if (b >= 0 && micros > pacerLate.get(b)) {
            pacerLate.lazySet(b, micros);
        }
    }

    /**
     * Counts of buckets: all, those with a packet over {@link #SLOW_MICROS}, and of each kind those in which
     * the pacer started a round more than {@link #PACER_LATE_MICROS} late.
     */
    Map<String, Object> summary() {
        int buckets = 0;
        int slowBuckets = 0;
        int lateBuckets = 0;
        int slowAndLate = 0;
        for (int i = 0; i < received.length(); i++) {
            if (received.get(i) == 0) {
                continue;
            }
            buckets++;
            boolean slowHere = slow.get(i) > 0;
            boolean late = pacerLate.get(i) > PACER_LATE_MICROS;
            slowBuckets += slowHere ? 1 : 0;
            lateBuckets += late ? 1 : 0;
            slowAndLate += slowHere && late ? 1 : 0;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("start_epoch_ms", startEpochMillis);
        m.put("buckets", buckets);
        m.put("with_packets_over_" + SLOW_MICROS + "us", slowBuckets);
        m.put("pacer_late_over_" + PACER_LATE_MICROS + "us", lateBuckets);
        m.put("both", slowAndLate);
        return m;
    }

    /** Writes the buckets as CSV: ms from the window's start, received, slow, max latency µs, pacer late µs. */
    void write(Path file) throws IOException {
        StringBuilder b = new StringBuilder("ms,received,over_" + SLOW_MICROS + "us,max_latency_us,pacer_late_us\n");
        for (int i = 0; i < received.length(); i++) {
            b.append(i * (BUCKET_NANOS / 1_000_000L))
                    .append(',')
                    .append(received.get(i))
                    .append(',')
                    .append(slow.get(i))
                    .append(',')
                    .append(maxLatency.get(i))
                    .append(',')
                    .append(pacerLate.get(i))
                    .append('\n');
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, b, StandardCharsets.UTF_8);
    }
}
