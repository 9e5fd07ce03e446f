package org.ruralconsult.media.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Splits one subscriber's link among the tracks it receives. Audio is reserved first and never
 * dropped; then every wanted simulcast video track gets its lowest layer (the dominant speaker's and the
 * largest-wanted first) and is paused when the link has not even half of that for
 * {@link #PAUSE_HOLD_NANOS} (at once under the member's cap), resumed when the lowest layer fits again for
 * {@link #UP_HOLD_NANOS}; single-layer video comes last and is never paused (its publisher is held to this
 * subscriber's share by REMB); then tracks go up, in the same order, while the link allows. Going down is immediate; going up needs the next layer's rate plus a
 * margin to fit for {@link #UP_HOLD_NANOS} in a row, so layers do not flap on a noisy estimate.
 * Runs on the worker, on a timer and when inputs change; time is passed in.
 */
final class BandwidthAllocator {
    /** How long a higher layer must fit before the consumer goes up. */
    static final long UP_HOLD_NANOS = 2_000_000_000L;
    /** Going up needs the higher layer's rate plus this share of it. */
    static final double UP_MARGIN = 0.15;
    /**
     * A track is paused only when the link has less than this share of its lowest layer's rate: a
     * receiver's estimate falls to 0.85 × what arrived at every over-use, which is not "cannot carry".
     */
    static final double PAUSE_BELOW = 0.5;
    /**
     * How long the estimate must stay below half a track's lowest layer before the track is paused: an
     * over-use cuts the estimate to 0.85 × what arrived and a loss burst takes a share off that, for a
     * moment; on the island profile immediate pauses stopped one of the TV's two videos for 8 s at a time
     * (IslandLinkTest). A cap the member chose pauses at once.
     */
    static final long PAUSE_HOLD_NANOS = 4_000_000_000L;
    /** How long video paused for bandwidth waits before it tries its lowest layer on an estimate that cannot tell. */
    static final long PROBE_RESUME_NANOS = 10_000_000_000L;

    /** One track the subscriber receives, as the allocator sees it. */
    record Track(
            boolean video, long[] layerBps, int[] layerHeights, int maxHeight, boolean speaker, LayerChoice choice) {}

    private boolean videoPausedForBandwidth;

    /** All wanted video to this subscriber is paused for bandwidth (as of the last round). */
    boolean videoPausedForBandwidth() {
        return videoPausedForBandwidth;
    }

    /** A round where the estimate is a ceiling (the link is full: it is below what the subscriber gets). */
    boolean allocate(long nowNanos, long estimateBps, long capBps, boolean audioOnly, List<Track> tracks) {
        return allocate(nowNanos, estimateBps, capBps, audioOnly, tracks, false);
    }

    /**
     * One round. {@code estimateBps} / {@code capBps}: 0 means unknown / no cap. {@code probe}: the
     * subscriber takes all it is sent (its estimate is not below that), so the estimate may only
     * reflect what it was sent (a receive-side REMB rises to about 1.5 × that and no further): then
     * video is not paused for it, and one track may go one layer beyond it (after the same hold), to
     * learn whether the link carries more; if not, the estimate falls below what is sent and the next
     * round goes down at once. Returns true when {@link #videoPausedForBandwidth()} changed.
     */
    boolean allocate(
            long nowNanos, long estimateBps, long capBps, boolean audioOnly, List<Track> tracks, boolean probe) {
        boolean probeLeft = probe && estimateBps > 0;
        boolean capBinding = capBps > 0 && (estimateBps <= 0 || capBps <= estimateBps);
        long budget = Long.MAX_VALUE;
        if (estimateBps > 0) {
            budget = estimateBps;
        }
        if (capBps > 0) {
            budget = Math.min(budget, capBps);
        }
        List<Track> video = new ArrayList<>();
        for (Track t : tracks) {
            if (t.video()) {
                video.add(t);
            } else {
                t.choice().layer = 0;
                t.choice().bitrateBps = t.layerBps().length > 0 ? t.layerBps()[0] : 0;
                budget = minus(budget, t.choice().bitrateBps);
            }
        }
        // single-layer video last: it is never paused (below), so it must not take the room of a simulcast
        // track's lowest layer; its publisher is told this subscriber's share of the estimate (REMB)
        video.sort(Comparator.comparing((Track t) -> t.layerBps().length == 1)
                .thenComparing((Track t) -> !t.speaker())
                .thenComparing(Comparator.comparingInt(Track::maxHeight).reversed()));
        int videoWanted = 0;
        for (Track t : video) {
            if (!audioOnly && t.maxHeight() != 0) {
                videoWanted++;
            }
        }
        int[] next = new int[video.size()];
        int wanted = 0;
        int paused = 0;
        for (int i = 0; i < video.size(); i++) {
            Track t = video.get(i);
            LayerChoice c = t.choice();
            next[i] = -1;
            if (audioOnly || t.maxHeight() == 0) {
                c.upSinceNanos = -1;
                c.shortSinceNanos = -1; // not wanted: a shortfall seen before does not count when it is again
                continue;
            }
            wanted++;
            int lowest = nextFlowing(t, -1);
            if (lowest < 0) {
                next[i] = top(t); // nothing measured yet: as before adaptation, the best that fits
                continue;
            }
            long need = t.layerBps()[lowest];
            if (t.layerBps().length == 1) {
                // one layer: its publisher already sends what the slowest subscriber's REMB allows
                // (PublisherReports: this subscriber's estimate split over its videos), so the relay never
                // pauses it for bandwidth, and counts it at most at that share
                long share = estimateBps > 0 ? estimateBps / Math.max(1, videoWanted) : need;
                budget = minus(budget, Math.min(need, share));
                next[i] = lowest;
                wanted--;
                continue;
            }
            if (c.pausedForBandwidth && c.allocated) { // resuming: the lowest layer must fit, held
                c.shortSinceNanos = -1;
                boolean fits = need <= budget;
                if (fits && held(c, nowNanos)) {
                    budget = minus(budget, need);
                    next[i] = lowest;
                } else if (!fits && probeLeft && heldFor(c, nowNanos, PROBE_RESUME_NANOS)) {
                    probeLeft = false; // paused, nothing sent: only trying tells whether the link recovered
                    budget = minus(budget, need);
                    next[i] = lowest;
                } else {
                    if (!fits && !probeLeft) {
                        c.upSinceNanos = -1;
                    }
                    paused++;
                }
            } else if (need * PAUSE_BELOW <= budget || (probe && estimateBps > 0)) {
                // a little short (an over-use cut is to 0.85 × what arrived) or probing: the lowest
                // layer rather than nothing
                c.shortSinceNanos = -1;
                budget = minus(budget, need);
                next[i] = lowest;
            } else if (!capBinding && !shortFor(c, nowNanos)) {
                budget = minus(budget, need); // short for a moment only, so far: the lowest layer still
                next[i] = lowest;
            } else {
                paused++;
            }
        }
        for (int i = 0; i < video.size(); i++) {
            Track t = video.get(i);
            if (next[i] < 0 || nextFlowing(t, -1) < 0) {
                continue;
            }
            LayerChoice c = t.choice();
            int top = top(t);
            // staying where it was (or lower) needs only the rate
            while (next[i] < top) {
                int up = nextFlowing(t, next[i]);
                if (up < 0 || up > top || (c.allocated && up > c.layer)) {
                    break;
                }
                long extra = t.layerBps()[up] - t.layerBps()[next[i]];
                if (extra > budget) {
                    break;
                }
                budget = minus(budget, extra);
                next[i] = up;
            }
            // going higher than before needs the margin too, and must have fitted for the hold
            int candidate = next[i];
            long left = budget;
            boolean probed = false;
            while (candidate < top) {
                int up = nextFlowing(t, candidate);
                if (up < 0 || up > top) {
                    break;
                }
                long extra = t.layerBps()[up] - t.layerBps()[candidate];
                if (extra + margin(c, t.layerBps()[up]) > left) {
                    if (probeLeft && candidate == next[i]) {
                        probeLeft = false; // one step beyond the estimate, for one track a round
                        probed = true;
                        left = 0;
                        candidate = up;
                    }
                    break;
                }
                left = minus(left, extra);
                candidate = up;
            }
            if (candidate == next[i]) {
                c.upSinceNanos = -1;
            } else if ((!c.allocated && !probed) || held(c, nowNanos)) {
                next[i] = candidate;
                budget = left;
                c.upSinceNanos = -1;
            }
        }
        for (int i = 0; i < video.size(); i++) {
            Track t = video.get(i);
            LayerChoice c = t.choice();
            boolean want = !audioOnly && t.maxHeight() != 0;
            c.layer = next[i];
            c.pausedForBandwidth = want && next[i] < 0;
            c.bitrateBps = next[i] < 0 ? 0 : t.layerBps()[next[i]];
            c.height = next[i] < 0 ? 0 : t.layerHeights()[next[i]];
            c.allocated = true;
        }
        boolean before = videoPausedForBandwidth;
        videoPausedForBandwidth = wanted > 0 && paused == wanted;
        return before != videoPausedForBandwidth;
    }

    /** The room going up needs beyond the higher layer's rate (none in the very first round). */
    private static long margin(LayerChoice c, long layerBps) {
        return c.allocated ? (long) (layerBps * UP_MARGIN) : 0;
    }

    /** The link has been too short for this track's lowest layer for {@link #PAUSE_HOLD_NANOS}. */
    private static boolean shortFor(LayerChoice c, long now) {
        if (c.shortSinceNanos < 0) {
            c.shortSinceNanos = now;
        }
        return now - c.shortSinceNanos >= PAUSE_HOLD_NANOS;
    }

    /** Going up has been possible since an earlier round, for at least {@link #UP_HOLD_NANOS}. */
    private static boolean held(LayerChoice c, long now) {
        return heldFor(c, now, UP_HOLD_NANOS);
    }

    private static boolean heldFor(LayerChoice c, long now, long hold) {
        if (c.upSinceNanos < 0) {
            c.upSinceNanos = now;
        }
        return now - c.upSinceNanos >= hold;
    }

    /** The lowest layer above {@code after} that is flowing (measured rate above 0), or -1. */
    private static int nextFlowing(Track t, int after) {
        for (int l = after + 1; l < t.layerBps().length; l++) {
            if (t.layerBps()[l] > 0) {
                return l;
            }
        }
        return -1;
    }

    /**
     * The highest layer the member wants: flowing (when anything is measured) and no taller than they
     * asked (a layer of unknown height only when they set no limit). None fits: the lowest flowing one.
     */
    private static int top(Track t) {
        boolean measured = nextFlowing(t, -1) >= 0;
        int best = -1;
        for (int l = 0; l < t.layerBps().length; l++) {
            if (measured && t.layerBps()[l] <= 0) {
                continue;
            }
            int h = t.layerHeights()[l];
            boolean fitsHeight = h > 0 ? h <= t.maxHeight() : t.maxHeight() == Integer.MAX_VALUE;
            if (fitsHeight) {
                best = l;
            }
        }
        if (best < 0) {
            best = measured ? nextFlowing(t, -1) : 0;
        }
        return best;
    }

    private static long minus(long budget, long bps) {
        return budget == Long.MAX_VALUE ? budget : budget - bps;
    }
}
