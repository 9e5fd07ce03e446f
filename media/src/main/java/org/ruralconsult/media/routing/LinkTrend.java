package org.ruralconsult.media.routing;

/**
 * Whether a subscriber's receive-side estimate says its link is full. A REMB (libwebrtc's AIMD rate
 * control) falls only when the receiver detects over-use, and rises slowly, to at most about 1.5 × what
 * it receives: after a layer goes up it stays below the new rate for a while without meaning anything.
 * So the link counts as full when the estimate falls by more than 10 % (or the first one is already below what is sent),
 * and for {@link #QUIET_NANOS} after that; otherwise the allocator may probe.
 */
final class LinkTrend {
    /** After the estimate fell: no probing for this long. */
    static final long QUIET_NANOS = 10_000_000_000L;
    /**
     * A fall of more than this share of the last estimate is over-use, not noise (libwebrtc cuts to
     * 0.85 × what it received on over-use; the audio added to the estimate wobbles a few per cent).
     */
    static final double FALL = 0.1;

    private long lastEstimate;
    private long quietUntilNanos;
    private boolean quiet;

    /** One round: true when the estimate is not a ceiling (probe), false when the link is full. */
    boolean probing(long estimateBps, long sendingBps, long nowNanos) {
        if (estimateBps <= 0) {
            lastEstimate = 0;
            return false; // no estimate: no limit at all (the allocator treats 0 as unknown)
        }
        boolean fell = lastEstimate > 0
                ? estimateBps < lastEstimate * (1 - FALL)
                : estimateBps < sendingBps; // the first estimate already below what it gets
        lastEstimate = estimateBps;
        if (fell) {
            quiet = true;
            quietUntilNanos = nowNanos + QUIET_NANOS;
        } else if (quiet && nowNanos - quietUntilNanos >= 0) {
            quiet = false;
        }
        return !quiet;
    }
}
