package org.ruralconsult.media.bwe;

/**
 * The rate at which the receiver got what was sent: bytes of acknowledged packets whose arrival lies in
 * the last second of arrival time (receiver clock). 0 until a second of arrivals was seen. A second, the
 * long end of GCC's 0.5–1 s: an over-use cuts the rate to 0.85 × this, and over half a second one burst of
 * radio loss (ten 1200-byte packets) took a sixth off a 600 kbit/s link's rate, so a cut went to half the
 * link ({@code SendSideEstimatorTest}: lowest estimate 290 → 384 kbit/s on the island profile).
 */
final class AcknowledgedBitrate {
    private static final long WINDOW_NANOS = 1_000_000_000L;
    private static final int RING = 4096;

    private final long[] arrivals = new long[RING];
    private final int[] sizes = new int[RING];
    private int head;
    private int size;
    private long bytesInRing;
    private long firstArrival = Long.MIN_VALUE;
    private long latest = Long.MIN_VALUE;

    void add(long arrivalNanos, int bytes) {
        if (firstArrival == Long.MIN_VALUE) {
            firstArrival = arrivalNanos;
        }
        latest = Math.max(latest, arrivalNanos);
        if (size == RING) {
            drop();
        }
        int slot = (head + size) % RING;
        arrivals[slot] = arrivalNanos;
        sizes[slot] = bytes;
        bytesInRing += bytes;
        size++;
        while (size > 0 && arrivals[head] < latest - WINDOW_NANOS) {
            drop();
        }
    }

    private void drop() {
        bytesInRing -= sizes[head];
        head = (head + 1) % RING;
        size--;
    }

    /** Bits per second over the window, 0 when less than a window of arrivals was seen. */
    long bitsPerSecond() {
        if (latest == Long.MIN_VALUE || latest - firstArrival < WINDOW_NANOS) {
            return 0;
        }
        long span = size == 0 ? WINDOW_NANOS : Math.max(latest - arrivals[head], WINDOW_NANOS / 2);
        return bytesInRing * 8 * 1_000_000_000L / span;
    }
}
