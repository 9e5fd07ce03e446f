package org.ruralconsult.media.transport;

import java.util.Arrays;

/**
 * The relay's own time per forwarded packet, in fixed log-scale buckets from 1 µs to 100 ms:
 * ten per decade (the R10 series 1, 1.25, 1.6, 2, 2.5, 3.2, 4, 5, 6.3, 8), one more above 100 ms.
 * Recording is a binary search over 51 bounds and a few adds on a long[]: no allocation, one
 * writer (the worker thread). Read it through {@link #copy()} on that thread.
 *
 * <p>Percentiles are interpolated linearly within a bucket, so they are exact to the bucket's
 * width (at most 25 % of the value). /metrics exports the 1-2-5 bounds of each decade, which are
 * bucket edges here, so those cumulative counts are exact.
 */
public final class ResidenceHistogram {
    private static final long[] MANTISSA_PERMILLE = {1000, 1250, 1600, 2000, 2500, 3200, 4000, 5000, 6300, 8000};
    /** Upper bounds in nanoseconds, inclusive: 1 µs ... 100 ms. */
    private static final long[] BOUNDS = bounds();
    /** The 1-2-5 bounds exported to Prometheus (each one of {@link #BOUNDS}). */
    private static final long[] EXPORTED_BOUNDS = exportedBounds();

    private final long[] buckets = new long[BOUNDS.length + 1];
    private long count;
    private long sumNanos;
    private long maxNanos;

    private static long[] bounds() {
        long[] b = new long[MANTISSA_PERMILLE.length * 5 + 1];
        int i = 0;
        long decade = 1; // in µs
        for (int d = 0; d < 5; d++, decade *= 10) {
            for (long m : MANTISSA_PERMILLE) {
                b[i++] = m * decade; // permille of a µs = ns
            }
        }
        b[i] = 100_000_000L;
        return b;
    }

    private static long[] exportedBounds() {
        return Arrays.stream(BOUNDS)
                .filter(b -> {
                    long m = b;
                    while (m % 10 == 0) {
                        m /= 10;
                    }
                    return m == 1 || m == 2 || m == 5;
                })
                .toArray();
    }

    /** Adds {@code n} packets that each spent {@code nanos} in the relay. */
    public void record(long nanos, int n) {
        long v = Math.max(0, nanos);
        buckets[bucketOf(v)] += n;
        count += n;
        sumNanos += v * n;
        if (v > maxNanos) {
            maxNanos = v;
        }
    }

    static int bucketOf(long nanos) {
        int lo = 0;
        int hi = BOUNDS.length; // BOUNDS.length = overflow bucket
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (BOUNDS[mid] >= nanos) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    public long count() {
        return count;
    }

    public long sumNanos() {
        return sumNanos;
    }

    public long maxNanos() {
        return maxNanos;
    }

    /** Bucket upper bounds in nanoseconds (a copy); the last bucket, above the last bound, has none. */
    public static long[] upperBoundsNanos() {
        return BOUNDS.clone();
    }

    /** The bounds /metrics exports: 1, 2, 5 × 10^k µs up to 100 ms. */
    public static long[] exportedBoundsNanos() {
        return EXPORTED_BOUNDS.clone();
    }

    /** Packets in bucket {@code i} (0 ≤ i ≤ number of bounds; the last is above 100 ms). */
    public long bucket(int i) {
        return buckets[i];
    }

    /** Packets that took at most {@code boundNanos}; exact when the bound is a bucket edge. */
    public long countAtMost(long boundNanos) {
        long c = 0;
        for (int i = 0; i < BOUNDS.length && BOUNDS[i] <= boundNanos; i++) {
            c += buckets[i];
        }
        return c;
    }

    /**
     * The value below which a share {@code q} (0..1) of the packets lie, in nanoseconds,
     * interpolated within its bucket; 0 when empty. Above the last bound: the largest value seen.
     */
    public long percentileNanos(double q) {
        if (count == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(q * count));
        long seen = 0;
        for (int i = 0; i < buckets.length; i++) {
            long inBucket = buckets[i];
            if (inBucket == 0 || seen + inBucket < rank) {
                seen += inBucket;
                continue;
            }
            if (i == BOUNDS.length) {
                return maxNanos;
            }
            long lower = i == 0 ? 0 : BOUNDS[i - 1];
            long upper = Math.min(BOUNDS[i], Math.max(maxNanos, lower));
            return lower + Math.round((upper - lower) * ((double) (rank - seen) / inBucket));
        }
        return maxNanos;
    }

    /** Sums {@code this} into {@code total} (e.g. all workers). */
    public void addTo(ResidenceHistogram total) {
        for (int i = 0; i < buckets.length; i++) {
            total.buckets[i] += buckets[i];
        }
        total.count += count;
        total.sumNanos += sumNanos;
        total.maxNanos = Math.max(total.maxNanos, maxNanos);
    }

    public ResidenceHistogram copy() {
        ResidenceHistogram c = new ResidenceHistogram();
        addTo(c);
        return c;
    }

    @Override
    public String toString() {
        return String.format(
                "n=%d p50=%.1fµs p99=%.1fµs p99.9=%.1fµs max=%.1fµs",
                count,
                percentileNanos(0.5) / 1e3,
                percentileNanos(0.99) / 1e3,
                percentileNanos(0.999) / 1e3,
                maxNanos / 1e3);
    }
}
